import type { BudgetView } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../api/client.js";
import { minorToInput, parseMoney } from "../../../lib/money.js";
import { useSubmit } from "../use-submit.js";
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
  const { busy, error, details, setDetails, clear, run } = useSubmit();

  if (!open)
    return (
      <button
        type="button"
        className="btn btn-small"
        onClick={() => {
          setText(minorToInput(budget.amountMinor, exponent));
          clear();
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
      setDetails([
        {
          path: "amountMinor",
          message:
            exponent === 0
              ? t("console.cost.amountInvalidWhole")
              : t("console.cost.amountInvalid", { count: exponent }),
        },
      ]);
      return;
    }
    await run(
      () => api<{ budget: BudgetView }>(`/cost/budgets/${budget.id}`, { method: "PATCH", body: { amountMinor } }),
      (saved) => {
        setOpen(false);
        onSaved(saved.budget);
      },
    );
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
