import { type Kysely, PostgresAdapter, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * PostgreSQL: an import adds its tasks to the counters itself, once, from the counts it sent
 * (`pg-copy-tasks.ts`), instead of the insert trigger summing thirteen expressions over each of a
 * million inserted rows (a third of the backend's CPU in an import). The insert trigger now
 * returns at once when its transaction set `quorum.task_counters_insert` to `added by caller`;
 * every other insert is counted as before. The statement is that of 20261202060000-batch-deadlines
 * (copied: migrations are immutable). SQLite is unchanged.
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

function insertStatement(): string {
  const shard = `(txid_current() % ${PG_SHARDS})::integer`;
  const targetOf = (r: string) => `(select max(t.target) from task_counters t where t.project_id = ${r}.project_id)`;
  const sums = COLUMNS.map((c) => `${c} = c.${c} + excluded.${c}`);
  const confidents = CONFIDENT.map((c) => `${c} = c.${c} + excluded.${c}`);
  return `insert into task_counters as c (project_id, shard, target, ${[...COLUMNS, ...CONFIDENT].join(", ")})
       select r.project_id, ${shard}, ${targetOf("r")},
         ${contributions("r")
           .map(([, e]) => `1 * sum(${e})`)
           .join(", ")},
         ${confident("r", targetOf("r"))
           .map(([, e]) => `1 * sum(${e})`)
           .join(", ")}
       from new_tasks r group by r.project_id order by r.project_id on conflict (project_id, shard) do update set ${[...sums, ...confidents].join(", ")}`;
}

function insertFunction(guard: string): string {
  return `create or replace function task_counters_on_insert() returns trigger language plpgsql as $$ begin ${guard}${insertStatement()}; return null; end $$`;
}

export async function up(db: AnyDb): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql
    .raw(
      insertFunction(
        "if current_setting('quorum.task_counters_insert', true) = 'added by caller' then return null; end if; ",
      ),
    )
    .execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql.raw(insertFunction("")).execute(db);
}
