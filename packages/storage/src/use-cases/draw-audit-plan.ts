import { webcrypto } from "node:crypto";
import { mulberry32, notFound, type Project, type Random, startAuditDraw } from "@quorum/core";
import type { Database } from "../database.js";
import { type AuditPlan, insertAuditPlan, setAuditSampleSize } from "../repositories/audit-plans.js";
import { batchExists } from "../repositories/batches.js";
import { adoptQueuedItems, insertPendingItems } from "../repositories/review-items.js";
import { doneTaskIds } from "../repositories/task-labels.js";
import { inTransaction, writeAudit } from "../transaction.js";

const SCAN_PAGE = 5000;
const INSERT_CHUNK = 500;

function randomSeed(): number {
  return webcrypto.getRandomValues(new Uint32Array(1))[0]!;
}

/**
 * Draws an audit: counts the done tasks of the project (or one batch) and picks a uniform random
 * sample of them in the same pass (core's `startAuditDraw`, fed a page of task ids at a time).
 * Sampled tasks become pending review items of the plan; a task already pending review from a
 * queue (not a plan) is adopted by the plan, and one pending in another plan is replaced by the
 * next random candidate. `plan.sampleSize` is what was drawn; it falls short of
 * `requiredSampleSize` only when too many of the tasks are pending in other plans.
 */
export async function createAuditPlan(
  database: Database,
  options: {
    project: Project;
    batchId?: number | undefined;
    margin: number;
    confidence: number;
    expectedAccuracy?: number | undefined;
    actorId: number;
    now: number;
    random?: Random;
  },
): Promise<{ plan: AuditPlan; requiredSampleSize: number }> {
  const { db } = database;
  const { project, batchId, now } = options;
  if (batchId !== undefined && !(await batchExists(db, project.id, batchId))) throw notFound("Batch");
  const draw = startAuditDraw(
    { ...options, scope: batchId === undefined ? "project" : "batchId" },
    options.random ?? mulberry32(randomSeed()),
  );
  for (let after = 0; ; ) {
    const ids = await doneTaskIds(db, { projectId: project.id, batchId, after, limit: SCAN_PAGE });
    for (const id of ids) draw.offer(id);
    if (ids.length < SCAN_PAGE) break;
    after = ids[ids.length - 1]!;
  }
  const { population, sampleSize: wanted, candidates } = draw.finish();

  return inTransaction(database, async (trx) => {
    const plan = await insertAuditPlan(trx, {
      projectId: project.id,
      batchId: batchId ?? null,
      margin: options.margin,
      confidence: options.confidence,
      population,
      sampleSize: wanted,
      createdBy: options.actorId,
      createdAt: now,
    });
    let linked = 0;
    for (let next = 0; linked < wanted && next < candidates.length; ) {
      const chunk = candidates.slice(next, next + Math.min(INSERT_CHUNK, wanted - linked));
      next += chunk.length;
      const inserted = await insertPendingItems(trx, {
        projectId: project.id,
        taskIds: chunk,
        source: "sample",
        planId: plan.id,
        now,
      });
      linked += inserted.length;
      if (inserted.length < chunk.length)
        linked += await adoptQueuedItems(trx, { projectId: project.id, planId: plan.id, taskIds: chunk });
    }
    if (linked !== wanted) await setAuditSampleSize(trx, plan.id, linked);
    await writeAudit(trx, {
      projectId: project.id,
      actorId: options.actorId,
      action: "review.plan",
      details: {
        planId: plan.id,
        batchId: batchId ?? null,
        population,
        requiredSampleSize: wanted,
        sampleSize: linked,
      },
      now,
    });
    return { plan: { ...plan, sampleSize: linked }, requiredSampleSize: wanted };
  });
}
