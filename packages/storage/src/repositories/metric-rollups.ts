import type { ActivitySums, HourlySums, TaskCounts } from "@quorum/core";
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { DB } from "../schema.js";

/** Which activity rows count: one project (or all), the annotators of one vendor (or all). */
export interface ActivityFilter {
  projectId: number | null;
  vendor: string | null;
}

const DAY_MS = 86_400_000;

function sumColumns(eb: ExpressionBuilder<DB, "activity_hourly">) {
  return [
    eb.fn.sum<number>("activity_hourly.judgments").as("judgments"),
    eb.fn.sum<number>("activity_hourly.active_ms").as("active_ms"),
    eb.fn.sum<number>("activity_hourly.gold_answered").as("gold_answered"),
    eb.fn.sum<number>("activity_hourly.gold_correct").as("gold_correct"),
  ] as const;
}

function toSums(row: {
  judgments: unknown;
  active_ms: unknown;
  gold_answered: unknown;
  gold_correct: unknown;
}): ActivitySums {
  return {
    judgments: Number(row.judgments ?? 0),
    activeMs: Number(row.active_ms ?? 0),
    goldAnswered: Number(row.gold_answered ?? 0),
    goldCorrect: Number(row.gold_correct ?? 0),
  };
}

function activityRows(db: Kysely<DB>, filter: ActivityFilter, from: number, to: number) {
  let query = db
    .selectFrom("activity_hourly")
    .where("activity_hourly.hour", ">=", from)
    .where("activity_hourly.hour", "<", to);
  if (filter.projectId !== null) query = query.where("activity_hourly.project_id", "=", filter.projectId);
  if (filter.vendor !== null) query = query.where("activity_hourly.annotator_id", "in", vendorTeam(db, filter.vendor));
  return query;
}

/** The ids of a vendor's people, as a subquery. */
function vendorTeam(db: Kysely<DB>, vendor: string) {
  return db.selectFrom("users").select("users.id").where("users.vendor", "=", vendor);
}

/** The roll-up of the hours in [from, to), each hour's rows added up (project PK or hour index). */
export async function activityByHour(
  db: Kysely<DB>,
  filter: ActivityFilter,
  from: number,
  to: number,
): Promise<HourlySums[]> {
  const rows = await activityRows(db, filter, from, to)
    .select((eb) => ["activity_hourly.hour", ...sumColumns(eb)])
    .groupBy("activity_hourly.hour")
    .execute();
  return rows.map((row) => ({ hour: Number(row.hour), sums: toSums(row) }));
}

export type ActivityGroupBy = "none" | "project" | "annotator" | "vendor";

/**
 * The roll-up in [from, to) added up per bucket (hour or UTC day) and group; `group` is the
 * project or annotator id, the vendor name ("" for none), or "all".
 */
export async function activityBuckets(
  db: Kysely<DB>,
  filter: ActivityFilter,
  options: { from: number; to: number; grain: "hour" | "day"; groupBy: ActivityGroupBy },
): Promise<{ bucket: number; group: string; sums: ActivitySums }[]> {
  const bucket =
    options.grain === "hour"
      ? sql<number>`activity_hourly.hour`
      : sql<number>`activity_hourly.hour - (activity_hourly.hour % ${sql.lit(DAY_MS)})`;
  const base = activityRows(db, filter, options.from, options.to);
  const sums = (eb: ExpressionBuilder<DB, "activity_hourly">) => sumColumns(eb);
  let rows: {
    bucket: unknown;
    grp: unknown;
    judgments: unknown;
    active_ms: unknown;
    gold_answered: unknown;
    gold_correct: unknown;
  }[];
  if (options.groupBy === "vendor") {
    const vendor = sql<string>`coalesce(users.vendor, '')`;
    rows = await base
      .innerJoin("users", "users.id", "activity_hourly.annotator_id")
      .select((eb) => [bucket.as("bucket"), vendor.as("grp"), ...sums(eb)])
      .groupBy([bucket, vendor])
      .execute();
  } else {
    const group =
      options.groupBy === "project"
        ? sql<string>`activity_hourly.project_id`
        : options.groupBy === "annotator"
          ? sql<string>`activity_hourly.annotator_id`
          : sql<string>`'all'`;
    rows = await base
      .select((eb) => [bucket.as("bucket"), group.as("grp"), ...sums(eb)])
      .groupBy(options.groupBy === "none" ? [bucket] : [bucket, group])
      .execute();
  }
  return rows.map((row) => ({ bucket: Number(row.bucket), group: String(row.grp), sums: toSums(row) }));
}

