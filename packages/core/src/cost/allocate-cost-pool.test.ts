import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AllocationPolicy, allocateCostPool, resolveAllocationPolicy } from "./allocate-cost-pool.js";

const pool = { amountMinor: 100_00, currency: "USD" };
const even: AllocationPolicy = { id: 1, version: 1, effectiveFrom: 0, method: "even" };
const byLabels: AllocationPolicy = {
  id: 1,
  version: 2,
  effectiveFrom: 1_000,
  method: "driver",
  driver: "accepted labels",
};
const fixed: AllocationPolicy = {
  id: 1,
  version: 3,
  effectiveFrom: 2_000,
  method: "weights",
  weights: [
    { businessUnitId: 1, weight: 3 },
    { businessUnitId: 2, weight: 1 },
  ],
};

function amounts(result: ReturnType<typeof allocateCostPool>): number[] {
  return result.allocations.map((a) => a.amountMinor);
}

describe("allocating a shared cost pool", () => {
  it("splits evenly, the odd cent to the lowest business unit id", () => {
    const result = allocateCostPool(pool, even, [{ businessUnitId: 3 }, { businessUnitId: 1 }, { businessUnitId: 2 }]);
    expect(result.allocations).toEqual([
      { businessUnitId: 1, amountMinor: 3334 },
      { businessUnitId: 2, amountMinor: 3333 },
      { businessUnitId: 3, amountMinor: 3333 },
    ]);
    expect(result).toMatchObject({ policyId: 1, policyVersion: 1, unallocatedMinor: 0, poolMinor: 10_000 });
  });

  it("splits in proportion to a driver, units with zero driver getting nothing", () => {
    const result = allocateCostPool(pool, byLabels, [
      { businessUnitId: 1, driver: 200 },
      { businessUnitId: 2, driver: 100 },
      { businessUnitId: 3, driver: 0 },
    ]);
    expect(amounts(result)).toEqual([6667, 3333, 0]);
    expect(() => allocateCostPool(pool, byLabels, [{ businessUnitId: 1 }])).toThrow(/accepted labels/);
  });

  it("splits by fixed weights; a unit without a weight gets nothing", () => {
    const result = allocateCostPool(pool, fixed, [{ businessUnitId: 1 }, { businessUnitId: 2 }, { businessUnitId: 4 }]);
    expect(amounts(result)).toEqual([7500, 2500, 0]);
  });

  it("keeps the whole pool visible as unallocated when every driver is zero", () => {
    const result = allocateCostPool(pool, byLabels, [
      { businessUnitId: 1, driver: 0 },
      { businessUnitId: 2, driver: 0 },
    ]);
    expect(amounts(result)).toEqual([0, 0]);
    expect(result.unallocatedMinor).toBe(10_000);
    expect(allocateCostPool(pool, even, []).unallocatedMinor).toBe(10_000);
  });

  it("splits a credit the same way, every part negative", () => {
    expect(
      amounts(
        allocateCostPool(
          { amountMinor: -100, currency: "USD" },
          even,
          [1, 2, 3].map((id) => ({ businessUnitId: id })),
        ),
      ),
    ).toEqual([-34, -33, -33]);
  });

  it("uses the policy version in force", () => {
    const versions = [even, byLabels, fixed];
    expect(resolveAllocationPolicy(versions, 999)?.version).toBe(1);
    expect(resolveAllocationPolicy(versions, 1_500)?.version).toBe(2);
    expect(resolveAllocationPolicy(versions, 5_000)?.version).toBe(3);
    expect(resolveAllocationPolicy(versions, -1)).toBeUndefined();
  });

  it("always allocates the pool exactly, whatever the drivers, and the same way for any order of units", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.uniqueArray(
          fc.record({
            businessUnitId: fc.nat(50),
            driver: fc.oneof(fc.nat(100), fc.double({ min: 0, max: 1e4, noNaN: true })),
          }),
          {
            selector: (u) => u.businessUnitId,
            maxLength: 8,
          },
        ),
        (amountMinor, units) => {
          const result = allocateCostPool({ amountMinor, currency: "USD" }, byLabels, units);
          expect(amounts(result).reduce((a, b) => a + b, 0) + result.unallocatedMinor).toBe(amountMinor);
          const reversed = allocateCostPool({ amountMinor, currency: "USD" }, byLabels, [...units].reverse());
          expect(reversed).toEqual(result);
          for (const allocation of result.allocations) {
            const unit = units.find((u) => u.businessUnitId === allocation.businessUnitId)!;
            if (unit.driver === 0) expect(allocation.amountMinor).toBe(0);
          }
        },
      ),
    );
  });
});
