import type { CostSummaryResponse } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../../../components/session.js";
import { EmptyState, ErrorBanner } from "../../../components/ui.js";
import { useWorkspaceCurrency } from "../../../components/workspace-currency.js";
import { useFormat } from "../../../i18n/use-format.js";
import { costAccess } from "../../../lib/cost-access.js";
import { calendarMonth, type DayRange, monthOf, rangeInstants } from "../../../lib/cost-period.js";
import { sortSummaryRows } from "../../../lib/cost-summary.js";
import { formatMoney, formatUnitCost } from "../../../lib/money.js";
import { useApi } from "../use-api.js";
import { CostComponentsChart } from "./cost-components-chart.js";
import { CostExplainPanel } from "./cost-explain-panel.js";
import { CostSummaryTable } from "./cost-summary-table.js";
import { PeriodPicker } from "./period-picker.js";
import { ReportDownloads } from "./report-downloads.js";

const GROUPS = ["businessUnit", "project", "language", "vendor", "annotator"] as const;
type Group = (typeof GROUPS)[number];

/**
 * Cost per accepted label over a period, by business unit, project, language, vendor or
 * annotator, split into its components; for those who read the analysis, why it moved since the
 * period before, and the monthly reports. A vendor lead's rows are their vendor's (the API's scope).
 */
export function CostSummaryPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useSession();
  const access = costAccess(user.role);
  const workspaceCurrency = useWorkspaceCurrency();
  const [range, setRange] = useState<DayRange>(() => calendarMonth(new Date(), -1));
  const [group, setGroup] = useState<Group>(user.role === "vendor_lead" ? "annotator" : "businessUnit");
  const instants = rangeInstants(range);
  const summary = useApi<CostSummaryResponse>(
    instants ? `/cost/summary?${new URLSearchParams({ ...instants, groupBy: group })}` : undefined,
  );
  const rows = summary.data?.rows ?? [];
  const first = sortSummaryRows(rows)[0];
  // With no costs in the range yet, the workspace's default currency.
  const currency = first?.currency ?? workspaceCurrency ?? "USD";
  const same = rows.filter((r) => r.currency === currency);
  const total = same.reduce((sum, r) => sum + r.total, 0);
  const labels = same.reduce((sum, r) => sum + r.acceptedLabels, 0);
  const exponent = first?.fractionDigits ?? 2;

  return (
    <>
      <div className="table-tools cost-tools">
        <PeriodPicker value={range} onChange={setRange} />
        <label>
          {t("console.cost.groupBy")}{" "}
          <select value={group} onChange={(e) => setGroup(e.target.value as Group)}>
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`console.cost.groups.${g}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!instants && <p className="form-error">{t("console.cost.badPeriod")}</p>}
      {summary.error && <ErrorBanner error={summary.error} onRetry={summary.reload} />}
      <div className="kpis">
        <div className="kpi card">
          <span className="kpi-label">{t("console.cost.total")}</span>
          <span className="kpi-value" data-testid="cost-total">
            {summary.data ? formatMoney(total, currency, { locale: format.locale, exponent }) : "…"}
          </span>
        </div>
        <div className="kpi card">
          <span className="kpi-label">{t("console.cost.acceptedLabels")}</span>
          <span className="kpi-value">{summary.data ? format.number(labels) : "…"}</span>
        </div>
        <div className="kpi card">
          <span className="kpi-label">{t("console.cost.perLabel")}</span>
          <span className="kpi-value">
            {summary.data
              ? formatUnitCost(labels > 0 ? total / labels : null, currency, { locale: format.locale, exponent })
              : "…"}
          </span>
        </div>
        <div className="kpi card">
          <span className="kpi-label">{t("console.cost.unpriced")}</span>
          <span className="kpi-value">{summary.data ? format.number(summary.data.unpricedJudgments) : "…"}</span>
          {(summary.data?.unpricedJudgments ?? 0) > 0 && (
            <span className="kpi-sub" data-testid="unpriced-hint">
              {t(access.manageRates ? "console.cost.unpricedHint" : "console.cost.unpricedHintNoRates")}
            </span>
          )}
        </div>
      </div>
      <section className="card chart-card" aria-labelledby="cost-components-title">
        <div className="section-head">
          <h2 id="cost-components-title">{t("console.cost.componentsTitle")}</h2>
        </div>
        {summary.data && <CostComponentsChart rows={rows} />}
      </section>
      <section className="card">
        {summary.data && rows.length === 0 ? (
          <EmptyState title={t("console.cost.noCost")} />
        ) : (
          <CostSummaryTable rows={rows} groupLabel={t(`console.cost.groups.${group}`)} />
        )}
      </section>
      {access.analysis && instants && <CostExplainPanel range={range} currency={currency} />}
      {access.analysis && <ReportDownloads defaultMonth={monthOf(range.from)} currency={currency} />}
    </>
  );
}
