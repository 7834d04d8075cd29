import { type CostComponents, type SegmentTotals, startOfLocalDay, zeroComponents } from "@quorum/core";
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { DB } from "../schema.js";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Whose ledger rows: a project's, a business unit's, or everyone's. */
export type LedgerScope = { projectId: number } | { businessUnitId: number } | Record<string, never>;

/** Rows of `scope` in [from, to) and `currency`, as a where clause (each scope has its (scope, at) index). */
function inScope(scope: LedgerScope, from: number, to: number, currency: string) {
  return (eb: ExpressionBuilder<DB, "cost_ledger">) =>
    eb.and([
      ...("projectId" in scope ? [eb("cost_ledger.project_id", "=", scope.projectId)] : []),
      ...("businessUnitId" in scope ? [eb("cost_ledger.business_unit_id", "=", scope.businessUnitId)] : []),
      eb("cost_ledger.at", ">=", from),
      eb("cost_ledger.at", "<", to),
      eb("cost_ledger.currency", "=", currency),
    ]);
}

/** The query behind `periodCost` (exported so a test can pin its plan per dialect). */
export function periodCostQuery(db: Kysely<DB>, scope: LedgerScope, from: number, to: number, currency: string) {
  return db
    .selectFrom("cost_ledger")
    .where(inScope(scope, from, to, currency))
    .select((eb) => [
      "component",
      eb.fn.sum<string | number>("amount_minor").as("amount"),
      eb.fn.sum<string | number>("accepted_labels").as("accepted"),
      eb.fn.sum<string | number>("judgments").as("judgments"),
    ])
    .groupBy("component");
}

/** Spend, accepted labels and judgments of a scope in [from, to), with the spend by component. */
export async function periodCost(db: Kysely<DB>, scope: LedgerScope, from: number, to: number, currency: string) {
  const rows = await periodCostQuery(db, scope, from, to, currency).execute();
  const components: CostComponents = zeroComponents();
  let total = 0;
  let acceptedLabels = 0;
  let judgments = 0;
  for (const row of rows) {
    const amount = Number(row.amount);
    if (row.component in components) components[row.component as keyof CostComponents] += amount;
    total += amount;
    acceptedLabels += Number(row.accepted);
    judgments += Number(row.judgments);
  }
  return { total, acceptedLabels, judgments, components };
}

/**
 * Spend per day (epoch ms of the day's start) of a scope in [from, to): UTC days, or the local
 * days of `timeZone`, folded from hourly sums (23 or 25 hours on a change of clocks).
 */
export async function dailySpend(
  db: Kysely<DB>,
  scope: LedgerScope,
  from: number,
  to: number,
  currency: string,
  timeZone = "UTC",
) {
  const local = timeZone !== "UTC";
  const bucket = sql<string | number>`cost_ledger.at / ${sql.lit(local ? HOUR_MS : DAY_MS)}`;
  const rows = await db
    .selectFrom("cost_ledger")
    .where(inScope(scope, from, to, currency))
    .select((eb) => [bucket.as("bucket"), eb.fn.sum<string | number>("amount_minor").as("amount")])
    .groupBy(bucket)
    .execute();
  const days = new Map<number, number>();
  for (const row of rows) {
    const start = Math.floor(Number(row.bucket)) * (local ? HOUR_MS : DAY_MS);
    const day = local ? startOfLocalDay(start, timeZone) : start;
    days.set(day, (days.get(day) ?? 0) + Number(row.amount));
  }
  return [...days].map(([day, amountMinor]) => ({ day, amountMinor })).sort((a, b) => a.day - b.day);
}

/**
 * Ledger totals per segment (task type × language, × vendor when asked) of a scope in [from,
 * to): cost, judgments (gold and rejected apart), accepted items and the judgments' active time.
 */
