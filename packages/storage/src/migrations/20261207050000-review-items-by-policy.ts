import { type Kysely, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Marks the review items the project's review policy queued (1; 2 when the task fell in the
 * policy's random sample) apart from those of audit plans, the manager's enqueue buttons and
 * appeals (0), which share their sources; the index serves the quality page's read of what the
 * policy queued and how its items were decided.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`alter table review_items add column by_policy integer not null default 0`.execute(db);
  await sql`create index review_items_by_policy on review_items (project_id, by_policy, source, status)`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists review_items_by_policy`.execute(db);
  await sql`alter table review_items drop column by_policy`.execute(db);
}
