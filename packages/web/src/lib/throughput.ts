/**
 * What a throughput panel shows: a sentence instead of a chart of zeros when the project has no
 * judgments yet, or none in the panel's window; the chart otherwise.
 */
export type ThroughputView = "no_judgments_yet" | "none_in_window" | "chart";

/** `total` is the project's judgments ever; `series` the panel's window (hours or days, zeros included). */
export function throughputView(total: number, series: readonly { judgments: number }[]): ThroughputView {
  if (total === 0) return "no_judgments_yet";
  return series.some((point) => point.judgments > 0) ? "chart" : "none_in_window";
}
