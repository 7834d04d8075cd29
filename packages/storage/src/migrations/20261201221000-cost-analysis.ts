import { type Kysely, PostgresAdapter, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Cost analysis (issue 11): budget alerts share the alerts inbox with monitor alerts, so an
 * alert now belongs to a monitor or to a budget's threshold (monitor_id becomes nullable; a
 * unique index raises each threshold of a budget once); and the ledger is read by business unit
 * and time for budgets, reports and allocation drivers.
 */
export async function up(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) {
    await sql`alter table alerts alter column monitor_id drop not null`.execute(db);
    await sql`alter table alerts add column budget_id bigint`.execute(db);
    await sql`alter table alerts add column threshold integer`.execute(db);
  } else {
    // SQLite cannot drop a NOT NULL: rebuild the table with the same rows and ids.
    await sql`create table alerts_next (
      id integer primary key autoincrement,
      monitor_id integer,
      project_id integer,
      status text not null,
      value double precision,
      expected double precision,
      message text not null,
      opened_at integer not null,
      resolved_at integer,
      acknowledged_by integer,
      acknowledged_at integer,
      budget_id integer,
      threshold integer
    )`.execute(db);
    await sql`insert into alerts_next (id, monitor_id, project_id, status, value, expected, message, opened_at,
      resolved_at, acknowledged_by, acknowledged_at)
      select id, monitor_id, project_id, status, value, expected, message, opened_at, resolved_at,
      acknowledged_by, acknowledged_at from alerts`.execute(db);
    await sql`drop table alerts`.execute(db);
    await sql`alter table alerts_next rename to alerts`.execute(db);
    await sql`create unique index alerts_open on alerts (monitor_id) where status = 'open'`.execute(db);
    await db.schema.createIndex("alerts_inbox").on("alerts").columns(["status", "id"]).execute();
  }
  await sql`create unique index alerts_budget_threshold on alerts (budget_id, threshold) where budget_id is not null`.execute(
    db,
  );
  await db.schema
    .createIndex("cost_ledger_business_unit")
    .on("cost_ledger")
    .columns(["business_unit_id", "at"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists cost_ledger_business_unit`.execute(db);
  await sql`drop index if exists alerts_budget_threshold`.execute(db);
  await sql`delete from alerts where monitor_id is null`.execute(db);
  await db.schema.alterTable("alerts").dropColumn("threshold").execute();
  await db.schema.alterTable("alerts").dropColumn("budget_id").execute();
}
