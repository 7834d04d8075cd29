import type { SegmentCostChange } from "./decompose-cost-change.js";
import {
  COST_DRIVERS,
  type CostDriver,
  type CostDrivers,
  type CostMeasure,
  type SegmentCost,
  segmentCost,
  validateSegments,
  zeroDrivers,
} from "./segment-cost.js";

const N = COST_DRIVERS.length;

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

/** Shapley weight of a coalition of `size` other drivers: size! (n − size − 1)! / n!. */
const WEIGHTS = Array.from({ length: N }, (_, size) => (factorial(size) * factorial(N - size - 1)) / factorial(N));

function bitCount(mask: number): number {
  let count = 0;
  for (let m = mask; m; m &= m - 1) count++;
  return count;
}

function has(mask: number, driver: CostDriver): boolean {
  return (mask & (1 << COST_DRIVERS.indexOf(driver))) !== 0;
}

/**
 * The Shapley decomposition of the same cost change as `decomposeCostChange`, computed
 * independently of it: the cost of a "hybrid" period in which the drivers of a subset S take
 * their current values and the others their base values is the plain segment cost formula on
 * hybrid segments (items = Q · s with Q and s each from its period; gold and rework together as
 * quality), and each driver gets its marginal effect averaged over all 2^6 subsets of the others
 * (exact, no sampling). Both decompositions add up to the change and agree in sign segment by
 * segment. A segment present in one period only takes the other period's values with a share of
 * 0, so its cost is split between mix and volume, unlike LMDI's all-to-mix convention.
 */
export function shapleyCostChange(
  base: readonly SegmentCost[],
  current: readonly SegmentCost[],
  measure: CostMeasure = "total",
): { base: number; current: number; change: number; drivers: CostDrivers; segments: SegmentCostChange[] } {
  validateSegments(base, "base");
  validateSegments(current, "current");
  const totals = [base, current].map((period) => period.reduce((sum, s) => sum + s.items, 0)) as [number, number];
  const names = [...new Set([...base, ...current].map((s) => s.segment))];
  const drivers = zeroDrivers();
  const segments: SegmentCostChange[] = [];
  for (const name of names) {
    const found = [base.find((s) => s.segment === name), current.find((s) => s.segment === name)];
    const present = found[1] ?? found[0]!;
    const sides = found.map((s) => s ?? { ...present, items: 0 }) as [SegmentCost, SegmentCost];
    const shares = sides.map((s, p) => (totals[p]! > 0 ? s.items / totals[p]! : 0));
    // f(mask): the segment's cost with the drivers in `mask` at their current values.
    const cost = (mask: number): number => {
      const pick = (driver: CostDriver) => sides[has(mask, driver) ? 1 : 0];
      const volume = totals[has(mask, "volume") ? 1 : 0];
      const quality = pick("quality");
      const hybrid: SegmentCost = {
        segment: name,
        items: volume * shares[has(mask, "mix") ? 1 : 0]!,
        overlap: pick("overlap").overlap,
        goldShare: quality.goldShare,
        reworkShare: quality.reworkShare,
        minutesPerJudgment: pick("efficiency").minutesPerJudgment,
        hourlyRate: pick("rate").hourlyRate,
      };
      if (measure === "total") return segmentCost(hybrid);
      return volume > 0 ? segmentCost(hybrid) / volume : 0;
    };
    const values = Array.from({ length: 1 << N }, (_, mask) => cost(mask));
    const segmentDrivers = zeroDrivers();
    COST_DRIVERS.forEach((driver, k) => {
      let phi = 0;
      for (let mask = 0; mask < 1 << N; mask++) {
        if (mask & (1 << k)) continue;
        phi += WEIGHTS[bitCount(mask)]! * (values[mask | (1 << k)]! - values[mask]!);
      }
      segmentDrivers[driver] = phi;
      drivers[driver] += phi;
    });
    const c0 = values[0]!;
    const cT = values[(1 << N) - 1]!;
    segments.push({ segment: name, base: c0, current: cT, change: cT - c0, drivers: segmentDrivers });
  }
  const baseTotal = segments.reduce((sum, s) => sum + s.base, 0);
  const currentTotal = segments.reduce((sum, s) => sum + s.current, 0);
  return { base: baseTotal, current: currentTotal, change: currentTotal - baseTotal, drivers, segments };
}
