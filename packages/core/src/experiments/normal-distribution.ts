import { regularizedGammaP, regularizedGammaQ } from "./incomplete-gamma.js";

/**
 * P(Z > z) for a standard normal Z. Uses erfc(x) = Q(1/2, x²), so the far tail keeps its relative
 * precision (P(Z > 8) ≈ 6.2e-16 rather than 0).
 */
export function normalSurvival(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const half = regularizedGammaQ(0.5, (z * z) / 2) / 2;
  return z >= 0 ? half : 1 - half;
}

/** Φ(z) = P(Z ≤ z) for a standard normal Z. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z >= 0) return 0.5 + regularizedGammaP(0.5, (z * z) / 2) / 2;
  return normalSurvival(-z);
}

/** The two-sided p-value of a z statistic: P(|Z| ≥ |z|). */
export function twoSidedPValue(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return regularizedGammaQ(0.5, (z * z) / 2);
}
