import { DomainError, notFound } from "@quorum/core";
import type { Kysely } from "kysely";
import { addLeaseEnds } from "../repositories/activity-hourly.js";
import { findAssignment, finishIfActive } from "../repositories/assignments.js";
import { freeSlot } from "../repositories/tasks.js";
import type { DB } from "../schema.js";

/**
 * Gives a lease back without a judgment: `skipped` (the annotator does not want this task) or
 * `released` (they stop working). Either way the slot returns to the pool and this annotator is
 * not offered the task again. Only an active lease of the caller's ends; another's is "not found".
 */
export async function endLease(
  db: Kysely<DB>,
  options: { assignmentId: number; annotatorId: number; outcome: "skipped" | "released"; now: number },
): Promise<void> {
  const now = Math.round(options.now);
  await db.transaction().execute(async (trx) => {
    const ended = await finishIfActive(trx, {
      id: options.assignmentId,
      annotatorId: options.annotatorId,
      status: options.outcome,
      now,
    });
    if (!ended) {
      const existing = await findAssignment(trx, options.assignmentId);
      if (!existing || existing.annotatorId !== options.annotatorId) throw notFound("Assignment");
      throw new DomainError("assignment_closed", `This assignment is already ${existing.status}`);
    }
    await freeSlot(trx, ended.projectId, ended.taskId, now);
    if (options.outcome === "skipped")
      await addLeaseEnds(trx, ended.projectId, "skipped", [{ annotatorId: options.annotatorId }], now);
  });
}
