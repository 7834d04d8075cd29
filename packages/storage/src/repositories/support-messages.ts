import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

export async function insertSupportMessage(
  db: Kysely<DB>,
  message: { projectId: number; questionId: number; authorId: number; body: string; now: number },
): Promise<number> {
  const row = await db
    .insertInto("support_messages")
    .values({
      project_id: message.projectId,
      question_id: message.questionId,
      author_id: message.authorId,
      body: message.body,
      created_at: message.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A thread's replies in order, with each author's name and role. */
export async function listSupportMessages(db: Kysely<DB>, projectId: number, questionId: number) {
  const rows = await db
    .selectFrom("support_messages")
    .innerJoin("users", "users.id", "support_messages.author_id")
    .select([
      "support_messages.id",
      "support_messages.author_id",
      "users.name",
      "users.role",
      "support_messages.body",
      "support_messages.created_at",
    ])
    .where("support_messages.project_id", "=", projectId)
    .where("support_messages.question_id", "=", questionId)
    .orderBy("support_messages.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    authorId: r.author_id,
    authorName: r.name,
    authorRole: r.role,
    body: r.body,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
