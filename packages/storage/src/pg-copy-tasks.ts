import { TASK_STATUSES } from "@quorum/core";
import type { Insertable } from "kysely";
import type pg from "pg";
import { copyRows } from "./pg-copy.js";
import { ROLLUP_SHARDS } from "./repositories/quality-rollups.js";
import { NEW_TASK_COLUMNS } from "./repositories/task-rows.js";
import type { TasksTable } from "./schema.js";

/** What a project's new tasks add to its counters (the columns of `task_counters` a new task moves). */
interface Tally {
  tasks: Map<string, number>;
  judged: Map<string, number>;
  judgmentsLeft: number;
}

/** Statuses whose tasks are no work left (as the counter trigger has it). */
const NOT_WORK = new Set(["gold", "cancelled"]);

/**
 * Streams new tasks into `tasks` by COPY in the caller's transaction on `client`, and adds them to
 * the task counters with one statement per project, counted here as they are sent: the insert
 * trigger (migration 20261203030000) leaves this transaction's COPY to its caller, rather than
 * summing thirteen expressions over every row. Every other insert is counted by the trigger.
 * The counts go in after the COPY, where the trigger would have added them. Returns how many rows.
 */
export async function copyNewTasks(
  client: pg.PoolClient,
  rows: AsyncIterable<readonly Insertable<TasksTable>[]>,
): Promise<number> {
  const tallies = new Map<number, Tally>();
  async function* counted() {
    for await (const chunk of rows) {
      for (const row of chunk) add(tallies, row);
      yield chunk;
    }
  }
  await client.query("select set_config('quorum.task_counters_insert', 'added by caller', true)");
  const count = await copyRows(client, "tasks", NEW_TASK_COLUMNS, counted());
  await client.query("select set_config('quorum.task_counters_insert', '', true)");
  for (const [projectId, tally] of tallies) await addToCounters(client, projectId, tally);
  return count;
}

function add(tallies: Map<number, Tally>, row: Insertable<TasksTable>): void {
  let tally = tallies.get(row.project_id);
  if (!tally) {
    tally = { tasks: new Map(), judged: new Map(), judgmentsLeft: 0 };
    tallies.set(row.project_id, tally);
  }
  const status = row.status ?? "open";
  const judgments = row.judgment_count ?? 0;
  tally.tasks.set(status, (tally.tasks.get(status) ?? 0) + 1);
  if (judgments > 0) tally.judged.set(status, (tally.judged.get(status) ?? 0) + 1);
  if (!NOT_WORK.has(status) && row.required > judgments) tally.judgmentsLeft += row.required - judgments;
}

async function addToCounters(client: pg.PoolClient, projectId: number, tally: Tally): Promise<void> {
  for (const status of [...tally.tasks.keys()])
    if (!(TASK_STATUSES as readonly string[]).includes(status)) throw new Error(`a task with status "${status}"`);
  const columns: [string, number][] = [
    ...TASK_STATUSES.map((s): [string, number] => [`tasks_${s}`, tally.tasks.get(s) ?? 0]),
    ...TASK_STATUSES.map((s): [string, number] => [`judged_${s}`, tally.judged.get(s) ?? 0]),
    ["judgments_left", tally.judgmentsLeft],
  ];
  // New tasks carry no confidence, so they add nothing to `confident_*`. The shard and the target
  // of a new counter row are the trigger's.
  await client.query(
    `insert into task_counters as c (project_id, shard, target, ${columns.map(([c]) => c).join(", ")})
     values ($1, (txid_current() % ${ROLLUP_SHARDS.postgres})::integer,
       (select max(t.target) from task_counters t where t.project_id = $1),
       ${columns.map((_, i) => `$${i + 2}`).join(", ")})
     on conflict (project_id, shard) do update set ${columns.map(([c]) => `${c} = c.${c} + excluded.${c}`).join(", ")}`,
    [projectId, ...columns.map(([, n]) => n)],
  );
}
