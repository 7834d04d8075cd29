import type { ErrorDetail } from "@quorum/core";
import { useTranslation } from "react-i18next";
import { Field } from "../../../components/field.js";

/** A budget's amount, typed in currency units (never minor units); the server's errors on `amountMinor` land here. */
export function BudgetAmountField({
  label,
  value,
  onChange,
  details,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  details: ErrorDetail[];
}) {
  const { t } = useTranslation();
  return (
    <Field label={label} hint={t("console.cost.amountHint")} details={details} path="amountMinor">
      {(control) => (
        <input
          {...control}
          type="text"
          name="amount"
          inputMode="decimal"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
