import { type BudgetPeriod, budgetPeriodRange, type SegmentCost } from "@quorum/core";
import type { Kysely, Selectable } from "kysely";
import type { DB } from "../schema.js";
import type { BudgetsTable } from "../schema-cost.js";

export interface BudgetRecord {
  id: number;
  projectId: number | null;
  businessUnitId: number | null;
  period: BudgetPeriod;
  periodStart: number;
  periodEnd: number;
  amountMinor: number;
  currency: string;
  thresholds: number[];
  alertedThresholds: number[];
  /** The segments the budget was planned from (amounts in major units of its currency), if any. */
  plan: SegmentCost[] | null;
  createdBy: number | null;
  createdAt: number;
  updatedAt: number;
}

function toBudget(row: Selectable<BudgetsTable>): BudgetRecord {
  const period = row.period as BudgetPeriod;
  const start = Number(row.period_start);
  return {
    id: Number(row.id),
    projectId: row.project_id === null ? null : Number(row.project_id),
    businessUnitId: row.business_unit_id === null ? null : Number(row.business_unit_id),
    period,
    periodStart: start,
    periodEnd: budgetPeriodRange(period, start).end,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    thresholds: JSON.parse(row.thresholds) as number[],
    alertedThresholds: JSON.parse(row.alerted_thresholds) as number[],
    plan: row.plan === null ? null : (JSON.parse(row.plan) as SegmentCost[]),
    createdBy: row.created_by === null ? null : Number(row.created_by),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export async function insertBudget(
  db: Kysely<DB>,
  budget: {
    projectId: number | null;
    businessUnitId: number | null;
    period: BudgetPeriod;
    periodStart: number;
    amountMinor: number;
    currency: string;
    thresholds: number[];
    plan?: SegmentCost[] | null;
    createdBy: number;
    now: number;
  },
): Promise<BudgetRecord> {
  const row = await db
    .insertInto("budgets")
    .values({
      project_id: budget.projectId,
      business_unit_id: budget.businessUnitId,
      period: budget.period,
      period_start: budget.periodStart,
      amount_minor: budget.amountMinor,
      currency: budget.currency,
      thresholds: JSON.stringify(budget.thresholds),
      plan: budget.plan ? JSON.stringify(budget.plan) : null,
      created_by: budget.createdBy,
      created_at: budget.now,
      updated_at: budget.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toBudget(row);
}

export async function getBudget(db: Kysely<DB>, id: number): Promise<BudgetRecord | undefined> {
  const row = await db.selectFrom("budgets").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toBudget(row);
}

/** Budgets, newest period first; filtered by project or business unit, and to those overlapping [from, to). */
export async function listBudgets(
  db: Kysely<DB>,
  filter: { projectId?: number; businessUnitId?: number; from?: number; to?: number } = {},
): Promise<BudgetRecord[]> {
  let query = db.selectFrom("budgets").selectAll().orderBy("period_start", "desc").orderBy("id", "desc");
  if (filter.projectId !== undefined) query = query.where("project_id", "=", filter.projectId);
  if (filter.businessUnitId !== undefined) query = query.where("business_unit_id", "=", filter.businessUnitId);
  // A quarter starts at most three months before anything it overlaps.
  if (filter.to !== undefined) query = query.where("period_start", "<", filter.to);
  if (filter.from !== undefined) query = query.where("period_start", ">", filter.from - 93 * 86_400_000);
  const budgets = (await query.execute()).map(toBudget);
  return budgets.filter(
    (b) =>
      (filter.from === undefined || b.periodEnd > filter.from) &&
      (filter.to === undefined || b.periodStart < filter.to),
  );
}

export async function updateBudget(
  db: Kysely<DB>,
  id: number,
  change: { amountMinor?: number; thresholds?: number[]; plan?: SegmentCost[] | null; now: number },
): Promise<BudgetRecord | undefined> {
  const row = await db
    .updateTable("budgets")
    .set({
      ...(change.amountMinor === undefined ? {} : { amount_minor: change.amountMinor }),
      ...(change.thresholds === undefined ? {} : { thresholds: JSON.stringify(change.thresholds) }),
      ...(change.plan === undefined ? {} : { plan: change.plan === null ? null : JSON.stringify(change.plan) }),
      updated_at: change.now,
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row && toBudget(row);
}

/** Records the thresholds alerted so far (the alerts' unique index is what keeps each alert single). */
export async function setAlertedThresholds(db: Kysely<DB>, id: number, alerted: number[]): Promise<void> {
  await db
    .updateTable("budgets")
    .set({ alerted_thresholds: JSON.stringify(alerted) })
    .where("id", "=", id)
    .execute();
}
