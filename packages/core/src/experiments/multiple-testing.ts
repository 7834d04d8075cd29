import { invalidInput } from "../errors.js";

function checkPValues(pValues: readonly number[]): void {
  if (pValues.some((p) => !(p >= 0 && p <= 1))) throw invalidInput("p-values must be in [0, 1]");
}

function ascendingOrder(pValues: readonly number[]): number[] {
  return pValues.map((_, i) => i).sort((i, j) => pValues[i]! - pValues[j]!);
}

/**
 * Holm's step-down adjustment (1979): controls the family-wise error rate — the chance of any
 * false positive among the metrics — under any dependence. The i-th smallest of m p-values
 * becomes max over j ≤ i of (m − j + 1)·p₍ⱼ₎, capped at 1; compare the adjusted values with α.
 * Returned in the input order.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  checkPValues(pValues);
  const m = pValues.length;
  const adjusted = new Array<number>(m);
  let running = 0;
  ascendingOrder(pValues).forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}

/**
 * Benjamini-Hochberg adjustment (1995): controls the false discovery rate — the expected share
 * of false positives among the metrics declared different — for independent or positively
 * dependent tests. The i-th smallest p-value becomes min over j ≥ i of m·p₍ⱼ₎/j, capped at 1.
 * Less strict than Holm; use it for many exploratory metrics, Holm for a few decision metrics.
 */
export function benjaminiHochbergAdjust(pValues: readonly number[]): number[] {
  checkPValues(pValues);
  const m = pValues.length;
  const adjusted = new Array<number>(m);
  const order = ascendingOrder(pValues);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank]!;
    running = Math.min(running, (m / (rank + 1)) * pValues[index]!);
    adjusted[index] = running;
  }
  return adjusted;
}
