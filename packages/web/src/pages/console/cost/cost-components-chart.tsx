import type { CostSummaryRowView } from "@quorum/server";
import { lazy, Suspense, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/use-format.js";
import { COMPONENT_COLORS, componentBars } from "../../../lib/cost-summary.js";
import { currencyExponent, formatUnitCost } from "../../../lib/money.js";

const EChart = lazy(() => import("./echart.js"));

/** Cost per accepted label of each row, stacked by component (base, overlap, gold, rework, review, bonus, fees). */
export function CostComponentsChart({ rows }: { rows: readonly CostSummaryRowView[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const bars = useMemo(() => componentBars(rows), [rows]);
  const option = useMemo(() => {
    if (!bars) return undefined;
    const exponent = currencyExponent(bars.currency);
    const money = (major: number) =>
      formatUnitCost(major * 10 ** exponent, bars.currency, { locale: format.locale, exponent });
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: money },
      xAxis: { type: "category", data: bars.labels, axisLabel: { interval: 0, overflow: "truncate", width: 140 } },
      yAxis: { type: "value", axisLabel: { formatter: money } },
      series: bars.series.map((s) => ({
        name: t(`console.cost.components.${s.component}`),
        type: "bar",
        stack: "cost",
        barMaxWidth: 72,
        itemStyle: { color: COMPONENT_COLORS[s.component] },
        data: s.values,
      })),
    };
  }, [bars, format.locale, t]);
  if (!option) return <p className="chart-empty muted">{t("console.cost.noLabels")}</p>;
  return (
    <Suspense fallback={<div className="chart-placeholder" />}>
      <EChart option={option} height={320} label={t("console.cost.componentsChart")} />
    </Suspense>
  );
}
