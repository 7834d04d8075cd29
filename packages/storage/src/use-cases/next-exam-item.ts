import { notFound } from "@quorum/core";
import type { Database } from "../database.js";
import { lockAttempt, updateAttempt } from "../repositories/exam-attempts.js";
import { parseJson } from "../repositories/json-column.js";
import { inTransaction } from "../transaction.js";

/** An exam item as the candidate sees it: the task's data, never its gold answer. */
export interface ExamItem {
  id: number;
  data: Record<string, unknown>;
}

/**
 * The attempt's current item: the next one after the answers so far, the same one again until it
 * is answered (a reload shows it again), undefined once the exam is decided. Someone else's
 * attempt is not found. The time it was first shown starts its paid time.
 */
export async function nextExamItem(
  database: Database,
  options: { attemptId: number; annotatorId: number; now: number },
): Promise<ExamItem | undefined> {
  return inTransaction(database, async (trx) => {
    const attempt = await lockAttempt(trx, database.dialect, options.attemptId);
    if (!attempt || attempt.annotatorId !== options.annotatorId) throw notFound("Exam attempt");
    if (attempt.status !== "in_progress") return undefined;
    const index = attempt.answered;
    const taskId = attempt.items[index];
    if (taskId === undefined) return undefined;
    if (attempt.served <= index)
      await updateAttempt(trx, attempt, { served: index + 1, served_at: Math.round(options.now) });
    const task = await trx
      .selectFrom("tasks")
      .select("data")
      .where("project_id", "=", attempt.projectId)
      .where("id", "=", taskId)
      .executeTakeFirstOrThrow();
    return { id: taskId, data: parseJson<Record<string, unknown>>(task.data) };
  });
}
