import { type Kysely, PostgresAdapter, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * A schedule's last run is its newest row in `report_runs` (manual or scheduled, with its
 * delivery), read through `report_runs_schedule`; `report_schedules.last_run_at`, which only the
 * scheduler's claim wrote (so "Run now" never showed), goes.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`alter table report_schedules drop column last_run_at`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  const big = db.getExecutor().adapter instanceof PostgresAdapter ? "bigint" : "integer";
  await sql`alter table report_schedules add column last_run_at ${sql.raw(big)}`.execute(db);
  await sql`update report_schedules set last_run_at =
    (select max(r.created_at) from report_runs r where r.schedule_id = report_schedules.id)`.execute(db);
}
