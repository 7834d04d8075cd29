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
 */
export function activitySeries(
  metric: ActivityMetric,
  buckets: readonly ActivityBucket[],
  options: { from: number; to: number; grain: MetricGrain },
): MetricSeries[] {
  const step = grainMs(options.grain);
  const first = Math.floor(options.from / step) * step;
  const starts: number[] = [];
  for (let at = first; at < options.to; at += step) starts.push(at);
  const byGroup = new Map<string, Map<number, ActivitySums>>();
  for (const row of buckets) {
    const bucket = Math.floor(row.bucket / step) * step;
    const groupBuckets = byGroup.get(row.group) ?? new Map<number, ActivitySums>();
    byGroup.set(row.group, groupBuckets);
    groupBuckets.set(bucket, addSums(groupBuckets.get(bucket) ?? NO_ACTIVITY, row.sums));
  }
  return [...byGroup.entries()].map(([group, sumsByBucket]) => {
    let total: ActivitySums = NO_ACTIVITY;
    const points = starts.map((at) => {
      const sums = sumsByBucket.get(at) ?? NO_ACTIVITY;
      total = addSums(total, sums);
      return { at, value: metric.value(sums, Math.min(at + step, options.to) - at) };
    });
    return { group, points, total: metric.value(total, options.to - first) };
  });
}
