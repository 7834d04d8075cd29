import { invalidInput, notFound, type ThreadStatus } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";
import { writeAudit } from "../transaction.js";

/**
 * Staff triage a thread: resolve or reopen it, (un)assign it to a staff member, or file it under
 * a guideline section and label. Resolving does not count as a first response. Audit-logged.
 */
export async function updateSupportThread(
  db: Kysely<DB>,
  options: {
    projectId: number;
    questionId: number;
    actorId: number;
    status?: ThreadStatus | undefined;
    assigneeId?: number | null | undefined;
    section?: string | null | undefined;
    label?: string | null | undefined;
    now: number;
  },
): Promise<void> {
  const { projectId, questionId, now } = options;
  await db.transaction().execute(async (trx) => {
    const thread = await trx
      .selectFrom("questions")
      .select(["status", "first_response_at"])
      .where("project_id", "=", projectId)
      .where("id", "=", questionId)
      .executeTakeFirst();
    if (!thread) throw notFound("Question");
    if (options.assigneeId !== undefined && options.assigneeId !== null) {
      const assignee = await trx
        .selectFrom("users")
        .select("role")
        .where("id", "=", options.assigneeId)
        .executeTakeFirst();
      if (!assignee || !["admin", "manager", "reviewer"].includes(assignee.role))
        throw invalidInput("The assignee must be a reviewer, manager or admin", [
          { path: "assigneeId", message: "not a reviewer, manager or admin" },
        ]);
    }
    const reopened = options.status === "open" || options.status === "answered";
    const status =
      options.status === undefined
        ? undefined
        : reopened
          ? thread.first_response_at === null
            ? "open"
            : "answered"
          : "resolved";
    await trx
      .updateTable("questions")
      .set({
        ...(status ? { status, resolved_at: status === "resolved" ? now : null } : {}),
        ...(options.assigneeId !== undefined ? { assignee_id: options.assigneeId } : {}),
        ...(options.section !== undefined ? { section: options.section } : {}),
        ...(options.label !== undefined ? { label: options.label } : {}),
      })
      .where("project_id", "=", projectId)
      .where("id", "=", questionId)
      .execute();
    await writeAudit(trx, {
      projectId,
      actorId: options.actorId,
      action: "support.update",
      details: {
        questionId,
        ...(status ? { status } : {}),
        ...(options.assigneeId !== undefined ? { assigneeId: options.assigneeId } : {}),
        ...(options.section !== undefined ? { section: options.section } : {}),
        ...(options.label !== undefined ? { label: options.label } : {}),
      },
      now,
    });
  });
}
