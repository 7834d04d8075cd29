import {
  decideSubmission,
  type GoldFeedback,
  type Judgment,
  leaseExpired,
  notFound,
  type Project,
  taskAfterJudgment,
} from "@quorum/core";
import type { Transaction } from "kysely";
import type { Database } from "../database.js";
import { addJudgmentActivity } from "../repositories/activity-hourly.js";
import { finishAssignment, lockAssignment } from "../repositories/assignments.js";
import { findJudgmentByClientKey, insertJudgment } from "../repositories/judgments.js";
import { freeSlot, lockTaskCounters, readTaskContent, saveTaskCounters } from "../repositories/tasks.js";
import type { DB } from "../schema.js";
import { inTransaction } from "../transaction.js";
import { recordJudgmentCost } from "./record-judgment-cost.js";
import { recordJudgmentQuality } from "./record-judgment-quality.js";
import { addJudgmentToQualityRollups } from "./update-quality-rollups.js";

export interface SubmitResult {
  judgment: Judgment;
  /** True when this call stored the judgment; false when the same clientKey had already stored it. */
  created: boolean;
  /**
   * For gold tasks whose feedback the project's gold policy gives (`givesGoldFeedback`): whether
   * the answer was right, the gold answer and its explanation. Absent otherwise, as for any task.
   */
  gold?: GoldFeedback;
}

export interface SubmitOptions {
  project: Project;
  assignmentId: number;
  annotatorId: number;
  value: unknown;
  activeMs: number;
  clientKey: string;
  now: number;
}

/**
 * Stores the answer given in a lease. Idempotent on `clientKey`: a retry of an acknowledged
 * submission returns the stored judgment. A lease that has expired is reclaimed and answered
 * with `lease_expired`. The task's counters, status and aggregate, the annotator's quality record
 * and the hourly activity change in the same transaction, so an acknowledged judgment is never
 * lost or half-counted. The decision is core's `decideSubmission`.
 */
export async function submitJudgment(database: Database, options: SubmitOptions): Promise<SubmitResult> {
  const submission = { ...options, now: Math.round(options.now) };
  const result = await inTransaction(database, (trx) => submitInTransaction(trx, database, submission));
  // The expiry was committed (the slot is back in the queue); now the caller hears of it.
  if ("expiredAt" in result) throw leaseExpired(result.expiredAt);
  return result;
}

async function submitInTransaction(
  trx: Transaction<DB>,
  database: Database,
  options: SubmitOptions,
): Promise<SubmitResult | { expiredAt: number }> {
  const { project, now } = options;
  const assignment = await lockAssignment(trx, database.dialect, project.id, options.assignmentId);
  if (!assignment) throw notFound("Assignment");
  const previous = await findJudgmentByClientKey(trx, project.id, options.annotatorId, options.clientKey);
  const task = await readTaskContent(trx, project.id, assignment.taskId);
  const decision = decideSubmission(
    { lease: assignment, previous, task, schema: project.schema, goldFeedback: project.goldPolicy.feedback },
    options,
  );

  switch (decision.kind) {
    case "replay":
      return { judgment: decision.judgment, created: false, ...(decision.gold ? { gold: decision.gold } : {}) };
    case "expire":
      await finishAssignment(trx, project.id, assignment.id, "expired", now);
      await freeSlot(trx, project.id, assignment.taskId, now);
      return { expiredAt: decision.expiredAt };
    case "store":
      break;
  }

  const judgment = await insertJudgment(trx, {
    projectId: project.id,
    assignmentId: assignment.id,
    taskId: assignment.taskId,
    annotatorId: options.annotatorId,
    value: decision.value,
    guidelineVersion: project.guidelineVersion,
    activeMs: decision.activeMs,
    clientKey: options.clientKey,
    goldCorrect: decision.goldCorrect,
    createdAt: now,
  });
  await finishAssignment(trx, project.id, assignment.id, "submitted", now);
  await addJudgmentActivity(trx, judgment);

  // Lock the task's counters last, so the row lock is held for as few statements as possible.
  const counters = await lockTaskCounters(trx, database.dialect, project.id, assignment.taskId);
  const belief = await recordJudgmentQuality(trx, database.dialect, {
    project,
    taskId: assignment.taskId,
    taskPosterior: counters.posterior === null ? null : JSON.stringify(counters.posterior),
    gold: task.gold,
    annotatorId: options.annotatorId,
    value: decision.value,
    activeMs: decision.activeMs,
    now,
  });
  await addJudgmentToQualityRollups(trx, { project, judgmentId: judgment.id, gold: task.gold, counters, belief });
  const next = taskAfterJudgment(counters, project.overlapPolicy, belief.confidence, belief.evidence);
  // Field by field rather than `{ ...next, ...belief }`: V8 allocated the spread result in the
  // old generation, which kept each judgment's garbage alive through young collections.
  const counted = {
    status: next.status,
    required: next.required,
    judgmentCount: next.judgmentCount,
    aggregate: belief.aggregate,
    confidence: belief.confidence,
    posterior: belief.posterior,
  };
  await saveTaskCounters(trx, project.id, assignment.taskId, counted, now);
  await recordJudgmentCost(trx, database, { project, judgment, isGold: task.gold !== null, counters });
  return { judgment, created: true, ...(decision.gold ? { gold: decision.gold } : {}) };
}
