import { type Kysely, PostgresAdapter, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Scheduled reports and self-serve data (issue 13, items 9 and 10):
 * - `workspace_settings`: key/value settings of the workspace (`time_zone`: its reporting days);
 * - `report_schedules`: a digest (daily per manager, weekly per business unit) on a cron pattern in
 *   a time zone; `report_runs`: each run, what it said and where it went (e-mail or in-app only);
 * - read-only views for analysts (`quorum_v_*`, documented in docs/sql-views.md), the same on both
 *   dialects but for the `*_utc` columns, which each dialect writes its own way.
 */
export async function up(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const big = pg ? "bigint" : "integer";
  const id = (table: string) =>
    pg
      ? db.schema
          .createTable(table)
          .addColumn("id", "bigint", (c) => c.generatedByDefaultAsIdentity().notNull().primaryKey())
      : db.schema.createTable(table).addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());

  await db.schema
    .createTable("workspace_settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_by", big)
    .addColumn("updated_at", big, (c) => c.notNull())
    .execute();

  await id("report_schedules")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("cron", "text", (c) => c.notNull())
    .addColumn("time_zone", "text", (c) => c.notNull())
    .addColumn("recipient_id", big)
    .addColumn("business_unit_id", big)
    .addColumn("emails", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("next_run_at", big, (c) => c.notNull())
    .addColumn("last_run_at", big)
    .addColumn("created_by", big)
    .addColumn("created_at", big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("report_schedules_due").on("report_schedules").columns(["next_run_at"]).execute();

  await id("report_runs")
    .addColumn("schedule_id", big, (c) => c.notNull())
    .addColumn("recipient_id", big)
    .addColumn("period_from", big, (c) => c.notNull())
    .addColumn("period_to", big, (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("delivery", "text", (c) => c.notNull())
    .addColumn("error", "text")
    .addColumn("created_at", big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("report_runs_schedule").on("report_runs").columns(["schedule_id", "id"]).execute();
  await db.schema.createIndex("report_runs_recipient").on("report_runs").columns(["recipient_id", "id"]).execute();

  for (const view of analystViews(pg)) await sql.raw(view).execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  for (const view of VIEW_NAMES) await sql.raw(`drop view if exists ${view}`).execute(db);
  for (const table of ["report_runs", "report_schedules", "workspace_settings"])
    await db.schema.dropTable(table).ifExists().execute();
}

export const VIEW_NAMES = ["quorum_v_judgments", "quorum_v_tasks", "quorum_v_daily_activity", "quorum_v_cost_ledger"];

/** The views; `utc(column)` is an epoch-ms column as a UTC timestamp in each dialect's way. */
function analystViews(pg: boolean): string[] {
  const utc = (column: string) =>
    pg
      ? `to_timestamp(${column} / 1000.0) at time zone 'UTC'`
      : `strftime('%Y-%m-%dT%H:%M:%fZ', ${column} / 1000.0, 'unixepoch')`;
  const DAY = 86_400_000;
  return [
    `create view quorum_v_judgments as
     select j.project_id, p.name as project_name, j.id as judgment_id, j.task_id, t.batch_id, t.language,
       j.annotator_id, u.vendor, j.value, j.active_ms, j.guideline_version, j.gold_correct,
       j.verdict, j.verdict_reason, j.created_at, ${utc("j.created_at")} as created_at_utc
     from judgments j
     join tasks t on t.project_id = j.project_id and t.id = j.task_id
     join projects p on p.id = j.project_id
     left join users u on u.id = j.annotator_id`,
    `create view quorum_v_tasks as
     select t.project_id, p.name as project_name, t.id as task_id, t.batch_id, b.name as batch_name,
       t.external_id, t.language, t.status, t.priority,
       case when t.deadline_key >= 8640000000000000 then null else t.deadline_key end as deadline,
       t.required, t.judgment_count, t.aggregate, t.confidence, t.created_at, t.updated_at,
       ${utc("t.created_at")} as created_at_utc
     from tasks t
     join projects p on p.id = t.project_id
     left join batches b on b.project_id = t.project_id and b.id = t.batch_id`,
    `create view quorum_v_daily_activity as
     select d.project_id, d.day, ${utc("d.day")} as day_utc, d.annotator_id, d.judgments, d.active_ms,
       d.gold_answered, d.gold_correct
     from (
       select a.project_id, a.hour - (a.hour % ${DAY}) as day, a.annotator_id, sum(a.judgments) as judgments,
         sum(a.active_ms) as active_ms, sum(a.gold_answered) as gold_answered, sum(a.gold_correct) as gold_correct
       from activity_hourly a
       group by a.project_id, a.hour - (a.hour % ${DAY}), a.annotator_id
     ) d`,
    `create view quorum_v_cost_ledger as
     select c.id as ledger_id, c.at, ${utc("c.at")} as at_utc, c.project_id, c.business_unit_id, c.vendor,
       c.annotator_id, c.language, c.task_type, c.kind, c.component, c.amount_minor, c.currency,
       c.active_ms, c.judgments, c.accepted_labels, c.is_gold, c.rejected
     from cost_ledger c`,
  ];
}
