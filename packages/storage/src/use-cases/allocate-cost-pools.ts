import { allocateCostPool, invalidInput, resolveAllocationPolicy } from "@quorum/core";
import type { Kysely } from "kysely";
import { driversByBusinessUnit } from "../repositories/cost-ledger-sums.js";
import { listAllocationPolicies, listCostPools, poolAmountsIn } from "../repositories/cost-pools.js";
import type { DB } from "../schema.js";

/** The drivers a policy may allocate by, measured per business unit from the ledger. */
export const ALLOCATION_DRIVERS = ["judgments", "active_hours", "direct_cost"] as const;
export type AllocationDriver = (typeof ALLOCATION_DRIVERS)[number];

/**
 * Every shared pool's cost in [from, to) allocated to business units by the policy version in
 * force at `from` (core's `allocateCostPool`, largest remainder: the parts plus the unallocated
 * rest equal the pool exactly). Every business unit takes part; drivers come from the ledger in
 * the pool's currency. A pool without a policy stays wholly unallocated, so it remains visible.
 */
export async function allocateCostPools(db: Kysely<DB>, period: { from: number; to: number }) {
  const [pools, amounts, policies, units] = await Promise.all([
    listCostPools(db),
    poolAmountsIn(db, period.from, period.to),
    listAllocationPolicies(db),
    db.selectFrom("business_units").select(["id", "name"]).orderBy("id").execute(),
  ]);
  const names = new Map(units.map((u) => [Number(u.id), u.name]));
  const driverCache = new Map<string, Awaited<ReturnType<typeof driversByBusinessUnit>>>();
  const results = [];
  for (const pool of pools) {
    const poolMinor = amounts.get(pool.id) ?? 0;
    if (pool.archivedAt !== null && poolMinor === 0) continue;
    const policy = resolveAllocationPolicy(
      policies.filter((p) => p.poolId === pool.id),
      period.from,
    );
    if (!policy) {
      results.push({ pool, poolMinor, policy: null, allocations: [], unallocatedMinor: poolMinor });
      continue;
    }
    let drivers = driverCache.get(pool.currency);
    if (!drivers) {
      drivers = await driversByBusinessUnit(db, period.from, period.to, pool.currency);
      driverCache.set(pool.currency, drivers);
    }
    const byUnit = new Map(drivers.map((d) => [d.businessUnitId, d]));
    const driverValue = (id: number): number => {
      const d = byUnit.get(id);
      if (policy.method !== "driver") return 0;
      switch (policy.driver as AllocationDriver) {
        case "judgments":
          return Math.max(0, d?.judgments ?? 0);
        case "active_hours":
          return Math.max(0, d?.activeHours ?? 0);
        case "direct_cost":
          return Math.max(0, d?.directCost ?? 0);
        default:
          throw invalidInput(`policy ${policy.id}: unknown driver "${policy.driver}"`);
      }
    };
    const allocation = allocateCostPool(
      { amountMinor: poolMinor, currency: pool.currency },
      policy,
      [...names.keys()].map((businessUnitId) => ({ businessUnitId, driver: driverValue(businessUnitId) })),
    );
    results.push({
      pool,
      poolMinor,
      policy: {
        id: policy.id,
        version: policy.version,
        method: policy.method,
        ...(policy.method === "driver" ? { driver: policy.driver } : {}),
      },
      allocations: allocation.allocations.map((a) => ({ ...a, businessUnit: names.get(a.businessUnitId) ?? "" })),
      unallocatedMinor: allocation.unallocatedMinor,
    });
  }
  return results;
}

export type PoolAllocationResult = Awaited<ReturnType<typeof allocateCostPools>>[number];
