import { type Kysely, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Every review item of a task, decided or pending, by task: an export reads each range of tasks'
 * items as one range of this index (`review_items_pending` holds pending items only).
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`create index review_items_task on review_items (project_id, task_id)`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists review_items_task`.execute(db);
}
