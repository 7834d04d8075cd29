import type { PoolAllocationView } from "@quorum/server";

export interface AllocationTable {
  /** The business units that received a share of any pool, by name. */
  units: { id: number; name: string }[];
  rows: {
    poolId: number;
    pool: string;
    category: string;
    currency: string;
    idle: boolean;
    /** The pool's share per unit, in `units` order (0 when none). */
    shares: number[];
    unallocatedMinor: number;
    poolMinor: number;
  }[];
  /** Column totals per currency: shares per unit, the unallocated rest and the pools. */
  totals: { currency: string; shares: number[]; unallocatedMinor: number; poolMinor: number }[];
}

/**
 * The allocation of a month as a pools × business units table, each row adding up to its pool
 * (the shares plus what is unallocated), with totals per currency.
 */
export function allocationTable(pools: readonly PoolAllocationView[]): AllocationTable {
  const names = new Map<number, string>();
  for (const pool of pools) for (const a of pool.allocations) names.set(a.businessUnitId, a.businessUnit);
  const units = [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  const rows = pools.map((pool) => ({
    poolId: pool.poolId,
    pool: pool.pool,
    category: pool.category,
    currency: pool.currency,
    idle: pool.idle,
    shares: units.map((u) => pool.allocations.find((a) => a.businessUnitId === u.id)?.amountMinor ?? 0),
    unallocatedMinor: pool.unallocatedMinor,
    poolMinor: pool.poolMinor,
  }));
  const totals = new Map<string, AllocationTable["totals"][number]>();
  for (const row of rows) {
    const total = totals.get(row.currency) ?? {
      currency: row.currency,
      shares: units.map(() => 0),
      unallocatedMinor: 0,
      poolMinor: 0,
    };
    row.shares.forEach((share, i) => {
      total.shares[i]! += share;
    });
    total.unallocatedMinor += row.unallocatedMinor;
    total.poolMinor += row.poolMinor;
    totals.set(row.currency, total);
  }
  return { units, rows, totals: [...totals.values()] };
}
