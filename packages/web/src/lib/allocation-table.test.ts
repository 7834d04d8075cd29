import type { PoolAllocationView } from "@quorum/server";
import { describe, expect, it } from "vitest";
import { allocationTable } from "./allocation-table.js";

function pool(
  poolId: number,
  name: string,
  poolMinor: number,
  allocations: [number, string, number][],
  extra: Partial<PoolAllocationView> = {},
): PoolAllocationView {
  const parts = allocations.map(([businessUnitId, businessUnit, amountMinor]) => ({
    businessUnitId,
    businessUnit,
    amountMinor,
  }));
  const allocatedMinor = parts.reduce((sum, a) => sum + a.amountMinor, 0);
  return {
    poolId,
    pool: name,
    category: "qa_team",
    currency: "USD",
    poolMinor,
    policy: null,
    allocations: parts,
    allocatedMinor,
    unallocatedMinor: poolMinor - allocatedMinor,
    idle: false,
    ...extra,
  } as PoolAllocationView;
}

describe("allocation table", () => {
  it("lays pools out against business units, each row adding up to its pool, with totals", () => {
    const table = allocationTable([
      pool(1, "QA team", 1000, [
        [2, "Search", 667],
        [1, "Ads", 333],
      ]),
      pool(2, "Idle vendor capacity", 500, [], { idle: true, category: "idle_capacity" }),
      pool(3, "Tooling", 301, [[1, "Ads", 301]]),
    ]);
    expect(table.units).toEqual([
      { id: 1, name: "Ads" },
      { id: 2, name: "Search" },
    ]);
    expect(table.rows.map((r) => [r.pool, r.shares, r.unallocatedMinor])).toEqual([
      ["QA team", [333, 667], 0],
      ["Idle vendor capacity", [0, 0], 500],
      ["Tooling", [301, 0], 0],
    ]);
    for (const row of table.rows)
      expect(row.shares.reduce((a, b) => a + b, 0) + row.unallocatedMinor).toBe(row.poolMinor);
    expect(table.totals).toEqual([{ currency: "USD", shares: [634, 667], unallocatedMinor: 500, poolMinor: 1801 }]);
  });
});
