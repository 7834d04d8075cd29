import { notFound } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";
import { onTaskOf } from "./join-task.js";
import { parseJson, parseJsonOrNull } from "./json-column.js";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * An annotator's question about a task they hold or held ("this case is unclear"). The task must
 * be one leased to them, so a question can never be used to reach another person's task.
 */
export async function askQuestion(
  db: Kysely<DB>,
  options: { projectId: number; annotatorId: number; assignmentId: number | null; text: string; now: number },
) {
  let taskId: number | null = null;
  if (options.assignmentId !== null) {
    const lease = await db
      .selectFrom("assignments")
      .select("task_id")
      .where("project_id", "=", options.projectId)
      .where("id", "=", options.assignmentId)
      .where("annotator_id", "=", options.annotatorId)
      .executeTakeFirst();
    if (!lease) throw notFound("Assignment");
    taskId = lease.task_id;
  }
  const row = await db
    .insertInto("questions")
    .values({
      project_id: options.projectId,
      task_id: taskId,
      assignment_id: options.assignmentId,
      annotator_id: options.annotatorId,
      text: options.text,
      status: "open",
      answer: null,
      answered_by: null,
      created_at: options.now,
      answered_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Questions in a project, newest first; `annotatorId` limits them to one person's own. */
export async function listQuestions(
  db: Kysely<DB>,
  projectId: number,
  options: { annotatorId?: number; status?: "open" | "answered" } = {},
) {
  let query = db
    .selectFrom("questions")
    .innerJoin("users", "users.id", "questions.annotator_id")
    .leftJoin("tasks", onTaskOf("questions"))
    .select([
      "questions.id",
      "questions.task_id",
      "questions.annotator_id",
      "users.name",
      "questions.text",
      "questions.status",
      "questions.answer",
      "questions.created_at",
      "questions.answered_at",
      "tasks.data",
    ])
    .where("questions.project_id", "=", projectId)
    .orderBy("questions.id", "desc")
    .limit(200);
  if (options.annotatorId !== undefined) query = query.where("questions.annotator_id", "=", options.annotatorId);
  if (options.status) query = query.where("questions.status", "=", options.status);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    taskId: r.task_id,
    annotatorId: r.annotator_id,
    annotatorName: r.name,
    text: r.text,
    status: r.status,
    answer: r.answer,
    task: parseJsonOrNull<Record<string, unknown>>(r.data),
    createdAt: iso(r.created_at),
    answeredAt: iso(r.answered_at),
  }));
}

export async function answerQuestion(
  db: Kysely<DB>,
  options: { projectId: number; questionId: number; answer: string; actorId: number; now: number },
) {
  const result = await db
    .updateTable("questions")
    .set({ answer: options.answer, status: "answered", answered_by: options.actorId, answered_at: options.now })
    .where("project_id", "=", options.projectId)
    .where("id", "=", options.questionId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw notFound("Question");
}

/** What happened lately in a project: judgments with who gave them, and logged events. */
export async function recentActivity(db: Kysely<DB>, projectId: number, limit = 50) {
  const judgments = await db
    .selectFrom("judgments")
    .innerJoin("users", "users.id", "judgments.annotator_id")
    .select([
      "judgments.id",
      "judgments.task_id",
      "judgments.annotator_id",
      "users.name",
      "judgments.value",
      "judgments.active_ms",
      "judgments.created_at",
    ])
    .where("judgments.project_id", "=", projectId)
    .orderBy("judgments.created_at", "desc")
    .limit(limit)
    .execute();
  const events = await db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_id")
    .select(["audit_log.id", "audit_log.action", "audit_log.details", "users.name", "audit_log.created_at"])
    .where("audit_log.project_id", "=", projectId)
    .orderBy("audit_log.created_at", "desc")
    .limit(limit)
    .execute();
  return {
    judgments: judgments.map((j) => ({
      id: j.id,
      taskId: j.task_id,
      annotatorId: j.annotator_id,
      annotatorName: j.name,
      value: parseJson<unknown>(j.value),
      activeMs: j.active_ms,
      createdAt: iso(j.created_at),
    })),
    events: events.map((e) => ({
      id: e.id,
      action: e.action,
      details: parseJson<unknown>(e.details),
      actorName: e.name,
      createdAt: iso(e.created_at),
    })),
  };
}
