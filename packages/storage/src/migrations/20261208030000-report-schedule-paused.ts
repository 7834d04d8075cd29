import { type Kysely, PostgresAdapter, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * When a report schedule was paused (null: it runs). A paused schedule is left out by the
 * scheduler until resumed; existing schedules keep running.
 */
export async function up(db: AnyDb): Promise<void> {
  const big = db.getExecutor().adapter instanceof PostgresAdapter ? "bigint" : "integer";
  await sql`alter table report_schedules add column paused_at ${sql.raw(big)}`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`alter table report_schedules drop column paused_at`.execute(db);
}
