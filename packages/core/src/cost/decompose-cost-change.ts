import {
  COST_DRIVERS,
  type CostDrivers,
  type CostMeasure,
  type SegmentCost,
  validateSegments,
  zeroDrivers,
} from "./segment-cost.js";
import { pairSegments, product, segmentFactors, totalItems } from "./segment-factors.js";

/** One segment's part of a cost change. */
export interface SegmentCostChange {
  segment: string;
  base: number;
  current: number;
  change: number;
  drivers: CostDrivers;
}

/** A cost change split into drivers that add up to it; amounts in the unit of the segments' hourly rate. */
export interface CostChangeDecomposition {
  measure: CostMeasure;
  base: number;
  current: number;
  change: number;
  drivers: CostDrivers;
  /** The quality driver split into its gold-share and rework-share parts (they add up to `drivers.quality`). */
  quality: { gold: number; rework: number };
  segments: SegmentCostChange[];
}

/**
 * The logarithmic mean L(a, b) = (a − b) / (ln a − ln b), L(a, a) = a, for a, b > 0. Near a = b
 * it uses the series b·(1 + x/2 − x²/12 + x³/24) in x = a/b − 1, where the quotient would cancel.
 */
export function logarithmicMean(a: number, b: number): number {
  const x = a / b - 1;
  if (Math.abs(x) < 1e-4) return b * (1 + x / 2 - (x * x) / 12 + (x * x * x) / 24);
  return (a - b) / (Math.log(a) - Math.log(b));
}

/** Each factor's share of one segment's change: LMDI-I, or all of it to the factors that are zero. */
function splitSegmentChange(base: readonly number[], current: readonly number[]): number[] {
  const c0 = product(base);
  const cT = product(current);
  if (c0 > 0 && cT > 0) {
    const weight = logarithmicMean(cT, c0);
    const shares = base.map((x0, k) => weight * Math.log(current[k]! / x0));
    // The shares add up to cT − c0 in exact arithmetic; put the float residual on the largest,
    // so that a change in one factor alone is given to it exactly.
    const largest = shares.reduce((best, share, k) => (Math.abs(share) > Math.abs(shares[best]!) ? k : best), 0);
    shares[largest]! += cT - c0 - shares.reduce((a, b) => a + b, 0);
    return shares;
  }
  if (c0 === cT) return base.map(() => 0);
  // A factor that is 0 in one period (no pay, no time, no judgments): the limit of LMDI-I with
  // that zero replaced by δ → 0 gives the whole change to it, shared equally when several are 0
  // (Ang & Liu 2007, "Handling zero values in index decomposition analysis").
  const zeroSide = c0 === 0 ? base : current;
  const zeros = zeroSide.map((x, k) => (x === 0 ? k : -1)).filter((k) => k >= 0);
  return base.map((_, k) => (zeros.includes(k) ? (cT - c0) / zeros.length : 0));
}

/**
 * Splits the change in labeling cost between two periods (or a budget plan and actuals) into six
 * drivers by LMDI-I (Ang 2004, "Decomposition analysis for policymaking in energy"), an exact
 * additive decomposition. Per segment i, C_i = Q · s_i · o_i · q_i · (t_i / 60) · w_i: Q the
 * accepted items of all segments, s_i the segment's share of them, o_i judgments per item,
 * q_i = (1 + rework share) / (1 − gold share), t_i minutes per judgment, w_i pay per hour.
 * Driver k gets Σ_i L(C_i^T, C_i^0) · ln(x_ik^T / x_ik^0): volume (Q), mix (s), overlap (o),
 * quality (q), efficiency (t) and rate (w). A segment present in one period only (absent, or 0
 * items) adds or removes its whole cost as mix. A segment with a factor of 0 in one period gives
 * its whole change to that factor (see `splitSegmentChange`). The drivers add up to the change
 * exactly (to float precision). `measure` "per_accepted_label" decomposes the change in cost per
 * accepted item, C / Q, the same way: volume is then 0.
 */
export function decomposeCostChange(
  base: readonly SegmentCost[],
  current: readonly SegmentCost[],
  measure: CostMeasure = "total",
): CostChangeDecomposition {
  validateSegments(base, "base");
  validateSegments(current, "current");
  const q0 = totalItems(base);
  const qT = totalItems(current);
  const drivers = zeroDrivers();
  const quality = { gold: 0, rework: 0 };
  const segments: SegmentCostChange[] = [];
  for (const pair of pairSegments(base, current)) {
    const x0 = pair.base && segmentFactors(pair.base, q0, measure);
    const xT = pair.current && segmentFactors(pair.current, qT, measure);
    const c0 = x0 ? product(x0) : 0;
    const cT = xT ? product(xT) : 0;
    const segmentDrivers = zeroDrivers();
    if (x0 && xT) {
      const shares = splitSegmentChange(x0, xT);
      COST_DRIVERS.forEach((driver, k) => {
        segmentDrivers[driver] = shares[k]!;
      });
      if (c0 > 0 && cT > 0) {
        // ln q = ln(1 + rework) − ln(1 − gold): the quality share splits exactly into the two.
        const weight = logarithmicMean(cT, c0);
        quality.rework += weight * Math.log((1 + pair.current!.reworkShare) / (1 + pair.base!.reworkShare));
        quality.gold += weight * Math.log((1 - pair.base!.goldShare) / (1 - pair.current!.goldShare));
      }
    } else {
      segmentDrivers.mix = cT - c0;
    }
    for (const driver of COST_DRIVERS) drivers[driver] += segmentDrivers[driver];
    segments.push({ segment: pair.segment, base: c0, current: cT, change: cT - c0, drivers: segmentDrivers });
  }
  const baseTotal = segments.reduce((sum, s) => sum + s.base, 0);
  const currentTotal = segments.reduce((sum, s) => sum + s.current, 0);
  return {
    measure,
    base: baseTotal,
    current: currentTotal,
    change: currentTotal - baseTotal,
    drivers,
    quality,
    segments,
  };
}
