import { TASK_STATUSES } from "@quorum/core";
import { type Insertable, type Kysely, sql } from "kysely";
import type { DB, TasksTable } from "../schema.js";

const TRIGGER = "task_counters_insert";
/**
 * What new tasks add to their project's counters, tallied as they are written, as the insert
 * trigger adds them: by status, by status those already judged, and the judgments they still need
 * (none for gold and cancelled tasks). New tasks carry no confidence: `confident_*` stays.
 */
export class NewTaskTally {
  readonly tasks = new Map<string, number>();
  readonly judged = new Map<string, number>();
  judgmentsLeft = 0;

  add(row: Pick<Insertable<TasksTable>, "status" | "required" | "judgment_count">): void {
    const status = row.status ?? "open";
    const judgments = row.judgment_count ?? 0;
    this.tasks.set(status, (this.tasks.get(status) ?? 0) + 1);
    if (judgments > 0) this.judged.set(status, (this.judged.get(status) ?? 0) + 1);
    if (status !== "gold" && status !== "cancelled" && row.required > judgments)
      this.judgmentsLeft += row.required - judgments;
  }

  /** Adds what another tally counted (one a worker thread kept, say: its fields survive a structured clone). */
  merge(other: Pick<NewTaskTally, "tasks" | "judged" | "judgmentsLeft">): void {
    for (const [status, n] of other.tasks) this.tasks.set(status, (this.tasks.get(status) ?? 0) + n);
    for (const [status, n] of other.judged) this.judged.set(status, (this.judged.get(status) ?? 0) + n);
    this.judgmentsLeft += other.judgmentsLeft;
  }

  /** The counter columns and what to add to each; throws on a status with no counter. */
  columns(): [string, number][] {
    for (const status of this.tasks.keys())
      if (!(TASK_STATUSES as readonly string[]).includes(status))
        throw new Error(`task status "${status}" has no counter`);
    return [
      ...TASK_STATUSES.map((s): [string, number] => [`tasks_${s}`, this.tasks.get(s) ?? 0]),
      ...TASK_STATUSES.map((s): [string, number] => [`judged_${s}`, this.judged.get(s) ?? 0]),
      ["judgments_left", this.judgmentsLeft],
    ];
  }
}

/**
 * SQLite: runs `insert`, which inserts new tasks of `projectId` and tallies them in the tally
 * given, without the per-row counter trigger, then adds the tally to the project's counters at
 * once, all in the caller's transaction. The trigger (about a third of the cost of inserting a
 * task) is dropped and created again from its own stored text: a rollback brings it back with
 * everything else, another connection never sees it gone (SQLite has one writer, and this
 * transaction holds it), and every other statement, this transaction's included, fires it. A
 * `when` clause skipping the body for an import saves nothing: the trigger program still runs
 * once per row.
 */
export async function insertCountingOnce<T>(
  trx: Kysely<DB>,
  projectId: number,
  insert: (tally: NewTaskTally) => Promise<T>,
): Promise<T> {
  const tally = new NewTaskTally();
  const { rows } = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'trigger' and name = ${TRIGGER}`.execute(trx);
  const definition = rows[0]?.sql;
  if (definition === undefined) throw new Error(`trigger ${TRIGGER} is missing`);
  await sql.raw(`drop trigger ${TRIGGER}`).execute(trx);
  let result: T;
  try {
    result = await insert(tally);
  } finally {
    await sql.raw(definition).execute(trx);
  }
  await addToTaskCounters(trx, projectId, tally);
  return result;
}

/** Adds `tally` to the project's counters (shard 0, as the SQLite trigger does). */
async function addToTaskCounters(trx: Kysely<DB>, projectId: number, tally: NewTaskTally): Promise<void> {
  const columns = tally.columns();
  const add = columns.map(([c]) => `${c} = task_counters.${c} + excluded.${c}`).join(", ");
  await sql`
    insert into task_counters (project_id, shard, ${sql.raw(columns.map(([c]) => c).join(", "))})
    values (${projectId}, 0, ${sql.join(columns.map(([, n]) => n))})
    on conflict (project_id, shard) do update set ${sql.raw(add)}`.execute(trx);
}
