import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

export interface CoachingNote {
  id: number;
  userId: number;
  authorId: number;
  authorName: string;
  projectId: number | null;
  label: string | null;
  body: string;
  createdAt: number;
}

export async function insertCoachingNote(
  db: Kysely<DB>,
  note: { userId: number; authorId: number; projectId: number | null; label: string | null; body: string; now: number },
): Promise<number> {
  const row = await db
    .insertInto("coaching_notes")
    .values({
      user_id: note.userId,
      author_id: note.authorId,
      project_id: note.projectId,
      label: note.label,
      body: note.body,
      created_at: note.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A person's coaching notes, newest first, with their authors' names. */
export async function listCoachingNotes(db: Kysely<DB>, userId: number, limit = 100): Promise<CoachingNote[]> {
  const rows = await db
    .selectFrom("coaching_notes as n")
    .innerJoin("users as u", "u.id", "n.author_id")
    .select(["n.id", "n.user_id", "n.author_id", "u.name", "n.project_id", "n.label", "n.body", "n.created_at"])
    .where("n.user_id", "=", userId)
    .orderBy("n.created_at", "desc")
    .orderBy("n.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    userId: Number(r.user_id),
    authorId: Number(r.author_id),
    authorName: r.name,
    projectId: r.project_id === null ? null : Number(r.project_id),
    label: r.label,
    body: r.body,
    createdAt: Number(r.created_at),
  }));
}
