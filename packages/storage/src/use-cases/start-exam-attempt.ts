import { randomInt } from "node:crypto";
import {
  answersToPass,
  DomainError,
  examLength,
  type Project,
  planExamItems,
  retryAllowedAt,
  taskLanguagesFor,
  type User,
} from "@quorum/core";
import type { Database } from "../database.js";
import { isUniqueViolation } from "../database.js";
import { attemptsOf, type ExamAttempt, insertAttempt } from "../repositories/exam-attempts.js";
import { type Exam, examGoldTasks } from "../repositories/exams.js";

/**
 * Starts an attempt, or returns the one the person has in progress (`created` false). A failed
 * attempt holds the next back for the exam's retry delay (`exam_retry_wait`, with the time in
 * `details`). The items are the project's exam gold tasks in the person's languages, in an order
 * drawn from a fresh seed (or `seed`, for tests), as many as the exam is long.
 */
export async function startExamAttempt(
  database: Database,
  options: { exam: Exam; project: Project; annotator: User; now: number; seed?: number },
): Promise<{ attempt: ExamAttempt; created: boolean }> {
  const { exam, project, annotator, now } = options;
  const { db } = database;
  const previous = await attemptsOf(db, exam.id, annotator.id);
  const running = previous.find((a) => a.status === "in_progress");
  if (running) return { attempt: running, created: false };
  const retryAt = retryAllowedAt(previous, exam.retryDelayMs, now);
  if (retryAt !== null) {
    const when = new Date(retryAt).toISOString();
    throw new DomainError("exam_retry_wait", `You may take this exam again from ${when}`, [
      { path: "retryAt", message: when },
    ]);
  }
  const languages = new Set(taskLanguagesFor(annotator, project.requirements));
  const gold = (await examGoldTasks(db, project.id)).filter((t) => languages.has(t.language));
  const length = examLength(exam.test, gold.length);
  const needed = answersToPass(exam.test);
  if (length < needed)
    throw new DomainError(
      "conflict",
      `This exam needs ${needed} gold tasks in your languages and the project has ${gold.length}; ask your project lead`,
    );
  const seed = options.seed ?? randomInt(2 ** 32);
  const items = planExamItems(
    gold.map((t) => t.id),
    seed,
    length,
  );
  try {
    const attempt = await insertAttempt(db, {
      projectId: exam.projectId,
      examId: exam.id,
      annotatorId: annotator.id,
      seed,
      items,
      now,
    });
    return { attempt, created: true };
  } catch (error) {
    // Two starts at once: the unique index keeps one attempt running; return it.
    if (!isUniqueViolation(error)) throw error;
    const winner = (await attemptsOf(db, exam.id, annotator.id)).find((a) => a.status === "in_progress");
    if (!winner) throw error;
    return { attempt: winner, created: false };
  }
}
