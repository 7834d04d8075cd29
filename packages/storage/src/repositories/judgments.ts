import {
  DomainError,
  invalidInput,
  type LabelValue,
  labelKey,
  notFound,
  type Project,
  requiredAfterJudgment,
  taskStatus,
  validateLabelValue,
} from "@quorum/core";
import { type Kysely, sql } from "kysely";
import { type Database, isRetryable } from "../database.js";
import type { DB } from "../schema.js";
import { taskStatusSql } from "../task-status-sql.js";
import { recordJudgmentQuality } from "./quality-records.js";

export interface Judgment {
  id: number;
  assignmentId: number;
  taskId: number;
  annotatorId: number;
  value: LabelValue;
  guidelineVersion: number;
  activeMs: number;
  clientKey: string;
  createdAt: number;
}

export interface SubmitResult {
  judgment: Judgment;
  /** True when this call stored the judgment; false when the same clientKey had already stored it. */
  created: boolean;
  /** For gold tasks: whether the answer was right, and the explanation (shown after answering). */
  gold?: { correct: boolean; answer: LabelValue; explanation: string | null };
}

const HOUR = 3_600_000;
/** Active time above this is not believed (a tab left open); it is capped, not rejected. */
export const MAX_ACTIVE_MS = 2 * HOUR;

function toJudgment(row: {
  id: number;
  assignment_id: number;
  task_id: number;
  annotator_id: number;
  value: string;
  guideline_version: number;
  active_ms: number;
  client_key: string;
  created_at: number;
}): Judgment {
  return {
    id: row.id,
    assignmentId: row.assignment_id,
    taskId: row.task_id,
    annotatorId: row.annotator_id,
    value: JSON.parse(row.value) as LabelValue,
    guidelineVersion: row.guideline_version,
    activeMs: row.active_ms,
    clientKey: row.client_key,
    createdAt: row.created_at,
  };
}

/**
 * Stores the answer given in a lease. Idempotent on `clientKey`: a retry of an acknowledged
 * submission returns the stored judgment. A lease that has expired is reclaimed and answered
 * with `lease_expired`. The task's counters, status and majority-vote aggregate are updated in
 * the same transaction, so an acknowledged judgment is never lost or half-counted.
 */
export async function submitJudgment(
  database: Database,
  options: {
    project: Project;
    assignmentId: number;
    annotatorId: number;
    value: unknown;
    activeMs: number;
    clientKey: string;
    now: number;
  },
): Promise<SubmitResult> {
  options = { ...options, now: Math.round(options.now) };
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await database.db
        .transaction()
        .execute((trx) => submitInTransaction(trx, database.dialect, options));
      if ("expiredAt" in result) throw leaseExpired(result.expiredAt);
      return result;
    } catch (error) {
      if (!isRetryable(error) || attempt >= 4) throw error;
    }
  }
}

function leaseExpired(expiredAt: number): DomainError {
  return new DomainError(
    "lease_expired",
    "This task's lease expired before the answer arrived; it went back to the queue",
    [{ path: "assignment", message: `expired at ${new Date(expiredAt).toISOString()}` }],
  );
}

