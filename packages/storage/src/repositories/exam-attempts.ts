import type { ExamStatus } from "@quorum/core";
import type { Kysely, Selectable, Updateable } from "kysely";
import type { Dialect } from "../database.js";
import type { DB } from "../schema.js";
import type { ExamAttemptsTable } from "../schema-certification.js";
import { lockForUpdate } from "../transaction.js";
import { parseJson } from "./json-column.js";

/** One person's attempt at an exam. */
export interface ExamAttempt {
  id: number;
  projectId: number;
  examId: number;
  annotatorId: number;
  status: ExamStatus;
  seed: number;
  /** The task ids asked, in order. */
  items: number[];
  served: number;
  servedAt: number | null;
  answered: number;
  correct: number;
  startedAt: number;
  decidedAt: number | null;
  /** Paid time (the cost ledger prices it). */
  activeMs: number;
}

function toAttempt(row: Selectable<ExamAttemptsTable>): ExamAttempt {
  return {
    id: row.id,
    projectId: row.project_id,
    examId: row.exam_id,
    annotatorId: row.annotator_id,
    status: row.status as ExamStatus,
    seed: row.seed,
    items: parseJson<number[]>(row.items),
    served: row.served,
    servedAt: row.served_at,
    answered: row.answered,
    correct: row.correct,
    startedAt: row.started_at,
    decidedAt: row.decided_at,
    activeMs: row.active_ms,
  };
}

/** Every task the annotator's exam attempts in the project have shown them, answered or not. */
export async function examItemsShown(db: Kysely<DB>, projectId: number, annotatorId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("exam_attempts")
    .select(["items", "served"])
    .where("annotator_id", "=", annotatorId)
    .where("project_id", "=", projectId)
    .execute();
  return rows.flatMap((row) => parseJson<number[]>(row.items).slice(0, row.served));
}

export async function insertAttempt(
  db: Kysely<DB>,
  attempt: { projectId: number; examId: number; annotatorId: number; seed: number; items: number[]; now: number },
): Promise<ExamAttempt> {
  const row = await db
    .insertInto("exam_attempts")
    .values({
      project_id: attempt.projectId,
      exam_id: attempt.examId,
      annotator_id: attempt.annotatorId,
      status: "in_progress",
      seed: attempt.seed,
      items: JSON.stringify(attempt.items),
      served: 0,
      served_at: null,
      answered: 0,
      correct: 0,
      started_at: attempt.now,
      decided_at: null,
      active_ms: 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAttempt(row);
}

export async function getAttempt(db: Kysely<DB>, id: number): Promise<ExamAttempt | undefined> {
  const row = await db.selectFrom("exam_attempts").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toAttempt(row);
}

/** The attempt, locked for the rest of the transaction (answers to one attempt go one at a time). */
export async function lockAttempt(trx: Kysely<DB>, dialect: Dialect, id: number): Promise<ExamAttempt | undefined> {
  const row = await lockForUpdate(
    trx.selectFrom("exam_attempts").selectAll().where("id", "=", id),
    dialect,
  ).executeTakeFirst();
  return row && toAttempt(row);
}

/** One person's attempts at one exam, oldest first. */
export async function attemptsOf(db: Kysely<DB>, examId: number, annotatorId: number): Promise<ExamAttempt[]> {
  const rows = await db
    .selectFrom("exam_attempts")
    .selectAll()
    .where("annotator_id", "=", annotatorId)
    .where("exam_id", "=", examId)
    .orderBy("id")
    .execute();
  return rows.map(toAttempt);
}

/** Every attempt by one person, oldest first (for their list of exams). */
export async function attemptsByAnnotator(db: Kysely<DB>, annotatorId: number): Promise<ExamAttempt[]> {
  const rows = await db
    .selectFrom("exam_attempts")
    .selectAll()
    .where("annotator_id", "=", annotatorId)
    .orderBy("id")
    .execute();
  return rows.map(toAttempt);
}

/** An exam's attempts with who made them, newest first; `vendor` keeps only that vendor's people. */
export async function listExamAttempts(db: Kysely<DB>, exam: { projectId: number; id: number }, vendor?: string) {
  let query = db
    .selectFrom("exam_attempts")
    .innerJoin("users", "users.id", "exam_attempts.annotator_id")
    .selectAll("exam_attempts")
    .select(["users.name", "users.vendor"])
    .where("exam_attempts.project_id", "=", exam.projectId)
    .where("exam_attempts.exam_id", "=", exam.id)
    .orderBy("exam_attempts.id", "desc")
    .limit(1000);
  if (vendor !== undefined) query = query.where("users.vendor", "=", vendor);
  const rows = await query.execute();
  return rows.map((row) => ({ ...toAttempt(row), annotatorName: row.name, vendor: row.vendor }));
}

export async function updateAttempt(
  trx: Kysely<DB>,
  attempt: { projectId: number; id: number },
  changes: Updateable<ExamAttemptsTable>,
): Promise<void> {
  await trx
    .updateTable("exam_attempts")
    .set(changes)
    .where("project_id", "=", attempt.projectId)
    .where("id", "=", attempt.id)
    .execute();
}

export interface ExamAnswer {
  position: number;
  taskId: number;
  /** JSON of the label value. */
  value: string;
  correct: boolean;
  activeMs: number;
  at: number;
}

export async function insertExamAnswer(
  trx: Kysely<DB>,
  attempt: { projectId: number; id: number },
  answer: ExamAnswer,
): Promise<void> {
  await trx
    .insertInto("exam_answers")
    .values({
      project_id: attempt.projectId,
      attempt_id: attempt.id,
      position: answer.position,
      task_id: answer.taskId,
      value: answer.value,
      correct: answer.correct ? 1 : 0,
      active_ms: answer.activeMs,
      at: answer.at,
    })
    .execute();
}

/** The attempt's answers in the order asked. */
export async function answersOfAttempt(
  db: Kysely<DB>,
  attempt: { projectId: number; id: number },
): Promise<ExamAnswer[]> {
  const rows = await db
    .selectFrom("exam_answers")
    .select(["position", "task_id", "value", "correct", "active_ms", "at"])
    .where("project_id", "=", attempt.projectId)
    .where("attempt_id", "=", attempt.id)
    .orderBy("position")
    .execute();
  return rows.map((r) => ({
    position: r.position,
    taskId: r.task_id,
    value: r.value,
    correct: r.correct === 1,
    activeMs: r.active_ms,
    at: r.at,
  }));
}
