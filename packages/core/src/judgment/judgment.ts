import type { LabelValue } from "../label-schema.js";

/** One annotator's answer to one task, given in one lease. Times are epoch milliseconds. */
export interface Judgment {
  id: number;
  projectId: number;
  assignmentId: number;
  taskId: number;
  annotatorId: number;
  /** Canonical form (see `validateLabelValue`). */
  value: LabelValue;
  /** The guideline version in force when the answer was given. */
  guidelineVersion: number;
  activeMs: number;
  /** Chosen by the client; a retry with the same key returns the stored judgment. */
  clientKey: string;
  /** For gold tasks, whether the answer matched the known one. */
  goldCorrect: boolean | null;
  createdAt: number;
}

/** What an annotator learns after answering a gold task: whether they were right, and why. */
export interface GoldFeedback {
  correct: boolean;
  answer: LabelValue;
  explanation: string | null;
}

const HOUR = 3_600_000;

/** Active time above this is not believed (a tab left open); it is capped, not rejected. */
export const MAX_ACTIVE_MS = 2 * HOUR;
