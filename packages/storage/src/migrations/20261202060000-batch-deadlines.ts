import { type Kysely, PostgresAdapter, sql } from "kysely";
import * as taskCounters from "./20261201211000-task-counters.js";

type AnyDb = Kysely<unknown>;

/**
 * Batches that can be cancelled (issue 13, item 8): `batches.cancelled_at`/`cancelled_by`, and a
 * task status `cancelled` (out of the queue for good, its judgments kept). The task counters
 * learn the new status: three columns, and triggers that count it and leave cancelled tasks out
 * of `judgments_left`. The trigger bodies are those of 20261201211000-task-counters with one more
 * status (copied: migrations are immutable).
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

function upsert(table: string, values: string, confidentSet: (i: number) => string): string {
  const sums = COLUMNS.map((c) => `${c} = ${table}.${c} + excluded.${c}`);
  const confidents = CONFIDENT.map((c, i) => `${c} = ${confidentSet(i)}`);
  return `${values} on conflict (project_id, shard) do update set ${[...sums, ...confidents].join(", ")}`;
}

function sqliteTriggers(): string[] {
  const delta = (plus: string | null, minus: string | null) => {
    const terms = contributions("x").map((_, i) => {
      const part = (r: string | null) => (r ? contributions(r)[i]![1] : "0");
      return `(${part(plus)}) - (${part(minus)})`;
    });
    const conf = (i: number) =>
      `(${plus ? confident(plus, "target")[i]![1] : "0"}) - (${minus ? confident(minus, "target")[i]![1] : "0"})`;
    const row = plus ?? minus!;
    return upsert(
      "task_counters",
      `insert into task_counters (project_id, shard, ${COLUMNS.join(", ")}) values (${row}.project_id, 0, ${terms.join(", ")})`,
      (i) => `task_counters.${CONFIDENT[i]} + ${conf(i)}`,
    );
  };
  const changed =
    "old.status is not new.status or old.judgment_count is not new.judgment_count or old.required is not new.required or old.confidence is not new.confidence";
  return [
    `create trigger task_counters_insert after insert on tasks begin ${delta("new", null)}; end`,
    `create trigger task_counters_delete after delete on tasks begin ${delta(null, "old")}; end`,
    `create trigger task_counters_update after update of status, judgment_count, required, confidence on tasks
     when ${changed} begin ${delta("new", "old")}; end`,
  ];
}

/** PostgreSQL: the trigger functions only (the triggers call them by name and stay). */
function postgresFunctions(): string[] {
  const shard = `(txid_current() % ${PG_SHARDS})::integer`;
  const targetOf = (r: string) => `(select max(t.target) from task_counters t where t.project_id = ${r}.project_id)`;
  const statement = (rows: string, sign: string) =>
    upsert(
      "c",
      `insert into task_counters as c (project_id, shard, target, ${[...COLUMNS, ...CONFIDENT].join(", ")})
       select r.project_id, ${shard}, ${targetOf("r")},
         ${contributions("r")
           .map(([, e]) => `${sign} * sum(${e})`)
           .join(", ")},
         ${confident("r", targetOf("r"))
           .map(([, e]) => `${sign} * sum(${e})`)
           .join(", ")}
       from ${rows} r group by r.project_id order by r.project_id`,
      (i) => `c.${CONFIDENT[i]} + excluded.${CONFIDENT[i]}`,
    );
  const rowDelta = upsert(
    "c",
    `insert into task_counters as c (project_id, shard, ${COLUMNS.join(", ")})
     values (new.project_id, ${shard}, ${contributions("x")
       .map((_, i) => `(${contributions("new")[i]![1]}) - (${contributions("old")[i]![1]})`)
       .join(", ")})`,
    (i) => `c.${CONFIDENT[i]} + (${confident("new", "c.target")[i]![1]}) - (${confident("old", "c.target")[i]![1]})`,
  );
  const fn = (name: string, body: string) =>
    `create or replace function ${name}() returns trigger language plpgsql as $$ begin ${body}; return null; end $$`;
  return [
    fn("task_counters_on_insert", statement("new_tasks", "1")),
    fn("task_counters_on_delete", statement("old_tasks", "-1")),
    fn(
      "task_counters_on_update",
      `if current_setting('quorum.task_counters', true) = 'off' then return null; end if; ${rowDelta}`,
    ),
  ];
}

const NEW_COLUMNS = ["tasks_cancelled", "judged_cancelled", "confident_cancelled"];

export async function up(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql.raw(`alter table batches add column cancelled_at ${pg ? "bigint" : "integer"}`).execute(db);
  await sql.raw(`alter table batches add column cancelled_by ${pg ? "bigint" : "integer"}`).execute(db);
  for (const column of NEW_COLUMNS)
    await sql
      .raw(`alter table task_counters add column ${column} ${pg ? "bigint" : "integer"} not null default 0`)
      .execute(db);
  if (pg) for (const statement of postgresFunctions()) await sql.raw(statement).execute(db);
  else {
    for (const trigger of ["task_counters_insert", "task_counters_delete", "task_counters_update"])
      await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
    for (const statement of sqliteTriggers()) await sql.raw(statement).execute(db);
  }
}

/**
 * Back to four statuses: cancelled tasks return as done (they never come back to the queue), and
 * the counters as the earlier migration made them (empty: the next `migrate` up rebuilds them).
 */
export async function down(db: AnyDb): Promise<void> {
  await sql`update tasks set status = 'done' where status = 'cancelled'`.execute(db);
  await taskCounters.down(db);
  await taskCounters.up(db);
  await sql`alter table batches drop column cancelled_by`.execute(db);
  await sql`alter table batches drop column cancelled_at`.execute(db);
}
