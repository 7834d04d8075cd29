import type { ErrorDetail } from "@quorum/core";
import type { BudgetView } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../api/client.js";
import { Field } from "../../../components/field.js";
import { useDefaultCurrency } from "../../../components/workspace-currency.js";
import { currencyExponent, parseMoney } from "../../../lib/money.js";
import { useSubmit } from "../use-submit.js";
import { BudgetAmountField } from "./budget-amount-field.js";

type Owner = { id: string; name: string };

const thisMonth = () => new Date().toISOString().slice(0, 7);

/**
 * Sets a new budget: a project's or a business unit's, for a month or a quarter, in currency units
 * (sent as minor units). A button until opened; without it a new project could get a budget only
 * through the API.
 */
export function BudgetCreateForm({
  projects,
  units,
  onCreated,
}: {
  projects: readonly Owner[];
  units: readonly Owner[];
  onCreated: (budget: BudgetView) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [owner, setOwner] = useState("");
  const [period, setPeriod] = useState<"month" | "quarter">("month");
  const [start, setStart] = useState(thisMonth);
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState("");
  useDefaultCurrency(currency, setCurrency);
  const { busy, error, details, setDetails, clear, run } = useSubmit();

  if (!open)
    return (
      <button type="button" className="btn btn-primary" onClick={() => setOpen(true)}>
        {t("console.cost.newBudget")}
      </button>
    );

  async function submit(event: FormEvent) {
    event.preventDefault();
    const code = currency.trim().toUpperCase();
    const problems: ErrorDetail[] = [];
    if (!owner) problems.push({ path: "projectId", message: t("console.cost.budgetOwnerMissing") });
    const exponent = currencyExponent(code);
    const amountMinor = parseMoney(amount, exponent);
    if (amountMinor === undefined || amountMinor < 1)
      problems.push({
        path: "amountMinor",
        message:
          exponent === 0 ? t("console.cost.amountInvalidWhole") : t("console.cost.amountInvalid", { count: exponent }),
      });
    clear();
    setDetails(problems);
    if (problems.length > 0 || amountMinor === undefined) return;
    const [kind, id] = owner.split(":");
    await run(
      () =>
        api<{ budget: BudgetView }>("/cost/budgets", {
          method: "POST",
          body: {
            ...(kind === "project" ? { projectId: Number(id) } : { businessUnitId: Number(id) }),
            period,
            start,
            amountMinor,
            currency: code,
          },
        }),
      (created) => {
        setOpen(false);
        setAmount("");
        onCreated(created.budget);
      },
    );
  }

  return (
    <form className="card budget-create-form" onSubmit={submit} noValidate aria-label={t("console.cost.newBudget")}>
      <div className="inline-fields">
        <Field label={t("console.cost.budgetOwner")} details={details} path="projectId">
          {(control) => (
            <select {...control} name="owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
              <option value="">{t("console.cost.budgetOwnerPick")}</option>
              <optgroup label={t("console.cost.budgetProjects")}>
                {projects.map((p) => (
                  <option key={p.id} value={`project:${p.id}`}>
                    {p.name}
                  </option>
                ))}
              </optgroup>
              {units.length > 0 && (
                <optgroup label={t("console.cost.budgetUnits")}>
                  {units.map((u) => (
                    <option key={u.id} value={`unit:${u.id}`}>
                      {u.name}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          )}
        </Field>
        <Field label={t("console.cost.budgetPeriod")} details={details} path="period">
          {(control) => (
            <select
              {...control}
              name="period"
              value={period}
              onChange={(e) => setPeriod(e.target.value === "quarter" ? "quarter" : "month")}
            >
              <option value="month">{t("console.cost.budgetMonth")}</option>
              <option value="quarter">{t("console.cost.budgetQuarter")}</option>
            </select>
          )}
        </Field>
        <Field label={t("console.cost.budgetStart")} details={details} path="start">
          {(control) => (
            <input {...control} type="month" name="start" value={start} onChange={(e) => setStart(e.target.value)} />
          )}
        </Field>
        <BudgetAmountField label={t("console.cost.budget")} value={amount} onChange={setAmount} details={details} />
        <Field label={t("console.cost.budgetCurrency")} details={details} path="currency">
          {(control) => (
            <input
              {...control}
              type="text"
              name="currency"
              maxLength={3}
              size={4}
              value={currency}
              onChange={(e) => setCurrency(e.target.value)}
            />
          )}
        </Field>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t("console.cost.createBudget")}
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)} disabled={busy}>
          {t("console.cost.cancelAmount")}
        </button>
      </div>
    </form>
  );
}
