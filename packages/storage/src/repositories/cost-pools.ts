import type { AllocationPolicy } from "@quorum/core";
import type { Kysely, Selectable } from "kysely";
import type { DB } from "../schema.js";
import type { AllocationPoliciesTable, CostPoolsTable } from "../schema-cost.js";

export const POOL_CATEGORIES = ["qa", "tooling", "management", "idle_capacity", "other"] as const;
export type PoolCategory = (typeof POOL_CATEGORIES)[number];

export interface CostPool {
  id: number;
  name: string;
  category: PoolCategory;
  description: string;
  currency: string;
  createdAt: number;
  archivedAt: number | null;
}

function toPool(row: Selectable<CostPoolsTable>): CostPool {
  return {
    id: Number(row.id),
    name: row.name,
    category: row.category as PoolCategory,
    description: row.description,
    currency: row.currency,
    createdAt: Number(row.created_at),
    archivedAt: row.archived_at === null ? null : Number(row.archived_at),
  };
}

function toPolicy(row: Selectable<AllocationPoliciesTable>): AllocationPolicy & { poolId: number; createdAt: number } {
  const base = {
    id: Number(row.id),
    poolId: Number(row.pool_id),
    version: row.version,
    effectiveFrom: Number(row.effective_from),
    createdAt: Number(row.created_at),
  };
  if (row.method === "driver") return { ...base, method: "driver", driver: row.driver ?? "" };
  if (row.method === "weights")
    return {
      ...base,
      method: "weights",
      weights: JSON.parse(row.weights ?? "[]") as { businessUnitId: number; weight: number }[],
    };
  return { ...base, method: "even" };
}

export async function insertCostPool(
  db: Kysely<DB>,
  pool: { name: string; category: PoolCategory; description: string; currency: string; createdBy: number; now: number },
): Promise<CostPool> {
  const row = await db
    .insertInto("cost_pools")
    .values({
      name: pool.name,
      category: pool.category,
      description: pool.description,
      currency: pool.currency,
      created_by: pool.createdBy,
      created_at: pool.now,
      archived_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPool(row);
}

export async function getCostPool(db: Kysely<DB>, id: number): Promise<CostPool | undefined> {
  const row = await db.selectFrom("cost_pools").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toPool(row);
}

export async function listCostPools(db: Kysely<DB>): Promise<CostPool[]> {
  return (await db.selectFrom("cost_pools").selectAll().orderBy("id").execute()).map(toPool);
}

/** Sets what a pool cost in a period (a second call for the same period replaces it). */
export async function setCostPoolAmount(
  db: Kysely<DB>,
  amount: {
    poolId: number;
    periodStart: number;
    periodEnd: number;
    amountMinor: number;
    note: string | null;
    createdBy: number;
    now: number;
  },
): Promise<void> {
  await db
    .insertInto("cost_pool_amounts")
    .values({
      pool_id: amount.poolId,
      period_start: amount.periodStart,
      period_end: amount.periodEnd,
      amount_minor: amount.amountMinor,
      note: amount.note,
      created_by: amount.createdBy,
      created_at: amount.now,
    })
    .onConflict((oc) =>
      oc.columns(["pool_id", "period_start"]).doUpdateSet({
        period_end: amount.periodEnd,
        amount_minor: amount.amountMinor,
        note: amount.note,
        created_at: amount.now,
      }),
    )
    .execute();
}

/** Each pool's amounts of periods starting in [from, to), summed. */
export async function poolAmountsIn(db: Kysely<DB>, from: number, to: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("cost_pool_amounts")
    .where("period_start", ">=", from)
    .where("period_start", "<", to)
    .select((eb) => ["pool_id", eb.fn.sum<string | number>("amount_minor").as("amount")])
    .groupBy("pool_id")
    .execute();
  return new Map(rows.map((row) => [Number(row.pool_id), Number(row.amount)]));
}

/** Adds the next version of a pool's policy (versions count from 1). */
export async function insertAllocationPolicy(
  db: Kysely<DB>,
  policy: {
    poolId: number;
    effectiveFrom: number;
    method: "even" | "driver" | "weights";
    driver: string | null;
    weights: { businessUnitId: number; weight: number }[] | null;
    createdBy: number;
    now: number;
  },
) {
  const last = await db
    .selectFrom("allocation_policies")
    .where("pool_id", "=", policy.poolId)
    .select((eb) => eb.fn.max("version").as("version"))
    .executeTakeFirst();
  const row = await db
    .insertInto("allocation_policies")
    .values({
      pool_id: policy.poolId,
      version: Number(last?.version ?? 0) + 1,
      effective_from: policy.effectiveFrom,
      method: policy.method,
      driver: policy.driver,
      weights: policy.weights === null ? null : JSON.stringify(policy.weights),
      created_by: policy.createdBy,
      created_at: policy.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPolicy(row);
}

export async function listAllocationPolicies(db: Kysely<DB>, poolId?: number) {
  let query = db.selectFrom("allocation_policies").selectAll().orderBy("pool_id").orderBy("version");
  if (poolId !== undefined) query = query.where("pool_id", "=", poolId);
  return (await query.execute()).map(toPolicy);
}
