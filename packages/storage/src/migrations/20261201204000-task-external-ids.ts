import { type Kysely, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Imports look up the ids of a file among the project's tasks (duplicate ids are refused or
 * skipped). Partial: tasks without an external id, the common case, cost the index nothing.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`create index tasks_external_id on tasks (project_id, external_id) where external_id is not null`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists tasks_external_id`.execute(db);
}
