import type { Insertable } from "kysely";
import type pg from "pg";
import { copyRows, copyText, type WriteRows } from "./pg-copy.js";
import { NewTaskTally } from "./repositories/import-task-counters.js";
import { ROLLUP_SHARDS } from "./repositories/quality-rollups.js";
import { NEW_TASK_COLUMNS, NEW_TASK_OWN_COLUMNS, NEW_TASK_SHARED_COLUMNS } from "./repositories/task-rows.js";
import type { TasksTable } from "./schema.js";

/**
 * Runs `body` with a COPY into `tasks` open in the caller's transaction on `client` (see
 * `copyRows`), and adds the rows it sends to the task counters with one statement per project,
 * counted here as they are sent: the insert trigger (migrations 20261203030000, 20261204020000)
 * leaves this transaction's COPY to its caller, rather than summing thirteen expressions over
 * every row. Every other insert is counted by the trigger. The counts go in after the COPY, where
 * the trigger would have added them.
 */
export async function copyNewTasks<T>(
  client: pg.PoolClient,
  body: (write: WriteRows<Insertable<TasksTable>>) => Promise<T>,
): Promise<T> {
  const tallies = new Map<number, NewTaskTally>();
  const result = await countedByCaller(client, () =>
    copyRows<Insertable<TasksTable>, T>(client, "tasks", NEW_TASK_COLUMNS, (write) =>
      body(async (rows) => {
        for (const row of rows) {
          let tally = tallies.get(row.project_id);
          if (!tally) {
            tally = new NewTaskTally();
            tallies.set(row.project_id, tally);
          }
          tally.add(row);
        }
        await write(rows);
      }),
    ),
  );
  for (const [projectId, tally] of tallies) await addToCounters(client, projectId, tally);
  return result;
}

/** The columns of the COPY text a reader worker renders (`ReaderWorkerData.copyShared`): the shared ones first. */
export const CHECKED_TASK_COPY_COLUMNS: readonly string[] = [...NEW_TASK_SHARED_COLUMNS, ...NEW_TASK_OWN_COLUMNS];

/**
 * As `copyNewTasks`, for tasks of `projectId` sent as lines of COPY text in
 * `CHECKED_TASK_COPY_COLUMNS` order (rendered by a reader worker), counted by the tally `body`
 * resolves with.
 */
export async function copyCheckedTasks<T extends { tally: Pick<NewTaskTally, "tasks" | "judged" | "judgmentsLeft"> }>(
  client: pg.PoolClient,
  projectId: number,
  body: (write: (text: string | Uint8Array) => Promise<void>) => Promise<T>,
): Promise<T> {
  const result = await countedByCaller(client, () => copyText(client, "tasks", CHECKED_TASK_COPY_COLUMNS, body));
  const tally = new NewTaskTally();
  tally.merge(result.tally);
  await addToCounters(client, projectId, tally);
  return result;
}

/** Runs `copy` with the insert trigger leaving this transaction's rows to the caller's count. */
async function countedByCaller<T>(client: pg.PoolClient, copy: () => Promise<T>): Promise<T> {
  await client.query("select set_config('quorum.task_counters_insert', 'added by caller', true)");
  const result = await copy();
  await client.query("select set_config('quorum.task_counters_insert', '', true)");
  return result;
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
