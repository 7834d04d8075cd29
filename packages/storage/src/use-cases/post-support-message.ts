import { DomainError, notFound, statusAfterMessage, type ThreadStatus } from "@quorum/core";
import type { Database } from "../database.js";
import { insertSupportMessage } from "../repositories/support-messages.js";
import { inTransaction, lockForUpdate } from "../transaction.js";

/**
 * Adds a reply to a thread, with the thread's new status (core's `statusAfterMessage`): staff
 * answer it (the first staff reply stops the SLA clock; the latest stays in `answer` for older
 * clients), the asker puts it back to staff. Only staff or the asker may reply; anyone else gets
 * "not found". One transaction: the message and the status change together.
 */
export async function postSupportMessage(
  database: Database,
  options: { projectId: number; questionId: number; authorId: number; fromStaff: boolean; body: string; now: number },
): Promise<{ id: number; status: ThreadStatus }> {
  const { projectId, questionId, authorId, fromStaff, body, now } = options;
  return inTransaction(database, async (trx) => {
    const thread = await lockForUpdate(
      trx
        .selectFrom("questions")
        .select(["annotator_id", "status", "first_response_at"])
        .where("project_id", "=", projectId)
        .where("id", "=", questionId),
      database.dialect,
    ).executeTakeFirst();
    if (!thread || (!fromStaff && thread.annotator_id !== authorId)) throw notFound("Question");
    if (fromStaff && thread.annotator_id === authorId)
      throw new DomainError("forbidden", "Nobody answers their own question");
    const status = statusAfterMessage(thread.status as ThreadStatus, fromStaff);
    const id = await insertSupportMessage(trx, { projectId, questionId, authorId, body, now });
    await trx
      .updateTable("questions")
      .set({
        status,
        ...(fromStaff ? { answer: body, answered_by: authorId, answered_at: now } : {}),
        ...(fromStaff && thread.first_response_at === null ? { first_response_at: now } : {}),
      })
      .where("project_id", "=", projectId)
      .where("id", "=", questionId)
      .execute();
    return { id, status };
  });
}
