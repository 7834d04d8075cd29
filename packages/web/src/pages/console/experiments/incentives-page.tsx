import { BONUS_KINDS, type BonusKind, can, type ErrorDetail } from "@quorum/core";
import type { BonusSchemeList, StaffProjectList } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../../api/client.js";
import { Field } from "../../../components/field.js";
import { useSession } from "../../../components/session.js";
import { EmptyState, ErrorBanner, PageLoading, Pill } from "../../../components/ui.js";
import { useDefaultCurrency } from "../../../components/workspace-currency.js";
import { useFormat } from "../../../i18n/use-format.js";
import { currencyExponent, formatMoney, parseMoney } from "../../../lib/money.js";
import { useApi } from "../use-api.js";

const KIND = {
  accuracy: "experiments.kindAccuracy",
  streak: "experiments.kindStreak",
  surge: "experiments.kindSurge",
} as const;
const RULE_FIELDS = {
  accuracy: [
    ["amountMinor", "experiments.amount"],
    ["accuracyBar", "experiments.accuracyBar"],
  ],
  streak: [
    ["amountMinor", "experiments.amount"],
    ["streakLength", "experiments.streakLength"],
  ],
  surge: [
    ["language", "experiments.language"],
    ["multiplierBps", "experiments.multiplier"],
  ],
} as const;

/** Money fields typed in currency units (2.50 dollars) and sent as minor units (cents). */
const MONEY_FIELDS = new Set(["amountMinor", "budgetMinor"]);

/**
 * Bonus schemes with budget and spend in their currency; managers add (amounts typed in currency
 * units), settle (into the cost ledger) and close them.
 */
export function IncentivesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useSession();
  const schemes = useApi<BonusSchemeList>("/bonus-schemes");
  const projects = useApi<StaffProjectList>("/projects");
  const manage = can(user.role, "experiments.manage");
  const [draft, setDraft] = useState<Record<string, string>>({ currency: "", budgetMinor: "100.00" });
  useDefaultCurrency(draft.currency ?? "", (currency) => setDraft((d) => ({ ...d, currency })));
  const [kind, setKind] = useState<BonusKind>("accuracy");
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [message, setMessage] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  if (schemes.error) return <ErrorBanner error={schemes.error} onRetry={schemes.reload} />;
  if (!schemes.data) return <PageLoading />;
  const money = (minor: number, currency: string) => formatMoney(minor, currency, { locale: format.locale });
  const act = async (path: string, currency: string) => {
    try {
      const result = await api<{ rows?: number; paidMinor?: number }>(path, { method: "POST", body: {} });
      if (result.rows !== undefined)
        setMessage(t("experiments.settled", { count: result.rows, amount: money(result.paidMinor ?? 0, currency) }));
      schemes.reload();
    } catch (e) {
      setError(describeError(e));
    }
  };
  async function create(event: React.FormEvent) {
    event.preventDefault();
    const currency = (draft.currency ?? "").trim().toUpperCase();
    const exponent = currencyExponent(currency);
    const refused: ErrorDetail[] = [];
    const minor = (key: string, path: string) => {
      const value = parseMoney(draft[key] ?? "", exponent);
      if (value === undefined || value < 1)
        refused.push({
          path,
          message:
            exponent === 0 ? t("experiments.moneyInvalidWhole") : t("experiments.moneyInvalid", { count: exponent }),
        });
      return value;
    };
    const rule: Record<string, unknown> = { kind };
    for (const [key] of RULE_FIELDS[kind]) {
      const value = draft[key] ?? "";
      if (value === "") continue;
      rule[key] = key === "language" ? value : MONEY_FIELDS.has(key) ? minor(key, `rule.${key}`) : Number(value);
    }
    if (kind === "accuracy") rule.minGold = 1;
    const budgetMinor = minor("budgetMinor", "budgetMinor");
    if (refused.length > 0) {
      setDetails(refused);
      setError(t("console.form.needsLook"));
      return;
    }
    try {
      await api("/bonus-schemes", {
        method: "POST",
        body: {
          projectId: Number(draft.projectId),
          name: draft.name ?? "",
          currency,
          budgetMinor,
          rule,
        },
      });
      setDetails([]);
      setError(undefined);
      schemes.reload();
    } catch (e) {
      setDetails(e instanceof ApiError ? e.details : []);
      setError(describeError(e));
    }
  }
  const input = (key: string, label: string, path = key) => (
    <Field key={key} label={label} details={details} path={path}>
      {(control) => (
        <input
          {...control}
          name={key}
          value={draft[key] ?? ""}
          onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        />
      )}
    </Field>
  );
  return (
    <>
      {error && <ErrorBanner error={error} />}
      {message && <p role="status">{message}</p>}
      <section className="card">
        <h2>{t("experiments.schemes")}</h2>
        {schemes.data.bonusSchemes.length === 0 ? (
          <EmptyState title={t("experiments.noSchemes")} />
        ) : (
          <table className="table" aria-label={t("experiments.schemes")}>
            <thead>
              <tr>
                <th scope="col">{t("experiments.name")}</th>
                <th scope="col">{t("experiments.kind")}</th>
                <th scope="col" className="num">
                  {t("experiments.budgetColumn")}
                </th>
                <th scope="col" className="num">
                  {t("experiments.spent")}
                </th>
                <th scope="col">{t("experiments.status")}</th>
                {manage && <th scope="col" />}
              </tr>
            </thead>
            <tbody>
              {schemes.data.bonusSchemes.map((s) => (
                <tr key={s.id} data-testid="scheme-row">
                  <td>{s.name}</td>
                  <td>{t(KIND[s.rule.kind])}</td>
                  <td className="num">{money(s.budgetMinor, s.currency)}</td>
                  <td className="num">{money(s.spentMinor, s.currency)}</td>
                  <td>
                    <Pill tone={s.status === "open" ? "good" : "neutral"}>{s.status}</Pill>
                  </td>
                  {manage && (
                    <td className="cell-action">
                      {s.status === "open" && (
                        <>
                          <button
                            type="button"
                            className="btn btn-small"
                            onClick={() => act(`/bonus-schemes/${s.id}/settle`, s.currency)}
                          >
                            {t("experiments.settle")}
                          </button>{" "}
                          <button
                            type="button"
                            className="btn btn-small btn-ghost"
                            onClick={() => act(`/bonus-schemes/${s.id}/close`, s.currency)}
                          >
                            {t("experiments.close")}
                          </button>
                        </>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {manage && projects.data && (
        <form className="card" onSubmit={create} noValidate>
          <h2>{t("experiments.newScheme")}</h2>
          <div className="form-grid">
            <Field label={t("experiments.project")} details={details} path="projectId">
              {(control) => (
                <select
                  {...control}
                  value={draft.projectId ?? ""}
                  onChange={(e) => setDraft({ ...draft, projectId: e.target.value })}
                >
                  <option value="">–</option>
                  {projects.data!.projects.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {input("name", t("experiments.name"))}
            <Field label={t("experiments.kind")} details={details} path="rule.kind">
              {(control) => (
                <select {...control} value={kind} onChange={(e) => setKind(e.target.value as BonusKind)}>
                  {BONUS_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(KIND[k])}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {RULE_FIELDS[kind].map(([key, label]) => input(key, t(label), `rule.${key}`))}
            {input("currency", t("experiments.currency"))}
            {input("budgetMinor", t("experiments.budget"))}
          </div>
          {kind !== "surge" && <p className="muted small">{t("experiments.hiddenChecksHint")}</p>}
          <button type="submit" className="btn btn-primary">
            {t("experiments.newScheme")}
          </button>
        </form>
      )}
    </>
  );
}
