import type { Kysely } from "kysely";
import { releaseActiveOf } from "../repositories/assignments.js";
import { releaseClaimsOf } from "../repositories/review-items.js";
import { freeSlot } from "../repositories/tasks.js";
import type { DB } from "../schema.js";

/** What giving back a person's work released. */
export interface ReleasedWork {
  /** Claims on pending review items, now open to every reviewer. */
  reviewClaims: number;
  /** Active task leases, their slots back in the pool. */
  taskLeases: number;
}

/**
 * Gives back everything a person holds (review claims and task leases, in every project), inside
 * the caller's transaction: someone who can no longer work (deactivated, erased) must not keep
 * items from others until their leases run out.
 */
export async function releaseWorkOf(trx: Kysely<DB>, userId: number, now: number): Promise<ReleasedWork> {
  const reviewClaims = await releaseClaimsOf(trx, userId);
  const tasks = await releaseActiveOf(trx, userId, now);
  // Slots are given back in (project, task) order, the order other writers lock tasks in.
  tasks.sort((a, b) => a.projectId - b.projectId || a.taskId - b.taskId);
  for (const { projectId, taskId } of tasks) await freeSlot(trx, projectId, taskId, now);
  return { reviewClaims, taskLeases: tasks.length };
}
