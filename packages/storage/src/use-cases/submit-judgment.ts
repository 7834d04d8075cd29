import {
  answerNeedsTaskData,
  decideSubmission,
  type GoldFeedback,
  type Judgment,
  leaseExpired,
  notFound,
  type Project,
  reviewPolicyIsOn,
  taskAfterJudgment,
} from "@quorum/core";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../database.js";
import { addLeaseEnds } from "../repositories/activity-hourly.js";
import { aggregateJudgesAnswers } from "../repositories/aggregate-verdicts.js";
import { finishAssignment, lockSubmission } from "../repositories/assignments.js";
import { saveJudgedTask } from "../repositories/judged-task.js";
import { storeJudgment } from "../repositories/stored-judgment.js";
import { freeSlot } from "../repositories/tasks.js";
import { readWellbeingPolicy } from "../repositories/wellbeing.js";
import type { DB } from "../schema.js";
import { inTransaction } from "../transaction.js";
import { armOverrides, experimentPlacement, taskOverlapPolicy } from "./experiment-placement.js";
import { queueDoneTaskForReview } from "./queue-done-task-for-review.js";
import { recordExposure } from "./record-exposure.js";
import { recordJudgmentCost } from "./record-judgment-cost.js";
import { recordJudgmentQuality } from "./record-judgment-quality.js";
import { judgmentRollupCells } from "./update-quality-rollups.js";

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

/**
 * The project of an assignment, read once the assignment is (e.g. `getProjectCached`); a read
 * must go through `trx` (on SQLite the transaction holds the only connection).
 */
export type ProjectOf = (projectId: number, trx: Kysely<DB>) => Promise<Project | undefined>;

export interface SubmitOptions {
  /** The assignment's project, or how to find it when only the assignment id is known. */
  project: Project | ProjectOf;
  assignmentId: number;
  annotatorId: number;
  value: unknown;
  activeMs: number;
  clientKey: string;
  now: number;
  /** The annotator's IANA zone (their day of exposure to harmful content); absent: the workspace's. */
  annotatorTimeZone?: string | null;
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
  const result = await inTransaction(database, (trx) => submitInTransaction(trx, database, submission), {
    small: true,
  });
  // The expiry was committed (the slot is back in the queue); now the caller hears of it.
  if ("expiredAt" in result) throw leaseExpired(result.expiredAt);
  return result;
}

