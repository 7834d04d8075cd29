import type { CostMeasure, SegmentCost } from "./segment-cost.js";

// Internal helpers shared by the LMDI and Shapley decompositions (not exported from the package).

/**
 * The six factors of each segment's cost, as the decompositions use them:
 * [Q (or 1 per accepted label), s = items / Q, overlap, q = (1 + rework) / (1 − gold), hours per judgment, rate].
 * Their product is the segment's cost (divided by Q per accepted label).
 */
export function segmentFactors(segment: SegmentCost, totalItems: number, measure: CostMeasure): number[] {
  return [
    measure === "total" ? totalItems : 1,
    segment.items / totalItems,
    segment.overlap,
    (1 + segment.reworkShare) / (1 - segment.goldShare),
    segment.minutesPerJudgment / 60,
    segment.hourlyRate,
  ];
}

export function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

/** Segments of both periods matched by name, in order of first appearance (base first); absent or 0-item segments are undefined. */
export function pairSegments(
  base: readonly SegmentCost[],
  current: readonly SegmentCost[],
): { segment: string; base: SegmentCost | undefined; current: SegmentCost | undefined }[] {
  const pairs = new Map<string, { segment: string; base: SegmentCost | undefined; current: SegmentCost | undefined }>();
  for (const segment of base)
    pairs.set(segment.segment, { segment: segment.segment, base: segment, current: undefined });
  for (const segment of current) {
    const pair = pairs.get(segment.segment);
    if (pair) pair.current = segment;
    else pairs.set(segment.segment, { segment: segment.segment, base: undefined, current: segment });
  }
  return [...pairs.values()].map((pair) => ({
    segment: pair.segment,
    base: pair.base && pair.base.items > 0 ? pair.base : undefined,
    current: pair.current && pair.current.items > 0 ? pair.current : undefined,
  }));
}

export function totalItems(segments: readonly SegmentCost[]): number {
  return segments.reduce((sum, segment) => sum + segment.items, 0);
}
