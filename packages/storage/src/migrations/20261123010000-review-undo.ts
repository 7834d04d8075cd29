import { type Kysely, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Undo of a verdict: each decided item keeps the task's state from before the verdict (JSON
 * `PriorTaskState`), and a reviewer's latest verdict is found by (reviewer_id, reviewed_at).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("review_items").addColumn("prior_task", "text").execute();
  await sql`create index review_items_reviewer on review_items (reviewer_id, reviewed_at) where reviewed_at is not null`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists review_items_reviewer`.execute(db);
  await db.schema.alterTable("review_items").dropColumn("prior_task").execute();
}
