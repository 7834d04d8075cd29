import { type Kysely, PostgresAdapter, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * A project's overlap-policy change in progress (or its last, finished): the durable marker a
 * background worker advances batch by batch over the unfinished tasks, each batch committing its
 * tasks and the keyset cursor `after_task_id` together. One row a project; a newer change restarts it.
 */
export async function up(db: AnyDb): Promise<void> {
  const big = db.getExecutor().adapter instanceof PostgresAdapter ? "bigint" : "integer";
  await sql`create table overlap_policy_changes (
    project_id ${sql.raw(big)} primary key references projects (id) on delete cascade,
    started_at ${sql.raw(big)} not null,
    after_task_id ${sql.raw(big)} not null default 0,
    total integer not null,
    checked integer not null default 0,
    changed integer not null default 0,
    settled integer not null default 0,
    restarts integer not null default 0,
    finished_at ${sql.raw(big)}
  )`.execute(db);
  // The worker's "what is left to do?" reads only the running changes.
  await sql`create index overlap_policy_changes_running on overlap_policy_changes (project_id) where finished_at is null`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop table if exists overlap_policy_changes`.execute(db);
}
