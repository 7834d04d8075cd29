import type { SegmentCostChange } from "./decompose-cost-change.js";
import {
  COST_DRIVERS,
  type CostDrivers,
  type CostMeasure,
  type SegmentCost,
  validateSegments,
  zeroDrivers,
} from "./segment-cost.js";
import { pairSegments, product, segmentFactors, totalItems } from "./segment-factors.js";

const FACTORS = COST_DRIVERS.length;

/** n! for the small n of six factors. */
function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

/** Shapley weight of a coalition of `size` other factors: size! (n − size − 1)! / n!. */
const WEIGHTS = Array.from(
  { length: FACTORS },
  (_, size) => (factorial(size) * factorial(FACTORS - size - 1)) / factorial(FACTORS),
);

function bitCount(mask: number): number {
  let count = 0;
  for (let m = mask; m; m &= m - 1) count++;
  return count;
}

/** Exact Shapley values of the six factors for one segment: f(S) is the cost with factors in S at their current value. */
function shapleySegment(base: readonly number[], current: readonly number[]): number[] {
  const value = new Float64Array(1 << FACTORS);
  for (let mask = 0; mask < 1 << FACTORS; mask++) {
    value[mask] = product(base.map((x0, k) => (mask & (1 << k) ? current[k]! : x0)));
  }
  return base.map((_, k) => {
    let phi = 0;
    for (let mask = 0; mask < 1 << FACTORS; mask++) {
      if (mask & (1 << k)) continue;
      phi += WEIGHTS[bitCount(mask)]! * (value[mask | (1 << k)]! - value[mask]!);
    }
    return phi;
  });
}

/**
 * The Shapley decomposition of the same cost change as `decomposeCostChange`: each driver gets
 * its marginal effect averaged over all 2^6 subsets of the other drivers changed before it
 * (exact, no sampling). It is the independent check of the LMDI-I decomposition: both add up to
 * the change exactly and agree in sign segment by segment. A segment present in one period only
 * takes the other period's factors with a share of 0, so its cost is split between mix and the
 * drivers that change with it (volume), unlike LMDI's all-to-mix convention.
 */
export function shapleyCostChange(
  base: readonly SegmentCost[],
  current: readonly SegmentCost[],
  measure: CostMeasure = "total",
): { base: number; current: number; change: number; drivers: CostDrivers; segments: SegmentCostChange[] } {
  validateSegments(base, "base");
  validateSegments(current, "current");
  const q0 = totalItems(base);
  const qT = totalItems(current);
  const drivers = zeroDrivers();
  const segments: SegmentCostChange[] = [];
  for (const pair of pairSegments(base, current)) {
    const present = pair.current ?? pair.base;
    if (!present) {
      segments.push({ segment: pair.segment, base: 0, current: 0, change: 0, drivers: zeroDrivers() });
      continue;
    }
    const x0 = segmentFactors(pair.base ?? { ...present, items: 0 }, q0 || 1, measure);
    const xT = segmentFactors(pair.current ?? { ...present, items: 0 }, qT || 1, measure);
    if (measure === "total") {
      x0[0] = q0;
      xT[0] = qT;
    }
    const phi = shapleySegment(x0, xT);
    const segmentDrivers = zeroDrivers();
    COST_DRIVERS.forEach((driver, k) => {
      segmentDrivers[driver] = phi[k]!;
      drivers[driver] += phi[k]!;
    });
    const c0 = product(x0);
    const cT = product(xT);
    segments.push({ segment: pair.segment, base: c0, current: cT, change: cT - c0, drivers: segmentDrivers });
  }
  const baseTotal = segments.reduce((sum, s) => sum + s.base, 0);
  const currentTotal = segments.reduce((sum, s) => sum + s.current, 0);
  return { base: baseTotal, current: currentTotal, change: currentTotal - baseTotal, drivers, segments };
}
