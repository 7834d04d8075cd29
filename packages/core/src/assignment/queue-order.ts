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

/** The head of one project's queue, as "next task anywhere" compares them. */
export interface ProjectQueueHead {
  project: { id: number; priority: number };
  task: Pick<Task, "id" | "priority" | "deadlineKey">;
}

/**
 * The order of work across projects ("next task anywhere"): the higher project priority first,
 * then the queue order of the heads (batch priority, which tasks carry, then the earlier
 * deadline, then the older task), then the smaller project id. Negative when `a` comes first.
 */
export function compareAcrossProjects(a: ProjectQueueHead, b: ProjectQueueHead): number {
  return b.project.priority - a.project.priority || compareQueueOrder(a.task, b.task) || a.project.id - b.project.id;
}
