import { type Kysely, PostgresAdapter, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * An appeal may contest an automatic quality action instead of one judgment (an annotator paused
 * by hidden controls, whose answers to them they may not be shown): `quality_action_id`, with
 * `judgment_id` and `task_id` null for such an appeal; one appeal per action.
 */
export async function up(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) {
    await sql`alter table appeals alter column judgment_id drop not null`.execute(db);
    await sql`alter table appeals alter column task_id drop not null`.execute(db);
    await sql`alter table appeals add column quality_action_id bigint`.execute(db);
  } else {
    // SQLite cannot drop a NOT NULL: rebuild the table with the same rows and ids.
    await rebuildSqlite(db, { nullable: true });
  }
  await db.schema
    .createIndex("appeals_quality_action")
    .unique()
    .on("appeals")
    .columns(["project_id", "quality_action_id"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql`drop index if exists appeals_quality_action`.execute(db);
  await sql`delete from appeals where judgment_id is null`.execute(db);
  if (pg) {
    await sql`alter table appeals drop column quality_action_id`.execute(db);
    await sql`alter table appeals alter column judgment_id set not null`.execute(db);
    await sql`alter table appeals alter column task_id set not null`.execute(db);
  } else {
    await rebuildSqlite(db, { nullable: false });
  }
}

async function rebuildSqlite(db: AnyDb, options: { nullable: boolean }): Promise<void> {
  const notNull = sql.raw(options.nullable ? "" : "not null");
  await sql`create table appeals_next (
    project_id integer not null,
    id integer primary key autoincrement,
    judgment_id integer ${notNull},
    task_id integer ${notNull},
    annotator_id integer not null,
    kind text not null,
    reason text not null,
    status text not null,
    filed_at integer not null,
    decide_due_at integer not null,
    decided_by integer,
    decided_at integer,
    decision_note text
    ${sql.raw(options.nullable ? ", quality_action_id integer" : "")}
  )`.execute(db);
  await sql`insert into appeals_next (project_id, id, judgment_id, task_id, annotator_id, kind, reason, status,
    filed_at, decide_due_at, decided_by, decided_at, decision_note)
    select project_id, id, judgment_id, task_id, annotator_id, kind, reason, status, filed_at, decide_due_at,
    decided_by, decided_at, decision_note from appeals`.execute(db);
  await sql`drop table appeals`.execute(db);
  await sql`alter table appeals_next rename to appeals`.execute(db);
  await db.schema
    .createIndex("appeals_judgment")
    .unique()
    .on("appeals")
    .columns(["project_id", "judgment_id"])
    .execute();
  await db.schema.createIndex("appeals_queue").on("appeals").columns(["status", "decide_due_at"]).execute();
  await db.schema.createIndex("appeals_annotator").on("appeals").columns(["annotator_id", "id"]).execute();
}
