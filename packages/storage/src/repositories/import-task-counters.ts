import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.js";

const TRIGGER = "task_counters_insert";

/**
 * SQLite: runs `insert`, which inserts the tasks of a new batch and nothing else, without the
 * per-row counter trigger, and then adds the batch's tasks to the project's counters at once,
 * all in the caller's transaction. The trigger (about a third of the cost of inserting a task)
 * is dropped and created again from its own stored text: a rollback brings it back with
 * everything else, another connection never sees it gone (SQLite has one writer, and this
 * transaction holds it), and every other statement, this transaction's included, fires it.
 * A `when` clause that skipped the body for the batch saves nothing: the trigger program still
 * runs once per row.
 */
export async function insertCountingOnce<T>(
  trx: Kysely<DB>,
  batch: { projectId: number; batchId: number },
  insert: () => Promise<T>,
): Promise<T> {
  const { rows } = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'trigger' and name = ${TRIGGER}`.execute(trx);
  const definition = rows[0]?.sql;
  if (definition === undefined) return insert();
  await sql.raw(`drop trigger ${TRIGGER}`).execute(trx);
  let result: T;
  try {
    result = await insert();
  } finally {
    await sql.raw(definition).execute(trx);
  }
  await addBatchToTaskCounters(trx, batch);
  return result;
}

const STATUSES = ["open", "full", "done", "gold", "cancelled"] as const;

/**
 * Adds the tasks of one batch to its project's counters (shard 0, as the SQLite trigger does):
 * by status, and the judgments they still need (none for gold and cancelled tasks). The judged and
 * confident counters stay: a batch being imported has no judgments yet.
 */
async function addBatchToTaskCounters(trx: Kysely<DB>, { projectId, batchId }: { projectId: number; batchId: number }) {
  const columns = [...STATUSES.map((s) => `tasks_${s}`), "judgments_left"];
  const sums = [
    ...STATUSES.map((s) => `coalesce(sum(status = '${s}'), 0)`),
    `coalesce(sum(case when status not in ('gold', 'cancelled') and required > judgment_count
      then required - judgment_count else 0 end), 0)`,
  ];
  const add = columns.map((c) => `${c} = task_counters.${c} + excluded.${c}`).join(", ");
  await sql`
    insert into task_counters (project_id, shard, ${sql.raw(columns.join(", "))})
    select ${projectId}, 0, ${sql.raw(sums.join(", "))}
    from tasks where project_id = ${projectId} and batch_id = ${batchId}
    on conflict (project_id, shard) do update set ${sql.raw(add)}`.execute(trx);
}
