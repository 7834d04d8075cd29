import { type Kysely, PostgresAdapter, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Per-project counters of tasks by status, kept by triggers on `tasks` so that every statement
 * that inserts, deletes or changes a task (lease, judgment, review, reclaim, import, erasure, a
 * gold policy change, bulk SQL) moves them in its own transaction, and the project and quality
 * pages read a few rows instead of grouping every task:
 *
 *   tasks_<status>    tasks by status (open, full, done, gold)
 *   judged_<status>   of them, tasks with at least one judgment
 *   confident_<status>  of those, tasks with confidence >= `target` (the project's confidence
 *                     target, which only a rebuild sets; rows with another target are rebuilt on read)
 *   judgments_left    Σ max(required - judgment_count, 0) over tasks other than gold
 *
 * On PostgreSQL a project has 16 rows (shards) and a transaction adds to the shard of its id, so
 * concurrent judgments rarely meet on a row; the row trigger is deferred to commit, so the
 * counter's lock is the last one a transaction takes and is held only while it commits. Inserts
 * and deletes (imports by COPY) add once per statement. SQLite has one writer: one row.
 */
const STATUSES = ["open", "full", "done", "gold"] as const;
const PG_SHARDS = 16;

/** The counter columns and what one task row (`r`) contributes to each, confident aside. */
function contributions(r: string): [column: string, expression: string][] {
  return [
    ...STATUSES.map((s): [string, string] => [`tasks_${s}`, `case when ${r}.status = '${s}' then 1 else 0 end`]),
    ...STATUSES.map((s): [string, string] => [
      `judged_${s}`,
      `case when ${r}.status = '${s}' and ${r}.judgment_count > 0 then 1 else 0 end`,
    ]),
    [
      "judgments_left",
      `case when ${r}.status <> 'gold' and ${r}.required > ${r}.judgment_count then ${r}.required - ${r}.judgment_count else 0 end`,
    ],
  ];
}

/** What task row `r` contributes to each `confident_<status>` column, at confidence target `target`. */
function confident(r: string, target: string): [column: string, expression: string][] {
  return STATUSES.map((s) => [
    `confident_${s}`,
    `case when ${r}.status = '${s}' and ${r}.judgment_count > 0 then case when ${r}.confidence >= ${target} then 1 else 0 end else 0 end`,
  ]);
}

const COLUMNS = contributions("r").map(([column]) => column);
const CONFIDENT = confident("r", "0").map(([column]) => column);

/** `insert ... on conflict` adding the inserted values to the row; each `confident_<status>` as given. */
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

function postgresTriggers(): string[] {
  const shard = `(txid_current() % ${PG_SHARDS})::integer`;
  const targetOf = (r: string) => `(select max(t.target) from task_counters t where t.project_id = ${r}.project_id)`;
  // One statement's rows, summed per project (sign 1 for inserted rows, -1 for deleted ones).
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
  const changed =
    "old.status is distinct from new.status or old.judgment_count is distinct from new.judgment_count or old.required is distinct from new.required or old.confidence is distinct from new.confidence";
  const fn = (name: string, body: string) =>
    `create function ${name}() returns trigger language plpgsql as $$ begin ${body}; return null; end $$`;
  return [
    fn("task_counters_on_insert", statement("new_tasks", "1")),
    fn("task_counters_on_delete", statement("old_tasks", "-1")),
    // A transaction changing many tasks at once turns the counters off for itself and rebuilds
    // them (see `changeTasksInBulk`): each event updating the same row at commit is quadratic.
    fn(
      "task_counters_on_update",
      `if current_setting('quorum.task_counters', true) = 'off' then return null; end if; ${rowDelta}`,
    ),
    `create trigger task_counters_insert after insert on tasks referencing new table as new_tasks
     for each statement execute function task_counters_on_insert()`,
    `create trigger task_counters_delete after delete on tasks referencing old table as old_tasks
     for each statement execute function task_counters_on_delete()`,
    `create constraint trigger task_counters_update after update on tasks deferrable initially deferred
     for each row when (${changed}) execute function task_counters_on_update()`,
  ];
}

export async function up(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  let table = db.schema
    .createTable("task_counters")
    .addColumn("project_id", pg ? "bigint" : "integer", (c) => c.notNull())
    .addColumn("shard", "integer", (c) => c.notNull())
    .addColumn("target", "double precision");
  for (const column of [...COLUMNS, ...CONFIDENT])
    table = table.addColumn(column, pg ? "bigint" : "integer", (c) => c.notNull().defaultTo(0));
  table = table.addPrimaryKeyConstraint("task_counters_pk", ["project_id", "shard"]);
  await (pg ? table : table.modifyEnd(sql`without rowid`)).execute();
  for (const statement of pg ? postgresTriggers() : sqliteTriggers()) await sql.raw(statement).execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const trigger of ["task_counters_insert", "task_counters_delete", "task_counters_update"])
    await sql.raw(pg ? `drop trigger if exists ${trigger} on tasks` : `drop trigger if exists ${trigger}`).execute(db);
  if (pg)
    for (const fn of ["task_counters_on_insert", "task_counters_on_delete", "task_counters_on_update"])
      await sql.raw(`drop function if exists ${fn}()`).execute(db);
  await db.schema.dropTable("task_counters").ifExists().execute();
}
