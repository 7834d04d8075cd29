/** What a ledger entry pays for. */
export const COST_EVENT_KINDS = [
  "judgment",
  "review",
  "exam",
  "training",
  "bonus",
  "fee",
  "top_up",
  "adjustment",
] as const;
export type CostEventKind = (typeof COST_EVENT_KINDS)[number];

/**
 * One ledger-like cost entry: a signed amount in integer minor units of one currency, with the
 * dimensions costs are reported by. Fields that do not apply are null (a fee has no annotator).
 */
export interface CostEvent {
  kind: CostEventKind;
  /** Signed: an adjustment or a refund may be negative. */
  amountMinor: number;
  currency: string;
  projectId: number | null;
  businessUnitId: number | null;
  vendor: string | null;
  annotatorId: number | null;
  language: string | null;
  taskType: string | null;
  taskId: number | null;
  /** The work was on a gold (control) task. */
  isGold: boolean;
  /**
   * The judgment's place among its task's judgments: 1 for the task's first. A judgment that
   * redoes a rejected one takes the rejected one's ordinal, so every accepted task has exactly
   * one standing judgment with ordinal 1. Null for entries that are not judgments.
   */
  judgmentOrdinal: number | null;
  /** The judgment was rejected in review (its pay is rework). */
  rejected: boolean;
  /** When the cost was incurred (epoch ms). */
  at: number;
}

/** The parts cost per accepted label is decomposed into; see `classifyCostEvent`. */
export const COST_COMPONENTS = ["base", "overlap", "gold", "rework", "review", "bonus", "fees"] as const;
export type CostComponent = (typeof COST_COMPONENTS)[number];
export type CostComponents = Record<CostComponent, number>;

export function zeroComponents(): CostComponents {
  return { base: 0, overlap: 0, gold: 0, rework: 0, review: 0, bonus: 0, fees: 0 };
}

/**
 * The one component an entry's whole amount belongs to, by the first rule that applies:
 * fees (kind `fee`: platform fees and vendor markups); bonus (kinds `bonus` and `top_up`, the
 * fair-pay top-ups); review (kind `review`); gold (kinds `exam` and `training`, and any work on a
 * gold task: pay for measuring and building quality rather than for labels); rework (a rejected
 * judgment, paid and then redone); overlap (a judgment after the task's first, `judgmentOrdinal`
 * > 1); base (everything else: the task's first judgment, and adjustments tied to no judgment).
 */
export function classifyCostEvent(event: CostEvent): CostComponent {
  switch (event.kind) {
    case "fee":
      return "fees";
    case "bonus":
    case "top_up":
      return "bonus";
    case "review":
      return "review";
    case "exam":
    case "training":
      return "gold";
    case "judgment":
    case "adjustment":
      if (event.isGold) return "gold";
      if (event.rejected) return "rework";
      if (event.judgmentOrdinal !== null && event.judgmentOrdinal > 1) return "overlap";
      return "base";
  }
}

/**
 * True for the entry that counts its task as one accepted label: the standing (not rejected)
 * first judgment (ordinal 1) of a non-gold task. Counting at that entry keeps accepted labels
 * additive over days, annotators and vendors, each task counted once.
 */
export function countsAsAcceptedLabel(event: CostEvent): boolean {
  return event.kind === "judgment" && !event.isGold && !event.rejected && event.judgmentOrdinal === 1;
}
