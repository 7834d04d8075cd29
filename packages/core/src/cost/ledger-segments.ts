import { invalidInput } from "../errors.js";
import type { SegmentCost } from "./segment-cost.js";

const MINUTE_MS = 60_000;

/** What a period's ledger holds for one segment (task type × language [× vendor]). */
export interface SegmentTotals {
  segment: string;
  /** Every cost in the segment (judgments, review, bonuses, fees), minor units. */
  costMinor: number;
  /** Judgment entries, gold and rejected included. */
  judgments: number;
  goldJudgments: number;
  /** Non-gold judgments later rejected (paid, then redone). */
  rejectedJudgments: number;
  acceptedItems: number;
  /** Active time of the segment's judgments. */
  activeMs: number;
}

/** Segment totals turned into the six factors of the decomposition, and what they could not explain. */
export interface LedgerSegments {
  segments: SegmentCost[];
  /** Cost of segments without accepted items, judgments or active time (fees of no task type, ...), minor units. */
  unexplainedMinor: number;
}

/**
 * The decomposition's segments from ledger totals, chosen so that each segment's cost
 * Q·s·o·q·(t/60)·w equals its ledger cost exactly (in currency units of `10^-fractionDigits`):
 * overlap = standing non-gold judgments per accepted item, gold share = gold / all judgments,
 * rework share = rejected / standing non-gold judgments (so that items·o·q = judgments),
 * minutes per judgment = active minutes / judgments, hourly rate = cost / active hours (fully
 * loaded: review, bonuses and fees of the segment included). A segment without accepted items,
 * judgments or active time cannot be factored: its cost is reported as unexplained. A rework
 * share above 1 (more rejected than standing judgments) is capped at 1, so that segment's
 * factors then understate its cost.
 */
export function segmentsFromTotals(totals: readonly SegmentTotals[], fractionDigits: number): LedgerSegments {
  const unit = 10 ** fractionDigits;
  const segments: SegmentCost[] = [];
  let unexplainedMinor = 0;
  for (const row of totals) {
    for (const field of ["judgments", "goldJudgments", "rejectedJudgments", "acceptedItems", "activeMs"] as const) {
      if (!(Number.isFinite(row[field]) && row[field] >= 0))
        throw invalidInput(`segment "${row.segment}": ${field} must be a non-negative number`);
    }
    const standing = row.judgments - row.goldJudgments - row.rejectedJudgments;
    if (row.acceptedItems === 0 || row.activeMs === 0 || standing <= 0 || row.costMinor <= 0) {
      unexplainedMinor += row.costMinor;
      continue;
    }
    const minutes = row.activeMs / MINUTE_MS;
    segments.push({
      segment: row.segment,
      items: row.acceptedItems,
      overlap: standing / row.acceptedItems,
      goldShare: row.goldJudgments / row.judgments,
      reworkShare: Math.min(1, row.rejectedJudgments / standing),
      minutesPerJudgment: minutes / row.judgments,
      hourlyRate: row.costMinor / unit / (minutes / 60),
    });
  }
  return { segments, unexplainedMinor };
}
