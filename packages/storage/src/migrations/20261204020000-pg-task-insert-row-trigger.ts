import { type Kysely, PostgresAdapter, sql } from "kysely";
import * as importTaskCounts from "./20261203030000-import-task-counts.js";

type AnyDb = Kysely<unknown>;

/**
 * PostgreSQL: the task insert trigger becomes a row trigger whose `WHEN` leaves out the rows of a
 * transaction that set `quorum.task_counters_insert` to `added by caller` (an import, which adds
 * its counts itself, `pg-copy-tasks.ts`). The statement trigger it replaces returned at once for
 * an import, but its transition table was still filled with every row the COPY inserted: about a
 * sixth of the backend's CPU in an import (`bench/pg-copy-cost.ts`, "counter trigger doing nothing"
 * against "row trigger skipped by WHEN"). A row whose `WHEN` is false queues nothing. Any other
 * insert adds each row as the statement trigger added them all; only imports insert tasks in
 * bulk. The sums are those of 20261203030000-import-task-counts, per row (copied: migrations are
 * immutable). SQLite is unchanged.
 */
const STATUSES = ["open", "full", "done", "gold", "cancelled"] as const;
const PG_SHARDS = 16;

function contributions(r: string): [column: string, expression: string][] {
  return [
    ...STATUSES.map((s): [string, string] => [`tasks_${s}`, `case when ${r}.status = '${s}' then 1 else 0 end`]),
    ...STATUSES.map((s): [string, string] => [
      `judged_${s}`,
      `case when ${r}.status = '${s}' and ${r}.judgment_count > 0 then 1 else 0 end`,
    ]),
    [
      "judgments_left",
      `case when ${r}.status not in ('gold', 'cancelled') and ${r}.required > ${r}.judgment_count then ${r}.required - ${r}.judgment_count else 0 end`,
    ],
  ];
}

function confident(r: string, target: string): [column: string, expression: string][] {
  return STATUSES.map((s) => [
    `confident_${s}`,
    `case when ${r}.status = '${s}' and ${r}.judgment_count > 0 then case when ${r}.confidence >= ${target} then 1 else 0 end else 0 end`,
  ]);
}

const COLUMNS = contributions("r").map(([column]) => column);
const CONFIDENT = confident("r", "0").map(([column]) => column);

function rowInsertFunction(): string {
  const shard = `(txid_current() % ${PG_SHARDS})::integer`;
  const target = "(select max(t.target) from task_counters t where t.project_id = new.project_id)";
  const sums = [...COLUMNS, ...CONFIDENT].map((c) => `${c} = c.${c} + excluded.${c}`);
  const insert = `insert into task_counters as c (project_id, shard, target, ${[...COLUMNS, ...CONFIDENT].join(", ")})
     values (new.project_id, ${shard}, ${target},
       ${[...contributions("new"), ...confident("new", target)].map(([, e]) => e).join(", ")})
     on conflict (project_id, shard) do update set ${sums.join(", ")}`;
  return `create or replace function task_counters_on_insert_row() returns trigger language plpgsql as $$ begin ${insert}; return null; end $$`;
}

export async function up(db: AnyDb): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql.raw(rowInsertFunction()).execute(db);
  await sql`drop trigger task_counters_insert on tasks`.execute(db);
  await sql
    .raw(`create trigger task_counters_insert after insert on tasks for each row
      when (current_setting('quorum.task_counters_insert', true) is distinct from 'added by caller')
      execute function task_counters_on_insert_row()`)
    .execute(db);
  await sql`drop function task_counters_on_insert()`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await importTaskCounts.up(db);
  await sql`drop trigger task_counters_insert on tasks`.execute(db);
  await sql
    .raw(`create trigger task_counters_insert after insert on tasks referencing new table as new_tasks
      for each statement execute function task_counters_on_insert()`)
    .execute(db);
  await sql`drop function task_counters_on_insert_row()`.execute(db);
}
