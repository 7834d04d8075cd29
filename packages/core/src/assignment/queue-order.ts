import type { Task } from "./task.js";

/**
 * The order in which open tasks are served: higher priority first, then the earlier deadline,
 * then the older task (smaller id). Negative when `a` comes first. The partial index `tasks_queue`
 * holds each language queue in this order; this compares the heads of several queues.
 */
export function compareQueueOrder(
  a: Pick<Task, "id" | "priority" | "deadlineKey">,
  b: Pick<Task, "id" | "priority" | "deadlineKey">,
): number {
  return b.priority - a.priority || a.deadlineKey - b.deadlineKey || a.id - b.id;
}