async function submitInTransaction(
  trx: Kysely<DB>,
  dialect: Database["dialect"],
  options: Parameters<typeof submitJudgment>[1],
): Promise<SubmitResult | { expiredAt: number }> {
  const { project, now } = options;
  let leaseQuery = trx
    .selectFrom("assignments")
    .select(["id", "project_id", "task_id", "annotator_id", "status", "expires_at"])
    .where("project_id", "=", project.id)
    .where("id", "=", options.assignmentId);
  if (dialect === "postgres") leaseQuery = leaseQuery.forUpdate();
  const lease = await leaseQuery.executeTakeFirst();
  if (!lease || lease.annotator_id !== options.annotatorId) throw notFound("Assignment");

  const previous = await trx
    .selectFrom("judgments")
    .selectAll()
    .where("project_id", "=", project.id)
    .where("annotator_id", "=", options.annotatorId)
    .where("client_key", "=", options.clientKey)
    .executeTakeFirst();
  if (previous) {
    if (previous.assignment_id !== lease.id)
      throw new DomainError("client_key_reused", "This clientKey was already used for another assignment", [
        { path: "clientKey", message: "must be unique per answer" },
      ]);
    return {
      judgment: toJudgment(previous),
      created: false,
      ...(await goldFeedback(trx, project.id, lease.task_id, previous.value)),
    };
  }
  if (lease.status === "submitted")
    throw new DomainError(
      "already_submitted",
      "An answer was already submitted for this assignment with another clientKey",
    );
  if (lease.status !== "active") {
    if (lease.status === "expired") throw leaseExpired(lease.expires_at);
    throw new DomainError("assignment_closed", `This assignment was ${lease.status}; take a new task`);
  }
  if (lease.expires_at <= now) {
    // Give the slot back and commit that; the caller then reports the expiry.
    await trx
      .updateTable("assignments")
      .set({ status: "expired", finished_at: now })
      .where("project_id", "=", project.id)
      .where("id", "=", lease.id)
      .execute();
    await trx
      .updateTable("tasks")
      .set({
        slots_taken: sql`slots_taken - 1`,
        status: taskStatusSql({ slotsDelta: -1 }),
        updated_at: now,
      })
      .where("project_id", "=", project.id)
      .where("id", "=", lease.task_id)
      .execute();
    return { expiredAt: lease.expires_at };
  }

  // The task's content is immutable: read it without a lock, and lock its counters only at the
  // end (PostgreSQL), so the row lock is held for as few statements as possible.
  const task = await trx
    .selectFrom("tasks")
    .select(["data", "gold", "gold_explanation"])
    .where("project_id", "=", project.id)
    .where("id", "=", lease.task_id)
    .executeTakeFirstOrThrow();
  const checked = validateLabelValue(project.schema, options.value, JSON.parse(task.data) as Record<string, unknown>);
  if (!checked.ok) throw invalidInput("The answer does not fit the project's label schema", checked.errors);
  const value = checked.value;
  const goldCorrect = task.gold === null ? null : labelKey(JSON.parse(task.gold) as LabelValue) === labelKey(value);
  const activeMs = Math.max(0, Math.min(Math.round(options.activeMs), MAX_ACTIVE_MS));

  const inserted = await trx
    .insertInto("judgments")
    .values({
      project_id: project.id,
      assignment_id: lease.id,
      task_id: lease.task_id,
      annotator_id: options.annotatorId,
      value: JSON.stringify(value),
      guideline_version: project.guidelineVersion,
      active_ms: activeMs,
      client_key: options.clientKey,
      gold_correct: goldCorrect === null ? null : goldCorrect ? 1 : 0,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .updateTable("assignments")
    .set({ status: "submitted", finished_at: now })
    .where("project_id", "=", project.id)
    .where("id", "=", lease.id)
    .execute();

  const hour = Math.floor(now / HOUR) * HOUR;
  const gold = goldCorrect === null ? 0 : 1;
  const correct = goldCorrect ? 1 : 0;
  await trx
    .insertInto("activity_hourly")
    .values({
      project_id: project.id,
      hour,
      annotator_id: options.annotatorId,
      judgments: 1,
      active_ms: activeMs,
      gold_answered: gold,
      gold_correct: correct,
    })
    .onConflict((oc) =>
      oc.columns(["project_id", "hour", "annotator_id"]).doUpdateSet({
        judgments: sql`activity_hourly.judgments + 1`,
        active_ms: sql`activity_hourly.active_ms + ${activeMs}`,
        gold_answered: sql`activity_hourly.gold_answered + ${gold}`,
        gold_correct: sql`activity_hourly.gold_correct + ${correct}`,
      }),
    )
    .execute();

  let countersQuery = trx
    .selectFrom("tasks")
    .select(["status", "required", "slots_taken", "judgment_count", "posterior"])
    .where("project_id", "=", project.id)
    .where("id", "=", lease.task_id);
  if (dialect === "postgres") countersQuery = countersQuery.forUpdate();
  const counters = await countersQuery.executeTakeFirstOrThrow();

  const belief = await recordJudgmentQuality(trx, dialect, {
    project,
    taskId: lease.task_id,
    taskPosterior: counters.posterior,
    gold: task.gold === null ? null : (JSON.parse(task.gold) as LabelValue),
    annotatorId: options.annotatorId,
    value,
    activeMs,
    now,
  });
  const judgmentCount = counters.judgment_count + 1;
  const control = counters.status === "gold";
  const required = control
    ? counters.required
    : requiredAfterJudgment({
        policy: project.overlapPolicy,
        required: counters.required,
        slotsTaken: counters.slots_taken,
        judgmentCount,
        confidence: belief.confidence,
      });
  await trx
    .updateTable("tasks")
    .set({
      judgment_count: judgmentCount,
      required,
      status: control ? "gold" : taskStatus(required, counters.slots_taken, judgmentCount),
      aggregate: JSON.stringify(belief.aggregate),
      confidence: belief.confidence,
      posterior: belief.posterior,
      updated_at: now,
    })
    .where("project_id", "=", project.id)
    .where("id", "=", lease.task_id)
    .execute();

  const feedback =
    task.gold === null
      ? {}
      : {
          gold: {
            correct: goldCorrect === true,
            answer: JSON.parse(task.gold) as LabelValue,
            explanation: task.gold_explanation,
          },
        };
  return { judgment: toJudgment(inserted), created: true, ...feedback };
}

async function goldFeedback(trx: Kysely<DB>, projectId: number, taskId: number, storedValue: string) {
  const task = await trx
    .selectFrom("tasks")
    .select(["gold", "gold_explanation"])
    .where("project_id", "=", projectId)
    .where("id", "=", taskId)
    .executeTakeFirstOrThrow();
  if (task.gold === null) return {};
  const answer = JSON.parse(task.gold) as LabelValue;
  return {
    gold: {
      correct: labelKey(answer) === labelKey(JSON.parse(storedValue) as LabelValue),
      answer,
      explanation: task.gold_explanation,
    },
  };
}
