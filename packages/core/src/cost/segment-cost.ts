import { invalidInput } from "../errors.js";

/** The six drivers a cost change is decomposed into, in waterfall order. */
export const COST_DRIVERS = ["volume", "mix", "overlap", "quality", "efficiency", "rate"] as const;
export type CostDriver = (typeof COST_DRIVERS)[number];
export type CostDrivers = Record<CostDriver, number>;

export function zeroDrivers(): CostDrivers {
  return { volume: 0, mix: 0, overlap: 0, quality: 0, efficiency: 0, rate: 0 };
}

/**
 * One segment (task type × language, optionally × vendor) of a period's labeling work, the
 * input of a cost-change decomposition. Its cost is
 * items × overlap × (1 + reworkShare) / (1 − goldShare) × minutesPerJudgment / 60 × hourlyRate,
 * in the unit of `hourlyRate`.
 */
export interface SegmentCost {
  segment: string;
  /** Accepted items. */
  items: number;
  /** Judgments per accepted item. */
  overlap: number;
  /** Share of judgments spent on gold tasks, in [0, 1). */
  goldShare: number;
  /** Judgments redone after rejection, as a share of judgments, in [0, 1]. */
  reworkShare: number;
  minutesPerJudgment: number;
  /** Pay per hour of judging, fully loaded. */
  hourlyRate: number;
}

/** The numeric fields of a segment, in the order files list them. */
export const SEGMENT_COST_FIELDS = [
  "items",
  "overlap",
  "goldShare",
  "reworkShare",
  "minutesPerJudgment",
  "hourlyRate",
] as const;
export type SegmentCostField = (typeof SEGMENT_COST_FIELDS)[number];

/** What is wrong with a segment's numbers: one problem per field out of range (none when valid). */
export function checkSegmentCost(segment: SegmentCost): { field: SegmentCostField; message: string }[] {
  const problems: { field: SegmentCostField; message: string }[] = [];
  for (const field of SEGMENT_COST_FIELDS) {
    const value = segment[field];
    if (!Number.isFinite(value)) problems.push({ field, message: "must be a number" });
    else if (field === "goldShare" && !(value >= 0 && value < 1))
      problems.push({ field, message: "must be in [0, 1)" });
    else if (field === "reworkShare" && !(value >= 0 && value <= 1))
      problems.push({ field, message: "must be in [0, 1]" });
    else if (value < 0) problems.push({ field, message: "must not be negative" });
  }
  return problems;
}

/** The cost of a segment (see `SegmentCost`). */
export function segmentCost(segment: SegmentCost): number {
  return (
    segment.items *
    segment.overlap *
    ((1 + segment.reworkShare) / (1 - segment.goldShare)) *
    (segment.minutesPerJudgment / 60) *
    segment.hourlyRate
  );
}

/** Throws `invalid_input` for a segment out of range or a segment name listed twice in one period. */
export function validateSegments(segments: readonly SegmentCost[], period: string): void {
  const seen = new Set<string>();
  for (const segment of segments) {
    if (seen.has(segment.segment)) throw invalidInput(`${period}: segment "${segment.segment}" is listed twice`);
    seen.add(segment.segment);
    const problems = checkSegmentCost(segment);
    if (problems.length > 0)
      throw invalidInput(
        `${period}: segment "${segment.segment}": ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}`,
        problems.map((p) => ({ path: `${period}.${segment.segment}.${p.field}`, message: p.message })),
      );
  }
}

/** What a decomposition measures: the period's whole cost, or its cost per accepted item. */
export type CostMeasure = "total" | "per_accepted_label";