async function submitInTransaction(
  trx: Transaction<DB>,
  database: Database,
  options: SubmitOptions,
): Promise<SubmitResult | { expiredAt: number }> {
  const { now } = options;
  const { dialect } = database;
  // One read for the assignment, its task's content and a judgment stored with this clientKey (PostgreSQL:
  // the assignment's and the task's rows locked; SQLite: also what `storeJudgment` returns as `read`).
  const submission = await lockSubmission(trx, dialect, options);
  if (!submission) throw notFound("Assignment");
  const { assignment, task, previous } = submission;
  const project = await projectOfAssignment(trx, options.project, assignment.projectId);
  // A task's data is parsed only for a schema that checks the answer against it (ranking).
  const checked = {
    data: answerNeedsTaskData(project.schema) ? submission.taskData() : {},
    gold: task.gold,
    goldExplanation: task.goldExplanation,
  };
  const decision = decideSubmission(
    { lease: assignment, previous, task: checked, schema: project.schema, goldFeedback: project.goldPolicy.feedback },
    options,
  );

  switch (decision.kind) {
    case "replay":
      return { judgment: decision.judgment, created: false, ...(decision.gold ? { gold: decision.gold } : {}) };
    case "expire":
      await finishAssignment(trx, dialect, project.id, assignment.id, "expired", now);
      await freeSlot(trx, project.id, assignment.taskId, now);
      await addLeaseEnds(trx, project.id, "expired", [assignment], now);
      return { expiredAt: decision.expiredAt };
    case "store":
      break;
  }

  // A running experiment's arm may serve another guideline version, pay or overlap (cached: no statement).
  const placement = await experimentPlacement(database, project.id, options.annotatorId, trx);
  const arm = armOverrides(placement, assignment.taskId);
  // Also ends the assignment and counts the hourly activity; returns the task's counters, the task's
  // judgments so far and the annotator's record, locked (PostgreSQL: one statement).
  const { judgment, read } = await storeJudgment(
    trx,
    dialect,
    {
      projectId: project.id,
      assignmentId: assignment.id,
      taskId: assignment.taskId,
      annotatorId: options.annotatorId,
      value: decision.value,
      guidelineVersion: arm.guidelineVersion ?? project.guidelineVersion,
      activeMs: decision.activeMs,
      clientKey: options.clientKey,
      goldCorrect: decision.goldCorrect,
      createdAt: now,
    },
    submission.read,
  );
  const { counters } = read;
  const taskAnswers = [
    ...read.taskAnswers,
    {
      id: judgment.id,
      annotatorId: judgment.annotatorId,
      value: decision.value,
      guidelineVersion: judgment.guidelineVersion,
      goldCorrect: judgment.goldCorrect,
    },
  ];
  const belief = await recordJudgmentQuality(trx, dialect, {
    annotatorRecord: read.annotatorRecord,
    taskAnswers,
    project,
    taskPosterior: counters.posterior === null ? null : JSON.stringify(counters.posterior),
    gold: task.gold,
    annotatorId: options.annotatorId,
    value: decision.value,
    activeMs: decision.activeMs,
    now,
    // Written with the roll-ups and the task by `saveJudgedTask` (one statement on PostgreSQL).
    deferRecord: true,
  });
  const judged = { project, judgmentId: judgment.id, gold: task.gold, counters, belief };
  const policy = taskOverlapPolicy(placement, assignment.taskId, project.overlapPolicy);
  const next = taskAfterJudgment(counters, policy, belief.confidence, belief.evidence);
  // Field by field rather than `{ ...next, ...belief }`: V8 allocated the spread result in the
  // old generation, which kept each judgment's garbage alive through young collections.
  const counted = {
    status: next.status,
    required: next.required,
    judgmentCount: next.judgmentCount,
    aggregate: belief.aggregate,
    confidence: belief.confidence,
    posterior: belief.posterior,
    statusBefore: counters.status,
  };
  const becomesDone = next.status === "done" && counters.status !== "done";
  // Settled: the aggregate marks the task's judgments (only on the step to done).
  const settles = becomesDone && aggregateJudgesAnswers(project.schema);
  await saveJudgedTask(trx, dialect, {
    projectId: project.id,
    taskId: assignment.taskId,
    annotatorId: options.annotatorId,
    now,
    record: belief.annotatorRecord,
    cells: judgmentRollupCells(judged),
    spreadBy: judgment.id,
    task: counted,
    ...(settles ? { settledBy: belief.aggregate.value } : {}),
  });
  // The project's review policy may queue the task now it is done (off: no statement, no work).
  if (becomesDone && reviewPolicyIsOn(project.reviewPolicy))
    await queueDoneTaskForReview(trx, project.reviewPolicy, {
      projectId: project.id,
      taskId: assignment.taskId,
      gold: task.gold !== null,
      confidence: belief.confidence,
      answers: taskAnswers.map((answer) => answer.value),
      draw: Math.random(),
      now,
    });
  await recordJudgmentCost(trx, database, {
    project,
    judgment,
    isGold: task.gold !== null,
    servedAs: assignment.servedAs,
    counters,
    armPay: arm,
  });
  // Exposure to harmful content counts against the author's budgets; it never changes their pay.
  if (task.harm)
    await recordExposure(trx, dialect, await readWellbeingPolicy(database.db, trx), {
      projectId: project.id,
      annotatorId: options.annotatorId,
      timeZone: options.annotatorTimeZone,
      category: task.harm,
      activeMs: decision.activeMs,
      now,
    });
  return { judgment, created: true, ...(decision.gold ? { gold: decision.gold } : {}) };
}

/** The assignment's project; a project given up front must be the assignment's (else "not found"). */
async function projectOfAssignment(trx: Kysely<DB>, project: Project | ProjectOf, projectId: number): Promise<Project> {
  const found = typeof project === "function" ? await project(projectId, trx) : project;
  if (!found || found.id !== projectId) throw notFound("Assignment");
  return found;
}