export async function segmentTotals(
  db: Kysely<DB>,
  scope: LedgerScope,
  from: number,
  to: number,
  currency: string,
  byVendor: boolean,
): Promise<SegmentTotals[]> {
  const rows = await db
    .selectFrom("cost_ledger")
    .where(inScope(scope, from, to, currency))
    .select((eb) => [
      "task_type",
      "language",
      ...(byVendor ? (["vendor"] as const) : []),
      eb.fn.sum<string | number>("amount_minor").as("cost"),
      eb.fn.sum<string | number>("judgments").as("judgments"),
      sql<string | number>`sum(case when is_gold = 1 then judgments else 0 end)`.as("gold"),
      sql<string | number>`sum(case when is_gold = 0 and rejected = 1 then judgments else 0 end)`.as("rejected"),
      eb.fn.sum<string | number>("accepted_labels").as("accepted"),
      sql<string | number>`sum(case when kind = 'judgment' then active_ms else 0 end)`.as("active_ms"),
    ])
    .groupBy(["task_type", "language", ...(byVendor ? (["vendor"] as const) : [])])
    .execute();
  return rows
    .map((row) => {
      const vendor = byVendor ? ` × ${(row as { vendor?: string | null }).vendor ?? "(none)"}` : "";
      return {
        segment: `${row.task_type ?? "(none)"} × ${row.language || "(none)"}${vendor}`,
        costMinor: Number(row.cost),
        judgments: Number(row.judgments),
        goldJudgments: Number(row.gold),
        rejectedJudgments: Number(row.rejected),
        acceptedItems: Number(row.accepted),
        activeMs: Number(row.active_ms),
      };
    })
    .sort((a, b) => (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0));
}

/** Spend by project of a scope in [from, to), with the project's name. */
export async function spendByProject(db: Kysely<DB>, scope: LedgerScope, from: number, to: number, currency: string) {
  const rows = await db
    .selectFrom("cost_ledger")
    .leftJoin("projects", "projects.id", "cost_ledger.project_id")
    .where(inScope(scope, from, to, currency))
    .select((eb) => [
      "cost_ledger.project_id",
      "projects.name",
      eb.fn.sum<string | number>("cost_ledger.amount_minor").as("amount"),
    ])
    .groupBy(["cost_ledger.project_id", "projects.name"])
    .execute();
  return rows.map((row) => ({
    projectId: row.project_id === null ? null : Number(row.project_id),
    name: row.name ?? (row.project_id === null ? "(no project)" : `project ${row.project_id}`),
    amountMinor: Number(row.amount),
  }));
}

/** The drivers of an allocation per business unit in [from, to): judgments, active hours and direct cost. */
export async function driversByBusinessUnit(db: Kysely<DB>, from: number, to: number, currency: string) {
  const rows = await db
    .selectFrom("cost_ledger")
    .where(inScope({}, from, to, currency))
    .where("business_unit_id", "is not", null)
    .select((eb) => [
      "business_unit_id",
      eb.fn.sum<string | number>("judgments").as("judgments"),
      eb.fn.sum<string | number>("active_ms").as("active_ms"),
      eb.fn.sum<string | number>("amount_minor").as("cost"),
    ])
    .groupBy("business_unit_id")
    .execute();
  return rows.map((row) => ({
    businessUnitId: Number(row.business_unit_id),
    judgments: Number(row.judgments),
    activeHours: Number(row.active_ms) / 3_600_000,
    directCost: Number(row.cost),
  }));
}

/** Each annotator's pay (every kind but fees) and paid active time in [from, to). */
export async function paidTimeByAnnotator(db: Kysely<DB>, from: number, to: number, currency: string) {
  const rows = await db
    .selectFrom("cost_ledger")
    .where(inScope({}, from, to, currency))
    .where("annotator_id", "is not", null)
    .where("kind", "<>", "fee")
    .select((eb) => [
      "annotator_id",
      eb.fn.sum<string | number>("amount_minor").as("pay"),
      eb.fn.sum<string | number>("active_ms").as("active_ms"),
    ])
    .groupBy("annotator_id")
    .execute();
  return rows.map((row) => ({
    annotatorId: Number(row.annotator_id),
    currency,
    payMinor: Number(row.pay),
    activeMs: Number(row.active_ms),
  }));
}

/** Judgments still expected from the open work of a project or of a business unit's projects. */
export async function remainingJudgments(db: Kysely<DB>, scope: LedgerScope): Promise<number> {
  let query = db
    .selectFrom("tasks")
    .where("tasks.status", "in", ["open", "full"])
    .select(sql<string | number>`coalesce(sum(tasks.required - tasks.judgment_count), 0)`.as("left"));
  if ("projectId" in scope) query = query.where("tasks.project_id", "=", scope.projectId);
  if ("businessUnitId" in scope)
    query = query.where("tasks.project_id", "in", (eb) =>
      eb.selectFrom("projects").select("projects.id").where("projects.business_unit_id", "=", scope.businessUnitId),
    );
  const row = await query.executeTakeFirst();
  return Math.max(0, Number(row?.left ?? 0));
}
