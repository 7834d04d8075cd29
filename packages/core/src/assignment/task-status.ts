/**
 * Where a task is in its life: open for more leases, fully leased, or complete; `gold` marks a
 * control task, served from its own queue by the gold policy and never counted as work;
 * `cancelled` a task of a cancelled batch: out of the queue for good, its judgments kept.
 */
export type TaskStatus = "open" | "full" | "done" | "gold" | "cancelled";

/** The statuses a work task moves through; the rule below decides among them. */
export type WorkTaskStatus = Exclude<TaskStatus, "gold" | "cancelled">;

export const TASK_STATUSES: readonly TaskStatus[] = ["open", "full", "done", "gold", "cancelled"];

/** Statuses the counter rule never changes: control tasks and cancelled ones keep theirs. */
export const FIXED_TASK_STATUSES: readonly TaskStatus[] = ["gold", "cancelled"];

/**
 * The status implied by a task's counters. `slotsTaken` counts active leases plus submitted
 * judgments; a task is served only while it is open, so it can never exceed `required` (rule 1).
 * Storage computes the same rule in SQL with `taskStatusSql` (storage/src/task-status-sql.ts).
 */
export function taskStatus(required: number, slotsTaken: number, judgmentCount: number): WorkTaskStatus {
  if (judgmentCount >= required) return "done";
  if (slotsTaken >= required) return "full";
  return "open";
}

/** Sort key for "earliest deadline first" that puts tasks without a deadline last on every database. */
export const NO_DEADLINE = 8_640_000_000_000_000;

export function deadlineKey(deadline: number | null | undefined): number {
  return deadline ?? NO_DEADLINE;
}

/**
 * What writing (`hasGold`) or removing a gold answer does to a task's status, as an import or a
 * gold policy change would have placed it: an open task becomes a control (`gold`) when the
 * project's gold policy serves controls (`control`, core's `goldIsControl`); a control that loses
 * its gold answer is `released` back to the status its counters imply. A task already full, done
 * or cancelled keeps its status: its leases and judgments stand.
 */
export function statusAfterGoldChange(
  status: TaskStatus,
  change: { hasGold: boolean; control: boolean },
): "gold" | "released" | "kept" {
  if (change.hasGold && change.control && status === "open") return "gold";
  if (!change.hasGold && status === "gold") return "released";
  return "kept";
}
