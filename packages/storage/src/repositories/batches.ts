import { type Kysely, type Selectable, sql } from "kysely";
import type { Dialect } from "../database.js";
import type { DB } from "../schema.js";
import { lockForUpdate } from "../transaction.js";

export async function batchExists(db: Kysely<DB>, projectId: number, batchId: number): Promise<boolean> {
  const row = await db
    .selectFrom("batches")
    .select("id")
    .where("project_id", "=", projectId)
    .where("id", "=", batchId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertBatch(
  trx: Kysely<DB>,
  batch: {
    projectId: number;
    name: string;
    priority: number;
    deadline: number | null;
    createdBy: number;
    createdAt: number;
  },
): Promise<number> {
  const row = await trx
    .insertInto("batches")
    .values({
      project_id: batch.projectId,
      name: batch.name,
      priority: batch.priority,
      deadline: batch.deadline,
      task_count: 0,
      created_by: batch.createdBy,
      created_at: batch.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setBatchTaskCount(trx: Kysely<DB>, batchId: number, taskCount: number): Promise<void> {
  await trx.updateTable("batches").set({ task_count: taskCount }).where("id", "=", batchId).execute();
}

/** The id of the project's newest batch (0 when it has none): a new import since shows as a larger id. */
export async function latestBatchId(db: Kysely<DB>, projectId: number): Promise<number> {
  const row = await db
    .selectFrom("batches")
    .select((eb) => eb.fn.max("id").as("id"))
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** A batch as the batches table shows it: its schedule and its tasks by status. */
export interface BatchSummary {
  id: number;
  name: string;
  priority: number;
  deadline: number | null;
  createdAt: number;
  cancelledAt: number | null;
  tasks: { total: number; open: number; full: number; done: number; gold: number; cancelled: number };
}

const batchColumns = [
  "id",
  "name",
  "priority",
  "deadline",
  "created_at",
  "cancelled_at",
] as const satisfies readonly (keyof DB["batches"])[];

type BatchRow = Pick<Selectable<DB["batches"]>, (typeof batchColumns)[number]>;

function toBatch(row: BatchRow, tasks: BatchSummary["tasks"]): BatchSummary {
  return {
    id: Number(row.id),
    name: row.name,
    priority: row.priority,
    deadline: row.deadline === null ? null : Number(row.deadline),
    createdAt: Number(row.created_at),
    cancelledAt: row.cancelled_at === null ? null : Number(row.cancelled_at),
    tasks,
  };
}

const STATUSES = ["open", "full", "done", "gold", "cancelled"] as const;

/**
 * A project's batches, newest first, with their tasks by status: one grouped read of the project's
 * tasks through the `tasks_batch (project_id, batch_id)` index (a manager's page, not a hot path).
 */
export async function listBatches(db: Kysely<DB>, projectId: number): Promise<BatchSummary[]> {
  const rows = await db
    .selectFrom("batches")
    .select(batchColumns)
    .where("project_id", "=", projectId)
    .orderBy("id", "desc")
    .execute();
  const counts = await db
    .selectFrom("tasks")
    .select((eb) => ["batch_id", "status", eb.fn.countAll<number>().as("tasks")])
    .where("project_id", "=", projectId)
    .groupBy(["batch_id", "status"])
    .execute();
  const byBatch = new Map<number, BatchSummary["tasks"]>();
  for (const row of counts) {
    const batchId = Number(row.batch_id);
    const tasks = byBatch.get(batchId) ?? { total: 0, open: 0, full: 0, done: 0, gold: 0, cancelled: 0 };
    const status = row.status as (typeof STATUSES)[number];
    if (STATUSES.includes(status)) tasks[status] += Number(row.tasks);
    tasks.total += Number(row.tasks);
    byBatch.set(batchId, tasks);
  }
  return rows.map((row) =>
    toBatch(row, byBatch.get(Number(row.id)) ?? { total: 0, open: 0, full: 0, done: 0, gold: 0, cancelled: 0 }),
  );
}

/** One batch's schedule, locked for the change that reads it (PostgreSQL). */
export async function readBatchForUpdate(trx: Kysely<DB>, dialect: Dialect, projectId: number, batchId: number) {
  const row = await lockForUpdate(
    trx.selectFrom("batches").select(batchColumns).where("project_id", "=", projectId).where("id", "=", batchId),
    dialect,
  ).executeTakeFirst();
  return row && toBatch(row, { total: 0, open: 0, full: 0, done: 0, gold: 0, cancelled: 0 });
}

export async function updateBatchRow(
  trx: Kysely<DB>,
  projectId: number,
  batchId: number,
  change: { priority?: number; deadline?: number | null; cancelledAt?: number; cancelledBy?: number },
): Promise<void> {
  await trx
    .updateTable("batches")
    .set({
      ...(change.priority !== undefined ? { priority: change.priority } : {}),
      ...(change.deadline !== undefined ? { deadline: change.deadline } : {}),
      ...(change.cancelledAt !== undefined ? { cancelled_at: change.cancelledAt } : {}),
      ...(change.cancelledBy !== undefined ? { cancelled_by: change.cancelledBy } : {}),
    })
    .where("project_id", "=", projectId)
    .where("id", "=", batchId)
    .execute();
}

/** The smallest and largest task id of a batch (to change its tasks in id ranges); undefined when empty. */
export async function batchTaskIdRange(
  trx: Kysely<DB>,
  projectId: number,
  batchId: number,
): Promise<{ first: number; last: number } | undefined> {
  const row = await trx
    .selectFrom("tasks")
    .select((eb) => [eb.fn.min("id").as("first"), eb.fn.max("id").as("last")])
    .where("project_id", "=", projectId)
    .where("batch_id", "=", batchId)
    .executeTakeFirst();
  if (!row || row.first === null || row.last === null) return undefined;
  return { first: Number(row.first), last: Number(row.last) };
}

/**
 * Re-keys the queue order of a batch's tasks whose ids lie in [first, last]: the deadline key, and
 * the priority moved by `priorityShift` (a task imported with its own priority keeps its distance
 * to the batch's). Returns the tasks changed.
 */
export async function rekeyBatchTasks(
  trx: Kysely<DB>,
  range: { projectId: number; batchId: number; first: number; last: number },
  change: { deadlineKey: number; priorityShift: number; now: number },
): Promise<number> {
  const result = await trx
    .updateTable("tasks")
    .set({
      deadline_key: change.deadlineKey,
      ...(change.priorityShift !== 0 ? { priority: sql<number>`priority + ${change.priorityShift}` } : {}),
      updated_at: change.now,
    })
    .where("project_id", "=", range.projectId)
    .where("batch_id", "=", range.batchId)
    .where("id", ">=", range.first)
    .where("id", "<=", range.last)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Takes a batch's unfinished tasks (open or fully leased) out of the queue for good: status
 * `cancelled`. Their active leases stay valid (an answer given is kept); done and gold tasks keep
 * their status. Returns the tasks cancelled.
 */
export async function cancelBatchTasks(
  trx: Kysely<DB>,
  range: { projectId: number; batchId: number; first: number; last: number },
  now: number,
): Promise<number> {
  const result = await trx
    .updateTable("tasks")
    .set({ status: "cancelled", updated_at: now })
    .where("project_id", "=", range.projectId)
    .where("batch_id", "=", range.batchId)
    .where("id", ">=", range.first)
    .where("id", "<=", range.last)
    .where("status", "in", ["open", "full"])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
