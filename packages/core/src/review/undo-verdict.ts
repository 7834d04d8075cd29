import { DomainError } from "../errors.js";
import type { LabelValue } from "../label-schema.js";
import type { ReviewStatus } from "./review-items.js";

/** How long after a verdict its reviewer may take it back (if they have not decided another item since). */
export const UNDO_WINDOW_MS = 2 * 60_000;

/** A task's label as stored: the value, how it was reached, and (online) the majority's share. */
export interface StoredLabel {
  value: LabelValue;
  method?: string;
  agreement?: number;
}

/**
 * What a verdict changed on its task, recorded with the verdict so that an undo can put it back:
 * the counters a rejection changes and the label a correction replaces.
 */
export interface PriorTaskState {
  required: number;
  judgmentCount: number;
  slotsTaken: number;
  aggregate: StoredLabel | null;
  confidence: number | null;
  updatedAt: number;
}

/** What undoing a verdict does to its task: the reverse of core's `applyVerdict` effect. */
export type UndoTaskChange =
  /** An accepted aggregate was never changed. */
  | { kind: "keep" }
  /** A rejected task goes back to done, needing what it needed before. */
  | { kind: "restore_required"; required: number; updatedAt: number; judgmentCount: number; slotsTaken: number }
  /** A corrected task gets back the label it had before the correction. */
  | { kind: "restore_label"; aggregate: StoredLabel | null; confidence: number | null; updatedAt: number };

export interface UndoInput {
  item: { status: ReviewStatus; reviewerId: number | null; reviewedAt: number | null };
  /** Who asks to undo. */
  requesterId: number;
  /** The requester has decided another item after this one. */
  decidedSince: boolean;
  now: number;
  /** The task as it is now. */
  task: { judgmentCount: number; slotsTaken: number; aggregate: StoredLabel | null };
  /** The task as it was before the verdict; null for verdicts recorded before undo existed. */
  prior: PriorTaskState | null;
}

/**
 * The reverse of a verdict, for the reviewer who gave it: only their most recent verdict, within
 * `UNDO_WINDOW_MS`. A rejection can be undone only while no annotator has taken the reopened task
 * (its leases and judgments are as the verdict left them); a correction only while the task's
 * label is still the reviewer's. Throws `undo_unavailable` saying why otherwise.
 */
export function undoVerdict(input: UndoInput): UndoTaskChange {
  const { item, prior } = input;
  if (item.status === "pending" || item.reviewedAt === null) throw undoUnavailable("This item has no verdict to undo");
  if (item.reviewerId !== input.requesterId) throw undoUnavailable("Only the reviewer who gave a verdict can undo it");
  if (input.decidedSince) throw undoUnavailable("Only your most recent verdict can be undone");
  if (input.now - item.reviewedAt > UNDO_WINDOW_MS)
    throw undoUnavailable(`A verdict can be undone for ${UNDO_WINDOW_MS / 60_000} minutes after it was given`);
  switch (item.status) {
    case "accepted":
      return { kind: "keep" };
    case "rejected": {
      if (!prior) throw undoUnavailable("This verdict was recorded without what it changed, so it cannot be undone");
      const { task } = input;
      if (task.judgmentCount !== prior.judgmentCount || task.slotsTaken !== prior.slotsTaken)
        throw undoUnavailable("An annotator has already taken the task again, so the rejection stands");
      return {
        kind: "restore_required",
        required: prior.required,
        updatedAt: prior.updatedAt,
        judgmentCount: prior.judgmentCount,
        slotsTaken: prior.slotsTaken,
      };
    }
    case "corrected":
      if (!prior) throw undoUnavailable("This verdict was recorded without what it changed, so it cannot be undone");
      if (input.task.aggregate?.method !== "review")
        throw undoUnavailable("The task's label has changed since the correction, so it stands");
      return {
        kind: "restore_label",
        aggregate: prior.aggregate,
        confidence: prior.confidence,
        updatedAt: prior.updatedAt,
      };
  }
}

function undoUnavailable(message: string): DomainError {
  return new DomainError("undo_unavailable", message);
}
