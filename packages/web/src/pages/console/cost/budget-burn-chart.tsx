import type { BudgetBurn } from "@quorum/server";
import { lazy, Suspense, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useTimeZonePreference } from "../../../components/time-zone-picker.js";
import { useFormat } from "../../../i18n/use-format.js";
import { burnChartData } from "../../../lib/budget-burn.js";
import { currencyExponent, formatMoneyCompact } from "../../../lib/money.js";
import { timeZoneQuery } from "../../../lib/time-zone-preference.js";
import type { ChartSeries } from "../time-chart.js";
import { useApi } from "../use-api.js";

const TimeChart = lazy(() => import("../time-chart.js"));

/** A budget's cumulative spend against its amount and thresholds, with the forecast to the period's end. */
export function BudgetBurnChart({ budgetId }: { budgetId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const zone = useTimeZonePreference();
  const burn = useApi<BudgetBurn>(`/cost/budgets/${budgetId}/burn?${timeZoneQuery(zone).slice(1)}`);
  const chart = useMemo(() => {
    if (!burn.data) return undefined;
    const exponent = currencyExponent(burn.data.currency);
    const data = burnChartData(burn.data, Date.now(), exponent);
    const series: ChartSeries[] = [
      { label: t("console.cost.spent"), values: data.spent, color: "#4f46e5", fill: "rgba(79,70,229,0.12)" },
      { label: t("console.cost.forecast"), values: data.forecast, color: "#f97316", dash: [6, 4] },
      { label: t("console.cost.budget"), values: data.budget, color: "#111827", quiet: true },
      ...data.thresholds.map((threshold) => ({
        label: t("console.cost.threshold", { percent: threshold.percent }),
        values: threshold.values,
        color: "#9ca3af",
        dash: [2, 4],
        quiet: true,
      })),
    ];
    const currency = burn.data.currency;
    const money = (major: number) => formatMoneyCompact(major, currency, format.locale);
    return { times: data.times, series, money };
  }, [burn.data, format.locale, t]);
  if (burn.error) return <p className="muted">{burn.error}</p>;
  if (!chart) return <div className="chart-placeholder" />;
  return (
    <Suspense fallback={<div className="chart-placeholder" />}>
      <TimeChart times={chart.times} series={chart.series} yFormat={chart.money} height={220} />
    </Suspense>
  );
}
