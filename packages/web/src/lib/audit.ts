import { auditSampleSize } from "@quorum/core";

/**
 * The sample an audit will draw, before it is drawn: n for the margin and confidence with an
 * unlimited population, and corrected for the `population` of done tasks (the server draws the
 * same n; fewer only when tasks are pending in other plans). Null for an out-of-range input.
 */
export function plannedSample(
  marginPoints: number,
  confidence: number,
  population: number,
): { unbounded: number; forPopulation: number } | null {
  if (!Number.isFinite(marginPoints) || marginPoints < 0.5 || marginPoints > 50) return null;
  if (!Number.isFinite(confidence) || confidence < 0.5 || confidence >= 1) return null;
  const size = auditSampleSize({ margin: marginPoints / 100, confidence });
  return { unbounded: size.unbounded, forPopulation: size.forPopulation(Math.max(0, Math.floor(population))) };
}

/** Share of a plan's sample with a verdict, in [0, 1]. */
export function auditProgress(summary: { reviewed: number; plan: { sampleSize: number } }): number {
  return summary.plan.sampleSize > 0 ? Math.min(1, summary.reviewed / summary.plan.sampleSize) : 1;
}

/** "±2 points at 95%". */
export function describePlan(plan: { margin: number; confidence: number }): string {
  const points = Math.round(plan.margin * 1000) / 10;
  return `±${points} points at ${Math.round(plan.confidence * 1000) / 10}%`;
}
