import type { CostExplanation } from "@quorum/server";
import { lazy, Suspense, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/use-format.js";
import { waterfallBars } from "../../../lib/cost-waterfall.js";
import { currencyExponent, formatMoney } from "../../../lib/money.js";

const EChart = lazy(() => import("./echart.js"));

const TOTAL = "#6366f1";
const RISE = "#ef4444";
const FALL = "#10b981";

/** The change of cost from the base period to the current one as a waterfall of its six drivers. */
export function CostWaterfallChart({ explanation }: { explanation: CostExplanation }) {
  const { t } = useTranslation();
  const format = useFormat();
  const option = useMemo(() => {
    const bars = waterfallBars(explanation);
    const exponent = currencyExponent(explanation.currency);
    const money = (major: number) =>
      formatMoney(Math.round(major * 10 ** exponent), explanation.currency, { locale: format.locale, exponent });
    const last = bars.keys.length - 1;
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (params: { dataIndex: number }[]) => {
          const i = params[0]?.dataIndex ?? 0;
          const value = bars.values[i] ?? 0;
          const signed = i === 0 || i === last || value < 0 ? money(value) : `+${money(value)}`;
          return `${t(`console.cost.drivers.${bars.keys[i]!}`)}: ${signed}`;
        },
      },
      xAxis: { type: "category", data: bars.keys.map((k) => t(`console.cost.drivers.${k}`)) },
      yAxis: { type: "value", axisLabel: { formatter: money } },
      series: [
        { type: "bar", stack: "w", silent: true, itemStyle: { color: "transparent" }, data: bars.offset },
        {
          type: "bar",
          stack: "w",
          name: t("console.cost.rise"),
          data: bars.up.map((v, i) => ({ value: v, itemStyle: { color: i === 0 || i === last ? TOTAL : RISE } })),
          label: {
            show: true,
            position: "top",
            formatter: ({ dataIndex }: { dataIndex: number }) => {
              const value = bars.values[dataIndex] ?? 0;
              if (dataIndex === 0 || dataIndex === last) return money(value);
              return value > 0 ? `+${money(value)}` : "";
            },
          },
        },
        {
          type: "bar",
          stack: "w",
          name: t("console.cost.fall"),
          itemStyle: { color: FALL },
          data: bars.down,
          label: {
            show: true,
            position: "bottom",
            formatter: ({ dataIndex }: { dataIndex: number }) => {
              const value = bars.values[dataIndex] ?? 0;
              return value < 0 && dataIndex !== 0 && dataIndex !== last ? money(value) : "";
            },
          },
        },
      ],
    };
  }, [explanation, format.locale, t]);
  return (
    <Suspense fallback={<div className="chart-placeholder" />}>
      <EChart option={option} height={300} label={t("console.cost.waterfallChart")} />
    </Suspense>
  );
}
