import type { describeMetric } from "@quorum/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/use-format.js";
import type { MonitorDraft } from "../../lib/monitor-form.js";
import { useApi } from "./use-api.js";

type MetricDescription = ReturnType<typeof describeMetric>;

interface MetricSeries {
  series: { group: { key: string; label: string } | null; total: number | null }[];
}

const HOUR = 3_600_000;

/**
 * The metric's value now in the scope being typed (GET /metrics/{name}), to help choose a
 * threshold: activity metrics over the whole hours covering the monitor's window (24 for a daily
 * one), task metrics as they stand. A vendor or a language is picked out of the breakdown; with
 * both, nothing is shown (the breakdown has one dimension at a time).
 */
export function MetricNow({ metric, draft }: { metric: MetricDescription; draft: MonitorDraft }) {
  const { t } = useTranslation();
  const format = useFormat();
  const vendor = draft.vendor.trim();
  const language = draft.language.trim();
  const groupBy = vendor ? "vendor" : language ? "language" : undefined;
  const minutes = Number(draft.windowMinutes);
  const hours =
    draft.schedule === "daily"
      ? 24
      : Number.isFinite(minutes) && minutes > 0
        ? Math.min(24, Math.ceil(minutes / 60))
        : 1;
  // The window ends at the current minute, so the address (and the request) holds still while typing.
  const to = Math.floor(Date.now() / 60_000) * 60_000;
  const query = new URLSearchParams({ grain: "hour", from: new Date(to - hours * HOUR).toISOString() });
  query.set("to", new Date(to).toISOString());
  if (draft.projectId) query.set("projectId", draft.projectId);
  if (groupBy) query.set("groupBy", groupBy);
  const skip = Boolean(vendor && language);
  const values = useApi<MetricSeries>(skip ? undefined : `/metrics/${metric.name}?${query}`);
  if (skip || !values.data) return null;
  const wanted = groupBy === "vendor" ? vendor : language;
  const series = groupBy
    ? values.data.series.find((s) => s.group?.key === wanted || s.group?.label === wanted)
    : values.data.series[0];
  const total = series?.total ?? null;
  const over =
    metric.source === "tasks"
      ? t("console.reports.monitorForm.nowSnapshot")
      : t("console.reports.monitorForm.nowHours", { count: hours });
  return (
    <p className="muted" data-testid="metric-now">
      {total === null
        ? t("console.reports.monitorForm.nowNone", { over })
        : t("console.reports.monitorForm.now", { value: format.number(total), unit: metric.unit, over })}
    </p>
  );
}
