import type { Kysely, Selectable } from "kysely";
import type { Dialect } from "../database.js";
import type { DB, OverlapPolicyChangesTable } from "../schema.js";
import { lockForUpdate } from "../transaction.js";
import { storedTaskCounters } from "./task-counters.js";

/** A project's overlap-policy change: applied to `checked` of its `total` unfinished tasks so far. */
export interface OverlapPolicyChange {
  projectId: number;
  state: "running" | "done";
  /** Every task with a smaller or equal id has been checked under the current policy. */
  afterTaskId: number;
  /** Unfinished tasks when it (re)started; at least `checked` (tasks imported meanwhile count too). */
  total: number;
  checked: number;
  /** Tasks whose `required` or status it changed, and those of them it settled (made done). */
  changed: number;
  settled: number;
  /** Times a newer policy restarted it from the first task before it finished. */
  restarts: number;
  startedAt: number;
  finishedAt: number | null;
}

function toChange(row: Selectable<OverlapPolicyChangesTable>): OverlapPolicyChange {
  const checked = Number(row.checked);
  return {
    projectId: Number(row.project_id),
    state: row.finished_at === null ? "running" : "done",
    afterTaskId: Number(row.after_task_id),
    total: Math.max(Number(row.total), checked),
    checked,
    changed: Number(row.changed),
    settled: Number(row.settled),
    restarts: Number(row.restarts),
    startedAt: Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  };
}

/**
 * (Re)starts the project's overlap-policy change from its first task, counting its unfinished tasks
 * (the counters: O(1)). Call it in the transaction that stores the new policy, so the policy and
 * the marker that it still has to be applied commit together.
 */
export async function restartOverlapPolicyChange(trx: Kysely<DB>, projectId: number, now: number): Promise<void> {
  const counters = await storedTaskCounters(trx, projectId);
  const total = counters.tasks.open + counters.tasks.full;
  const fresh = { started_at: now, after_task_id: 0, total, checked: 0, changed: 0, settled: 0, finished_at: null };
  await trx
    .insertInto("overlap_policy_changes")
    .values({ project_id: projectId, ...fresh, restarts: 0 })
    .onConflict((oc) =>
      oc.column("project_id").doUpdateSet((eb) => ({
        ...fresh,
        restarts: eb
          .case()
          .when("overlap_policy_changes.finished_at", "is", null)
          .then(eb("overlap_policy_changes.restarts", "+", 1))
          .else(0)
          .end(),
      })),
    )
    .execute();
}

/** The project's current or last overlap-policy change; undefined when its policy never changed. */
export async function readOverlapPolicyChange(
  db: Kysely<DB>,
  projectId: number,
): Promise<OverlapPolicyChange | undefined> {
  const row = await db
    .selectFrom("overlap_policy_changes")
    .selectAll()
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  return row && toChange(row);
}

/** The running change of the project, its row locked (PostgreSQL) until the transaction ends. */
export async function lockRunningOverlapPolicyChange(
  trx: Kysely<DB>,
  dialect: Dialect,
  projectId: number,
): Promise<OverlapPolicyChange | undefined> {
  const row = await lockForUpdate(
    trx
      .selectFrom("overlap_policy_changes")
      .selectAll()
      .where("project_id", "=", projectId)
      .where("finished_at", "is", null),
    dialect,
  ).executeTakeFirst();
  return row && toChange(row);
}

/** Records a batch of the change: the cursor moves to `afterTaskId`, the counts grow; `finished` ends it. */
export async function advanceOverlapPolicyChangeRow(
  trx: Kysely<DB>,
  projectId: number,
  batch: { afterTaskId: number; checked: number; changed: number; settled: number; finishedAt: number | null },
): Promise<void> {
  await trx
    .updateTable("overlap_policy_changes")
    .set((eb) => ({
      after_task_id: batch.afterTaskId,
      checked: eb("checked", "+", batch.checked),
      changed: eb("changed", "+", batch.changed),
      settled: eb("settled", "+", batch.settled),
      finished_at: batch.finishedAt,
    }))
    .where("project_id", "=", projectId)
    .execute();
}

/** The projects with a change still running (the partial index `overlap_policy_changes_running`). */
export async function runningOverlapPolicyChanges(db: Kysely<DB>): Promise<number[]> {
  const rows = await db
    .selectFrom("overlap_policy_changes")
    .select("project_id")
    .where("finished_at", "is", null)
    .orderBy("project_id")
    .execute();
  return rows.map((row) => Number(row.project_id));
}
