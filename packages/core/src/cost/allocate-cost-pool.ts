import { invalidInput } from "../errors.js";
import { assertMinorUnits, largestRemainder, type Money } from "./money.js";

/** How a shared cost pool is split between business units. */
export type AllocationRule =
  /** Equal shares to every business unit taking part. */
  | { method: "even" }
  /** In proportion to a driver each unit reports (accepted labels, active hours, ...); `driver` names it. */
  | { method: "driver"; driver: string }
  /** Fixed weights per business unit; a unit without a weight gets nothing. */
  | { method: "weights"; weights: readonly { businessUnitId: number; weight: number }[] };

/** One version of an allocation policy: a new version from `effectiveFrom` (epoch ms) replaces the previous one. */
export type AllocationPolicy = { id: number; version: number; effectiveFrom: number } & AllocationRule;

/** A business unit taking part in a pool, with its driver value for `driver` policies. */
export interface AllocationUnit {
  businessUnitId: number;
  driver?: number;
}

/** The result of splitting a pool; `allocations` (by business unit id) plus `unallocatedMinor` equal the pool exactly. */
export interface PoolAllocation {
  policyId: number;
  policyVersion: number;
  currency: string;
  poolMinor: number;
  allocations: { businessUnitId: number; amountMinor: number }[];
  /** What no unit could take (every driver or weight was 0, or no unit took part); 0 otherwise. */
  unallocatedMinor: number;
}

/** The version of a policy in force at `at`: the latest `effectiveFrom` not after it, then the highest version. */
export function resolveAllocationPolicy(
  versions: readonly AllocationPolicy[],
  at: number,
): AllocationPolicy | undefined {
  let best: AllocationPolicy | undefined;
  for (const policy of versions) {
    if (policy.effectiveFrom > at) continue;
    if (
      !best ||
      policy.effectiveFrom > best.effectiveFrom ||
      (policy.effectiveFrom === best.effectiveFrom && policy.version > best.version)
    )
      best = policy;
  }
  return best;
}

function weightOf(policy: AllocationPolicy, unit: AllocationUnit, weights: ReadonlyMap<number, number>): number {
  switch (policy.method) {
    case "even":
      return 1;
    case "driver":
      if (unit.driver === undefined || !(Number.isFinite(unit.driver) && unit.driver >= 0))
        throw invalidInput(
          `business unit ${unit.businessUnitId}: ${policy.driver} must be a non-negative number for a driver policy`,
        );
      return unit.driver;
    case "weights":
      return weights.get(unit.businessUnitId) ?? 0;
  }
}

/**
 * Splits a shared cost pool between business units by one policy version. The parts add up to
 * the pool exactly: each unit gets the floor of its quota in minor units and the units left go
 * to the largest remainders (largest-remainder method), equal remainders to the lowest business
 * unit id. A unit whose driver or weight is 0 gets nothing; when every one is 0 nothing is
 * allocated and the whole pool stays visible as `unallocatedMinor`. A negative pool (a credit)
 * is split the same way with every part negative.
 */
export function allocateCostPool(
  pool: Money,
  policy: AllocationPolicy,
  units: readonly AllocationUnit[],
): PoolAllocation {
  assertMinorUnits(pool.amountMinor, "pool amountMinor");
  const sorted = [...units].sort((a, b) => a.businessUnitId - b.businessUnitId);
  sorted.forEach((unit, i) => {
    if (i > 0 && sorted[i - 1]!.businessUnitId === unit.businessUnitId)
      throw invalidInput(`business unit ${unit.businessUnitId} is listed twice`);
  });
  const fixed = new Map<number, number>();
  if (policy.method === "weights") {
    for (const { businessUnitId, weight } of policy.weights) {
      if (!(Number.isFinite(weight) && weight >= 0))
        throw invalidInput(
          `policy ${policy.id} v${policy.version}: weight of business unit ${businessUnitId} must be ≥ 0`,
        );
      fixed.set(businessUnitId, weight);
    }
  }
  const weights = sorted.map((unit) => weightOf(policy, unit, fixed));
  const result = {
    policyId: policy.id,
    policyVersion: policy.version,
    currency: pool.currency,
    poolMinor: pool.amountMinor,
  };
  if (weights.every((weight) => weight === 0)) {
    return {
      ...result,
      allocations: sorted.map((unit) => ({ businessUnitId: unit.businessUnitId, amountMinor: 0 })),
      unallocatedMinor: pool.amountMinor,
    };
  }
  const sign = pool.amountMinor < 0 ? -1 : 1;
  const parts = largestRemainder(Math.abs(pool.amountMinor), weights);
  return {
    ...result,
    // `+ 0` turns the -0 of an empty negative share into 0.
    allocations: sorted.map((unit, i) => ({ businessUnitId: unit.businessUnitId, amountMinor: sign * parts[i]! + 0 })),
    unallocatedMinor: 0,
  };
}
