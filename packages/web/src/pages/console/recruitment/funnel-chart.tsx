import type { CampaignDetail } from "@quorum/server";
import { lazy, Suspense, useMemo } from "react";
import { useTranslation } from "react-i18next";

const EChart = lazy(() => import("../cost/echart.js"));

type Figures = CampaignDetail["funnel"]["figures"];

/** The funnel as horizontal bars, applied at the top, each labelled with its count and share of applicants. */
export function FunnelChart({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const stages = [...figures.stages].reverse();
    return {
      animation: false,
      grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: stages.map((s) => t(`console.recruitment.stages.${s.stage}`)) },
      series: [
        {
          name: t("console.recruitment.people"),
          type: "bar",
          barMaxWidth: 28,
          itemStyle: { color: "#3b6fd8" },
          label: {
            show: true,
            position: "right",
            formatter: (p: { dataIndex: number }) => {
              const s = stages[p.dataIndex]!;
              return s.ofApplied === null ? `${s.count}` : `${s.count} · ${Math.round(s.ofApplied * 100)}%`;
            },
          },
          data: stages.map((s) => s.count),
        },
      ],
    };
  }, [figures, t]);
  return (
    <Suspense fallback={<div className="chart-placeholder" />}>
      <EChart option={option} height={280} label={t("console.recruitment.funnelChart")} />
    </Suspense>
  );
}
