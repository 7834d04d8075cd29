import { type Kysely, PostgresAdapter, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * SQLite keys tasks and judgments by rowid alone; an index on project_id is their (project_id, id)
 * order, which PostgreSQL's primary keys already give. Keyset pages of one project (export,
 * console, re-fit) read it instead of scanning and sorting the whole project.
 */
export async function up(db: AnyDb): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`create index if not exists tasks_project on tasks (project_id)`.execute(db);
  await sql`create index if not exists judgments_project on judgments (project_id)`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists judgments_project`.execute(db);
  await sql`drop index if exists tasks_project`.execute(db);
}
