import type { Insertable } from "kysely";
import type pg from "pg";
import { copyRows } from "./pg-copy.js";
import { NewTaskTally } from "./repositories/import-task-counters.js";
import { ROLLUP_SHARDS } from "./repositories/quality-rollups.js";
import { NEW_TASK_COLUMNS } from "./repositories/task-rows.js";
import type { TasksTable } from "./schema.js";

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
  const tallies = new Map<number, NewTaskTally>();
  async function* counted() {
    for await (const chunk of rows) {
      for (const row of chunk) {
        let tally = tallies.get(row.project_id);
        if (!tally) {
          tally = new NewTaskTally();
          tallies.set(row.project_id, tally);
        }
        tally.add(row);
      }
      yield chunk;
    }
  }
  await client.query("select set_config('quorum.task_counters_insert', 'added by caller', true)");
  const count = await copyRows(client, "tasks", NEW_TASK_COLUMNS, counted());
  await client.query("select set_config('quorum.task_counters_insert', '', true)");
  for (const [projectId, tally] of tallies) await addToCounters(client, projectId, tally);
  return count;
}

async function addToCounters(client: pg.PoolClient, projectId: number, tally: NewTaskTally): Promise<void> {
  const columns = tally.columns();
  // The shard and the target of a new counter row are the trigger's.
  await client.query(
    `insert into task_counters as c (project_id, shard, target, ${columns.map(([c]) => c).join(", ")})
     values ($1, (txid_current() % ${ROLLUP_SHARDS.postgres})::integer,
       (select max(t.target) from task_counters t where t.project_id = $1),
       ${columns.map((_, i) => `$${i + 2}`).join(", ")})
     on conflict (project_id, shard) do update set ${columns.map(([c]) => `${c} = c.${c} + excluded.${c}`).join(", ")}`,
    [projectId, ...columns.map(([, n]) => n)],
  );
}
