import type { Kysely } from "kysely";
import { addLeaseEnds } from "../repositories/activity-hourly.js";
import { expireDueAssignments, hasDueAssignment } from "../repositories/assignments.js";
import { freeSlot } from "../repositories/tasks.js";
import type { DB } from "../schema.js";

const RECLAIM_BATCH = 100;
const RECLAIM_EVERY_MS = 1000;
const lastReclaimCheck = new WeakMap<Kysely<DB>, Map<number, number>>();

/**
 * Expired leases give their slot back. This runs lazily at the start of every lease request
 * (no background job), a bounded batch at a time, found through the partial expiry index.
 */
export async function reclaimExpiredLeases(db: Kysely<DB>, projectId: number, now: number): Promise<number> {
  // At most one look per project per second and process: a lease may outlive its expiry by
  // up to a second, which nobody can tell, and the busiest path skips a query.
  let checked = lastReclaimCheck.get(db);
  if (!checked) {
    checked = new Map();
    lastReclaimCheck.set(db, checked);
  }
  const last = checked.get(projectId);
  if (last !== undefined && now >= last && now - last < RECLAIM_EVERY_MS) return 0;
  checked.set(projectId, now);
  if (!(await hasDueAssignment(db, projectId, now))) return 0;
  return db.transaction().execute(async (trx) => {
    // Slots are given back in task order, so two reclaiming processes lock rows in the same order.
    const expired = await expireDueAssignments(trx, projectId, now, RECLAIM_BATCH);
    const taskIds = expired.map((lease) => lease.taskId).sort((a, b) => a - b);
    for (const taskId of taskIds) await freeSlot(trx, projectId, taskId, now);
    await addLeaseEnds(trx, projectId, "expired", expired, now);
    return taskIds.length;
  });
}
