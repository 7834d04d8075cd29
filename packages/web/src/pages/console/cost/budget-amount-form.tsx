import type { ErrorDetail } from "@quorum/core";
import type { BudgetView } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../../api/client.js";
import { minorToInput, parseMoney } from "../../../lib/money.js";
import { BudgetAmountField } from "./budget-amount-field.js";

/**
 * Changes a budget's amount: typed in the budget's currency units (never minor units), sent as
 * minor units. A button until opened, so the cards stay quiet for those who only read them.
 */
export function BudgetAmountForm({
  budget,
  exponent,
  onSaved,
}: {
  budget: BudgetView;
  exponent: number;
  onSaved: (budget: BudgetView) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  if (!open)
    return (
      <button
        type="button"
        className="btn btn-small"
        onClick={() => {
          setText(minorToInput(budget.amountMinor, exponent));
          setDetails([]);
          setError(undefined);
          setOpen(true);
        }}
      >
        {t("console.cost.changeAmount")}
      </button>
    );

  async function submit(event: FormEvent) {
    event.preventDefault();
    const amountMinor = parseMoney(text, exponent);
    if (amountMinor === undefined || amountMinor < 1) {
      setDetails([{ path: "amountMinor", message: t("console.cost.amountInvalid", { digits: exponent }) }]);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const saved = await api<{ budget: BudgetView }>(`/cost/budgets/${budget.id}`, {
        method: "PATCH",
        body: { amountMinor },
      });
      setOpen(false);
      onSaved(saved.budget);
    } catch (caught) {
      setDetails(caught instanceof ApiError ? caught.details : []);
      setError(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="inline-form budget-amount-form" onSubmit={submit} noValidate>
      <BudgetAmountField
        label={t("console.cost.amountIn", { currency: budget.currency })}
        value={text}
        onChange={setText}
        details={details}
      />
      <button type="submit" className="btn btn-primary btn-small" disabled={busy}>
        {t("console.cost.saveAmount")}
      </button>
      <button type="button" className="btn btn-small" onClick={() => setOpen(false)} disabled={busy}>
        {t("console.cost.cancelAmount")}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
