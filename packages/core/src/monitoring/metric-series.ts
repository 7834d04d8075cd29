import { foldIntoLocalDays, localDayStarts } from "../time/local-days.js";
import { type ActivitySums, addSums, NO_ACTIVITY } from "./activity-sums.js";
import { type ActivityMetric, grainMs, type MetricGrain } from "./metric-registry.js";

/** Roll-up sums of one group in one time bucket (bucket = its start, epoch ms). */
export interface ActivityBucket {
  bucket: number;
  group: string;
  sums: ActivitySums;
}

export interface MetricPoint {
  at: number;
  value: number | null;
}

export interface MetricSeries {
  group: string;
  points: MetricPoint[];
  /** The metric over the whole period. */
  total: number | null;
}

/**
 * Values of an activity metric per group and bucket over [from, to): every bucket of the period is
 * present (empty ones as no activity: 0 for flows and rates, null for ratios). The last bucket may
 * be cut short by `to` (the current hour so far); rates divide by the part of it that has passed.
 * Days are UTC days unless `timeZone` names another zone: then they are its local days (23 or 25
 * hours on a change of clocks), folded from hourly buckets (`foldIntoLocalDays`), and rates divide
 * by each day's real length.
 */
export function activitySeries(
  metric: ActivityMetric,
  buckets: readonly ActivityBucket[],
  options: { from: number; to: number; grain: MetricGrain; timeZone?: string | undefined },
): MetricSeries[] {
  const starts = bucketStarts(options);
  const ends = [...starts.slice(1), options.to].map((end) => Math.min(end, options.to));
  const byGroup = new Map<string, { bucket: number; value: ActivitySums }[]>();
  for (const row of buckets) {
    const rows = byGroup.get(row.group) ?? [];
    byGroup.set(row.group, rows);
    rows.push({ bucket: row.bucket, value: row.sums });
  }
  const first = starts[0] ?? options.from;
  return [...byGroup.entries()].map(([group, rows]) => {
    const sums = foldIntoLocalDays(rows, starts, addSums, NO_ACTIVITY);
    const total = sums.reduce(addSums, NO_ACTIVITY);
    const points = starts.map((at, i) => ({ at, value: metric.value(sums[i]!, ends[i]! - at) }));
    return { group, points, total: metric.value(total, options.to - first) };
  });
}

/** The starts of the buckets of [from, to): whole hours, UTC days, or the zone's local days. */
export function bucketStarts(options: { from: number; to: number; grain: MetricGrain; timeZone?: string | undefined }) {
  if (options.grain === "day" && options.timeZone && options.timeZone !== "UTC")
    return localDayStarts(options.from, options.to, options.timeZone);
  const step = grainMs(options.grain);
  const starts: number[] = [];
  for (let at = Math.floor(options.from / step) * step; at < options.to; at += step) starts.push(at);
  return starts;
}