export type TaskGroupBy = "none" | "project" | "language";

/**
 * Tasks by status per group (gold control tasks left out), through the (project_id, status)
 * index; `language` narrows to one task language.
 */
export async function taskCountsBy(
  db: Kysely<DB>,
  filter: { projectId: number | null; language: string | null },
  groupBy: TaskGroupBy,
): Promise<{ group: string; counts: TaskCounts }[]> {
  const group =
    groupBy === "project"
      ? sql<string>`project_id`
      : groupBy === "language"
        ? sql<string>`language`
        : sql<string>`'all'`;
  let query = db
    .selectFrom("tasks")
    .select((eb) => ["status", group.as("grp"), eb.fn.countAll<number>().as("n")])
    .where("status", "in", ["open", "full", "done"]);
  if (filter.projectId !== null) query = query.where("project_id", "=", filter.projectId);
  if (filter.language !== null) query = query.where("language", "=", filter.language);
  const rows = await query.groupBy(groupBy === "none" ? ["status"] : [sql`status`, group]).execute();
  const byGroup = new Map<string, TaskCounts>();
  for (const row of rows) {
    const key = String(row.grp);
    const counts = byGroup.get(key) ?? { open: 0, full: 0, done: 0 };
    counts[row.status as keyof TaskCounts] += Number(row.n);
    byGroup.set(key, counts);
  }
  if (groupBy === "none" && byGroup.size === 0) byGroup.set("all", { open: 0, full: 0, done: 0 });
  return [...byGroup.entries()].map(([key, counts]) => ({ group: key, counts }));
}

/**
 * For the roll-up check: judgments in [from, to) counted by the roll-up and in the stored
 * judgments (a bounded window, through the (project_id, created_at) index), read in one
 * snapshot; and the newest judgment and roll-up hour, for freshness.
 */
export async function rollupAgainstRaw(
  db: Kysely<DB>,
  filter: { projectId: number; vendor: string | null },
  from: number,
  to: number,
): Promise<{ rollup: number; raw: number; lastJudgmentAt: number | null; lastRollupHour: number | null }> {
  const team = vendorTeam(db, filter.vendor ?? "");
  let rollupQuery = db
    .selectFrom("activity_hourly")
    .select((eb) => eb.fn.sum<number>("judgments").as("n"))
    .where("project_id", "=", filter.projectId)
    .where("hour", ">=", from)
    .where("hour", "<", to);
  let rawQuery = db
    .selectFrom("judgments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("project_id", "=", filter.projectId)
    .where("created_at", ">=", from)
    .where("created_at", "<", to);
  let lastRawQuery = db
    .selectFrom("judgments")
    .select((eb) => eb.fn.max<number>("created_at").as("at"))
    .where("project_id", "=", filter.projectId);
  let lastRollupQuery = db
    .selectFrom("activity_hourly")
    .select((eb) => eb.fn.max<number>("hour").as("hour"))
    .where("project_id", "=", filter.projectId);
  if (filter.vendor !== null) {
    rollupQuery = rollupQuery.where("annotator_id", "in", team);
    rawQuery = rawQuery.where("annotator_id", "in", team);
    lastRawQuery = lastRawQuery.where("annotator_id", "in", team);
    lastRollupQuery = lastRollupQuery.where("annotator_id", "in", team);
  }
  const read = async (trx: Kysely<DB>) => {
    const [rollup, raw, lastRaw, lastRollup] = [
      await trx.executeQuery(rollupQuery.compile()),
      await trx.executeQuery(rawQuery.compile()),
      await trx.executeQuery(lastRawQuery.compile()),
      await trx.executeQuery(lastRollupQuery.compile()),
    ];
    const first = (result: { rows: unknown[] }) => (result.rows[0] ?? {}) as Record<string, unknown>;
    const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));
    return {
      rollup: Number(first(rollup).n ?? 0),
      raw: Number(first(raw).n ?? 0),
      lastJudgmentAt: numberOrNull(first(lastRaw).at),
      lastRollupHour: numberOrNull(first(lastRollup).hour),
    };
  };
  return db.transaction().setIsolationLevel("repeatable read").execute(read);
}
