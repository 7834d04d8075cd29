import type { InitiativeList, SavingsInitiativeView } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { EmptyState, ErrorBanner, PageLoading, Pill } from "../../../components/ui.js";
import { useFormat } from "../../../i18n/use-format.js";
import { monthName } from "../../../lib/cost-period.js";
import { currencyExponent, formatMoney } from "../../../lib/money.js";
import { TableHead } from "../table-head.js";
import { useApi } from "../use-api.js";
import { useCostNames } from "./use-cost-names.js";

/** Savings initiatives: what each is measured against (its monthly baseline) and what it saved month by month. */
export function SavingsPage() {
  const { t } = useTranslation();
  const initiatives = useApi<InitiativeList>("/cost/initiatives");
  const names = useCostNames();
  if (initiatives.error) return <ErrorBanner error={initiatives.error} onRetry={initiatives.reload} />;
  if (!initiatives.data) return <PageLoading />;
  if (initiatives.data.initiatives.length === 0) return <EmptyState title={t("console.cost.noInitiatives")} />;
  return (
    <div className="initiatives">
      {initiatives.data.initiatives.map((initiative) => (
        <InitiativeCard
          key={initiative.id}
          initiative={initiative}
          scope={
            initiative.projectId !== null
              ? names.project(initiative.projectId)
              : initiative.businessUnitId !== null
                ? names.unit(initiative.businessUnitId)
                : t("console.cost.everywhere")
          }
        />
      ))}
    </div>
  );
}

function InitiativeCard({ initiative, scope }: { initiative: SavingsInitiativeView; scope: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const exponent = currencyExponent(initiative.currency);
  const money = (minor: number) => formatMoney(minor, initiative.currency, { locale: format.locale, exponent });
  const months = [...initiative.realised].sort((a, b) => (a.month < b.month ? -1 : 1));
  return (
    <section className="card initiative-card" data-testid="initiative">
      <div className="section-head">
        <div>
          <h2>{initiative.name}</h2>
          <p className="muted">
            {scope} ·{" "}
            {t("console.cost.since", { month: monthName(initiative.startedAt?.slice(0, 7) ?? "", format.locale) })}
            {initiative.endedAt &&
              ` · ${t("console.cost.ended", { month: monthName(initiative.endedAt.slice(0, 7), format.locale) })}`}
          </p>
        </div>
        <Pill tone={initiative.totalRealisedMinor > 0 ? "good" : "neutral"}>
          {t("console.cost.savedSoFar", { amount: money(initiative.totalRealisedMinor) })}
        </Pill>
      </div>
      {initiative.description && <p>{initiative.description}</p>}
      <p className="muted">
        {t("console.cost.baselineLine", { amount: money(initiative.baselineMinor) })}
        {initiative.baselineNote && ` (${initiative.baselineNote})`}
      </p>
      {months.length === 0 ? (
        <p className="muted">{t("console.cost.noRealised")}</p>
      ) : (
        <table className="table" aria-label={t("console.cost.realisedTable", { name: initiative.name })}>
          <TableHead
            columns={[
              t("console.cost.month"),
              { label: t("console.cost.realised"), numeric: true },
              { label: t("console.cost.ofBaseline"), numeric: true },
              t("console.cost.note"),
            ]}
          />
          <tbody>
            {months.map((m) => (
              <tr key={m.month}>
                <td>{monthName(m.month, format.locale)}</td>
                <td className="num">{money(m.realisedMinor)}</td>
                <td className="num">
                  {initiative.baselineMinor > 0 ? format.percent(m.realisedMinor / initiative.baselineMinor) : "–"}
                </td>
                <td>{m.note ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
