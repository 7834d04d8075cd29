import {
  activitySeries,
  freshnessCheck,
  invalidInput,
  type MetricCheck,
  type MetricDefinition,
  type MetricDimension,
  type MetricGrain,
  type MetricPoint,
  NO_ACTIVITY,
  rollupCheck,
} from "@quorum/core";
import type { Kysely } from "kysely";
import {
  type ActivityGroupBy,
  activityBuckets,
  rollupAgainstRaw,
  taskCountsBy,
} from "../repositories/metric-rollups.js";
import type { DB } from "../schema.js";

const HOUR = 3_600_000;

export interface MetricValues {
  series: {
    group: { dimension: MetricDimension; key: string; label: string } | null;
    points: MetricPoint[];
    total: number | null;
  }[];
  /** Data-quality checks of the metric's source in the scope (activity metrics), shown with the values. */
  checks: MetricCheck[];
}

export interface MetricQuery {
  metric: MetricDefinition;
  projectId: number | null;
  /** Only this vendor's annotators (vendor leads are held to their own). */
  vendor: string | null;
  from: number;
  to: number;
  grain: MetricGrain;
  groupBy: MetricDimension | null;
  now: number;
  /** IANA zone whose local days the day grain follows; UTC days when left out. */
  timeZone?: string | undefined;
}

/**
 * A metric's values from the roll-ups, per bucket and group, with its data-quality checks.
 * Task metrics are snapshots: one point, now.
 */
export async function readMetricValues(db: Kysely<DB>, query: MetricQuery): Promise<MetricValues> {
  const { metric, groupBy } = query;
  if (groupBy !== null && !metric.dimensions.includes(groupBy))
    throw invalidInput(`${metric.name} cannot be broken down by ${groupBy}`, [
      { path: "query.groupBy", message: `must be one of ${metric.dimensions.join(", ")}` },
    ]);
  if (metric.source === "tasks") {
    const rows = await taskCountsBy(
      db,
      { projectId: query.projectId, language: null },
      groupBy === "project" || groupBy === "language" ? groupBy : "none",
    );
    const labels = await groupLabels(
      db,
      groupBy,
      rows.map((r) => r.group),
    );
    return {
      series: rows.map((row) => {
        const value = metric.value(row.counts);
        return { group: group(groupBy, row.group, labels), points: [{ at: query.now, value }], total: value };
      }),
      checks: [],
    };
  }
  const filter = { projectId: query.projectId, vendor: query.vendor };
  const local = query.grain === "day" && query.timeZone !== undefined && query.timeZone !== "UTC";
  // Local days are folded from the hourly rows.
  const buckets = await activityBuckets(db, filter, {
    from: query.from,
    to: query.to,
    grain: local ? "hour" : query.grain,
    groupBy: (groupBy ?? "none") as ActivityGroupBy,
  });
  const period = { from: query.from, to: query.to, grain: query.grain, timeZone: query.timeZone };
  const series = activitySeries(metric, buckets, period);
  if (series.length === 0 && groupBy === null)
    series.push(...activitySeries(metric, [{ bucket: query.from, group: "all", sums: NO_ACTIVITY }], period));
  const labels = await groupLabels(
    db,
    groupBy,
    series.map((s) => s.group),
  );
  return {
    series: series.map((s) => ({ group: group(groupBy, s.group, labels), points: s.points, total: s.total })),
    checks: await activityChecks(db, filter, query.now),
  };
}

function group(dimension: MetricDimension | null, key: string, labels: Map<string, string>) {
  if (dimension === null) return null;
  return { dimension, key, label: labels.get(key) ?? (key === "" ? "(no vendor)" : key) };
}

async function groupLabels(
  db: Kysely<DB>,
  dimension: MetricDimension | null,
  keys: string[],
): Promise<Map<string, string>> {
  const ids = keys.map(Number).filter((n) => Number.isSafeInteger(n));
  if (ids.length === 0) return new Map();
  if (dimension === "project") {
    const rows = await db.selectFrom("projects").select(["id", "name"]).where("id", "in", ids).execute();
    return new Map(rows.map((r) => [String(r.id), r.name]));
  }
  if (dimension === "annotator") {
    const rows = await db.selectFrom("users").select(["id", "name"]).where("id", "in", ids).execute();
    return new Map(rows.map((r) => [String(r.id), r.name]));
  }
  return new Map();
}

/**
 * The roll-up against the stored judgments over the last complete hour and the current one, and
 * its freshness, for each project with activity then (a bounded window, so the check costs what
 * an hour of judgments costs to count, not the project's history).
 */
async function activityChecks(
  db: Kysely<DB>,
  filter: { projectId: number | null; vendor: string | null },
  now: number,
): Promise<MetricCheck[]> {
  const from = Math.floor(now / HOUR) * HOUR - HOUR;
  const to = now + 1;
  const projectIds =
    filter.projectId !== null
      ? [filter.projectId]
      : (
          await db.selectFrom("activity_hourly").select("project_id").distinct().where("hour", ">=", from).execute()
        ).map((r) => r.project_id);
  let rollup = 0;
  let raw = 0;
  let lastJudgmentAt: number | null = null;
  let freshness: MetricCheck | undefined;
  for (const projectId of projectIds) {
    const read = await rollupAgainstRaw(db, { projectId, vendor: filter.vendor }, from, to);
    rollup += read.rollup;
    raw += read.raw;
    const check = freshnessCheck({ lastJudgmentAt: read.lastJudgmentAt, lastRollupHour: read.lastRollupHour, now });
    if (read.lastJudgmentAt !== null && (lastJudgmentAt === null || read.lastJudgmentAt > lastJudgmentAt))
      lastJudgmentAt = read.lastJudgmentAt;
    if (!freshness || (check.status === "failed" && freshness.status !== "failed")) freshness = check;
  }
  if (freshness?.status !== "failed")
    freshness = freshnessCheck({
      lastJudgmentAt,
      lastRollupHour: lastJudgmentAt === null ? null : Math.floor(lastJudgmentAt / HOUR) * HOUR,
      now,
    });
  return [rollupCheck({ rollup, raw, from, to }), freshness];
}
