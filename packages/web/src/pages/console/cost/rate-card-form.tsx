import { type ErrorDetail, TASK_TYPES } from "@quorum/core";
import type { RateCardResponse, RateCardView } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../../api/client.js";
import { Field } from "../../../components/field.js";
import { useDefaultCurrency, useWorkspaceCurrency } from "../../../components/workspace-currency.js";
import { dayText } from "../../../lib/cost-period.js";
import { draftOf, emptyDraft, MONEY_FIELDS, type RateCardDraft, rateCardBody } from "../../../lib/rate-card-form.js";

type MoneyField = (typeof MONEY_FIELDS)[number][0];

/** Adds a rate card, or changes one: scope, dates, currency, pay, fee and markup, whether rejected work is paid. */
export function RateCardForm({
  card,
  projects,
  onSaved,
}: {
  card: RateCardView | undefined;
  projects: { id: string; name: string }[];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const workspaceCurrency = useWorkspaceCurrency();
  const [draft, setDraft] = useState<RateCardDraft>(() =>
    card ? draftOf(card) : emptyDraft(dayText(new Date()), workspaceCurrency ?? ""),
  );
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof RateCardDraft>(key: K, value: RateCardDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  useDefaultCurrency(draft.currency, (currency) => set("currency", currency));

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const result = rateCardBody(draft);
    if ("errors" in result) {
      setDetails(result.errors);
      setError(t("console.form.needsLook"));
      return;
    }
    setBusy(true);
    try {
      await api<RateCardResponse>(card ? `/rate-cards/${card.id}` : "/rate-cards", {
        method: card ? "PATCH" : "POST",
        body: result.body,
      });
      onSaved();
    } catch (e) {
      setDetails(e instanceof ApiError ? e.details : []);
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  const text = (
    key: keyof RateCardDraft,
    path: string,
    label: string,
    extra: { hint?: string; type?: string } = {},
  ) => (
    <Field label={label} details={details} path={path} {...(extra.hint ? { hint: extra.hint } : {})}>
      {(control) => (
        <input
          {...control}
          name={key}
          type={extra.type ?? "text"}
          value={draft[key] as string}
          onChange={(e) => set(key, e.target.value as never)}
        />
      )}
    </Field>
  );
  const money = (key: MoneyField, path: string) =>
    text(key, path, t(`console.cost.rates.${key}`, { currency: draft.currency }), {
      hint: t("console.cost.rates.moneyHint"),
    });

  return (
    <form className="rate-card-form" onSubmit={submit} noValidate>
      <div className="form-grid">
        {text("name", "name", t("console.cost.rates.name"))}
        {text("currency", "currency", t("console.cost.rates.currency"))}
        {text("effectiveFrom", "effectiveFrom", t("console.cost.rates.effectiveFrom"), { type: "date" })}
        {text("effectiveTo", "effectiveTo", t("console.cost.rates.effectiveTo"), {
          type: "date",
          hint: t("console.cost.rates.effectiveToHint"),
        })}
        <Field label={t("console.cost.rates.project")} details={details} path="projectId">
          {(control) => (
            <select
              {...control}
              name="projectId"
              value={draft.projectId}
              onChange={(e) => set("projectId", e.target.value)}
            >
              <option value="">{t("console.cost.rates.any")}</option>
              {projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("console.cost.rates.taskType")} details={details} path="taskType">
          {(control) => (
            <select
              {...control}
              name="taskType"
              value={draft.taskType}
              onChange={(e) => set("taskType", e.target.value as RateCardDraft["taskType"])}
            >
              <option value="">{t("console.cost.rates.any")}</option>
              {TASK_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`taskTypes.${type}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text("language", "language", t("console.cost.rates.language"), { hint: t("console.cost.rates.anyHint") })}
        {text("vendor", "vendor", t("console.cost.rates.vendor"), { hint: t("console.cost.rates.anyHint") })}
        {MONEY_FIELDS.map(([key, path]) => (
          <div key={key}>{money(key, path)}</div>
        ))}
        {text("platformFeePercent", "platformFeeBps", t("console.cost.rates.platformFeePercent"))}
        {text("vendorMarkupPercent", "vendorMarkupBps", t("console.cost.rates.vendorMarkupPercent"))}
        <label className="checkbox">
          <input
            type="checkbox"
            name="payRejected"
            checked={draft.payRejected}
            onChange={(e) => set("payRejected", e.target.checked)}
          />{" "}
          {t("console.cost.rates.payRejected")}
        </label>
      </div>
      <div className="form-footer">
        {error && (
          <span className="form-footer-error" role="alert">
            {error}
          </span>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {card ? t("console.cost.rates.save") : t("console.cost.rates.add")}
        </button>
      </div>
    </form>
  );
}
