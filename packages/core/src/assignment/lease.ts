import type { ToolVariant } from "../experiments/experiment-design.js";
import type { ControlKind } from "../policy/gold-feedback.js";
import type { Task } from "./task.js";

/** `active` while the annotator holds the task; every other status ends the lease. */
export const ASSIGNMENT_STATUSES = ["active", "submitted", "expired", "skipped", "released"] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** One annotator's hold on one task slot, as stored. Times are epoch milliseconds. */
export interface Assignment {
  id: number;
  projectId: number;
  taskId: number;
  annotatorId: number;
  status: AssignmentStatus;
  createdAt: number;
  expiresAt: number;
  finishedAt: number | null;
  /** Why the task was served when it is a control task (null: from the ordinary queue). */
  servedAs: ControlKind | null;
}

/** An active assignment as its annotator sees it: the task to label and the guidelines in force. */
export interface Lease {
  id: number;
  projectId: number;
  taskId: number;
  annotatorId: number;
  createdAt: number;
  expiresAt: number;
  task: Pick<Task, "id" | "data">;
  guidelineVersion: number;
  /** The labeling view's variant when a running experiment's arm serves one; absent: the standard view. */
  toolVariant?: ToolVariant;
}
