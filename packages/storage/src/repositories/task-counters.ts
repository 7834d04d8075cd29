import { confidenceTarget, type Project, type TaskGroup } from "@quorum/core";
import { type Kysely, PostgresAdapter, sql } from "kysely";
import type { DB } from "../schema.js";
import { listProjects } from "./projects.js";
import { ROLLUP_SHARDS } from "./quality-rollups.js";

// The `task_counters` rows (see migration 20261201211000-task-counters): tasks by status, kept by
// triggers on `tasks`; read here as sums over a project's shards.

/** Tasks by status, and the judgments the work tasks still need (see `projectTaskCounts`). */
export interface TaskCounts {
  total: number;
  open: number;
  full: number;
  done: number;
  /** Gold control tasks: they take answers but are not work to finish. */
  gold: number;
  /** Tasks of cancelled batches: out of the queue, not in `total`, never work left. */
  cancelled: number;
  judgmentsLeft: number;
}

const STATUSES = ["open", "full", "done", "gold", "cancelled"] as const;
type Status = (typeof STATUSES)[number];

/** One project's counters summed over its shards, as a recount of its tasks gives them too. */
export interface TaskCounterSums {
  tasks: Record<Status, number>;
  judged: Record<Status, number>;
  /** Judged tasks at or above `target`. */
  confident: Record<Status, number>;
  judgmentsLeft: number;
}

const zeros = (): Record<Status, number> => ({ open: 0, full: 0, done: 0, gold: 0, cancelled: 0 });

const isPostgres = (db: Kysely<DB>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** The project's counters (a few rows), and whether every row counts `confident_*` at `target`. */
async function readCounters(db: Kysely<DB>, projectId: number, target: number | null) {
  const row = await db
    .selectFrom("task_counters")
    .select((eb) => [
      eb.fn.countAll<number>().as("rows"),
      eb.fn.count<number>(eb.case().when("target", "=", target).then(1).end()).as("on_target"),
      eb.fn.sum<number>("judgments_left").as("judgments_left"),
      ...STATUSES.flatMap((s) => [
        eb.fn.sum<number>(`tasks_${s}`).as(`tasks_${s}`),
        eb.fn.sum<number>(`judged_${s}`).as(`judged_${s}`),
        eb.fn.sum<number>(`confident_${s}`).as(`confident_${s}`),
      ]),
    ])
    .where("project_id", "=", projectId)
    .executeTakeFirstOrThrow();
  const sums: TaskCounterSums = { tasks: zeros(), judged: zeros(), confident: zeros(), judgmentsLeft: 0 };
  const values = row as unknown as Record<string, number | string | null>;
  for (const s of STATUSES) {
    sums.tasks[s] = Number(values[`tasks_${s}`] ?? 0);
    sums.judged[s] = Number(values[`judged_${s}`] ?? 0);
    sums.confident[s] = Number(values[`confident_${s}`] ?? 0);
  }
  sums.judgmentsLeft = Number(row.judgments_left ?? 0);
  return { sums, onTarget: Number(row.rows) > 0 && Number(row.on_target) === Number(row.rows) };
}

/**
 * Tasks of a project by status (gold: control tasks, never work left), and the judgments the work
 * tasks still need: each task's `required` (which dynamic overlap may raise) less what it has.
 * Reads the project's counter rows, never its tasks.
 */
export async function projectTaskCounts(db: Kysely<DB>, projectId: number): Promise<TaskCounts> {
  const { sums } = await readCounters(db, projectId, null);
  const { open, full, done, gold, cancelled } = sums.tasks;
  return { total: open + full + done + gold, open, full, done, gold, cancelled, judgmentsLeft: sums.judgmentsLeft };
}

/**
 * Judged tasks by status, with how many of each reach `target` confidence, from the counters.
 * Counters kept at another target (the overlap policy changed, or a trigger made the project's
 * first rows) are rebuilt first: once, in proportion to the project's tasks.
 */
export async function judgedTasksByStatus(db: Kysely<DB>, projectId: number, target: number): Promise<TaskGroup[]> {
  let counters = await readCounters(db, projectId, target);
  if (!counters.onTarget) {
    await (db.isTransaction
      ? retargetTaskCounters(db, projectId, target)
      : db.transaction().execute((trx) => retargetTaskCounters(trx, projectId, target)));
    counters = await readCounters(db, projectId, target);
  }
  const { sums } = counters;
  return STATUSES.filter((s) => sums.judged[s] > 0).map((status) => ({
    status,
    tasks: sums.judged[status],
    confident: sums.confident[status],
  }));
}

/** The counters worked out from the project's tasks (one pass over them). */
export async function recountTaskCounters(db: Kysely<DB>, projectId: number, target: number): Promise<TaskCounterSums> {
  const rows = await db
    .selectFrom("tasks")
    .select((eb) => [
      "status",
      eb.fn.countAll<number>().as("tasks"),
      eb.fn.sum<number>(eb.case().when("judgment_count", ">", 0).then(1).else(0).end()).as("judged"),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb("judgment_count", ">", 0), eb("confidence", ">=", target)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as("confident"),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when("required", ">", eb.ref("judgment_count"))
            .then(eb("required", "-", eb.ref("judgment_count")))
            .else(0)
            .end(),
        )
        .as("left"),
    ])
    .where("project_id", "=", projectId)
    .groupBy("status")
    .execute();
  const sums: TaskCounterSums = { tasks: zeros(), judged: zeros(), confident: zeros(), judgmentsLeft: 0 };
  for (const row of rows) {
    const status = row.status as Status;
    if (!STATUSES.includes(status)) throw new Error(`task status "${row.status}" has no counter`);
    sums.tasks[status] = Number(row.tasks);
    sums.judged[status] = Number(row.judged ?? 0);
    sums.confident[status] = Number(row.confident ?? 0);
    // Gold tasks are controls, cancelled ones out of the queue: never work left to do.
    if (status !== "gold" && status !== "cancelled") sums.judgmentsLeft += Number(row.left ?? 0);
  }
  return sums;
}

/** The counters as stored (summed over shards), for checks against `recountTaskCounters`. */
export async function storedTaskCounters(db: Kysely<DB>, projectId: number): Promise<TaskCounterSums> {
  return (await readCounters(db, projectId, null)).sums;
}

/**
 * Replaces the project's counters with a recount at `target`. Pass a transaction: it locks the
 * project's counter rows first, so a judgment committing meanwhile waits and then adds its change
 * to the recount (which, taken after the lock, did not see it).
 */
export async function rebuildTaskCounters(trx: Kysely<DB>, projectId: number, target: number): Promise<void> {
  const pg = isPostgres(trx);
  const shards = Array.from({ length: ROLLUP_SHARDS[pg ? "postgres" : "sqlite"] }, (_, shard) => ({
    project_id: projectId,
    shard,
    target,
  }));
  await trx
    .insertInto("task_counters")
    .values(shards)
    .onConflict((oc) => oc.columns(["project_id", "shard"]).doNothing())
    .execute();
  if (pg) {
    // This transaction's own task changes so far are in the recount: their deferred counter
    // updates must run now, not again at commit.
    await sql`set constraints task_counters_update immediate`.execute(trx);
    await trx.selectFrom("task_counters").select("shard").where("project_id", "=", projectId).forUpdate().execute();
  }
  // (SQLite has one writer at a time: the transaction holds the database already.)
  const sums = await recountTaskCounters(trx, projectId, target);
  const empty = Object.fromEntries(
    ["judgments_left", ...STATUSES.flatMap((s) => [`tasks_${s}`, `judged_${s}`, `confident_${s}`])].map((c) => [c, 0]),
  );
  await trx
    .updateTable("task_counters")
    .set({ ...empty, target })
    .where("project_id", "=", projectId)
    .where("shard", "<>", 0)
    .execute();
  await trx
    .updateTable("task_counters")
    .set({
      target,
      judgments_left: sums.judgmentsLeft,
      ...Object.fromEntries(
        STATUSES.flatMap((s) => [
          [`tasks_${s}`, sums.tasks[s]],
          [`judged_${s}`, sums.judged[s]],
          [`confident_${s}`, sums.confident[s]],
        ]),
      ),
    })
    .where("project_id", "=", projectId)
    .where("shard", "=", 0)
    .execute();
  if (pg) await sql`set constraints task_counters_update deferred`.execute(trx);
}

/** Rebuilds the project's counters unless every row already counts at `target` (pass a transaction). */
export async function retargetTaskCounters(trx: Kysely<DB>, projectId: number, target: number): Promise<void> {
  if (!(await readCounters(trx, projectId, target)).onTarget) await rebuildTaskCounters(trx, projectId, target);
}

/**
 * Runs `change`, which changes many of the project's tasks in this transaction, and leaves the
 * counters right. On PostgreSQL the row trigger would update the transaction's counter row once
 * per changed task at commit, each update walking the row versions the ones before it left
 * (quadratic): it is turned off for the transaction and the counters are rebuilt at `target`
 * instead (a pass over the project's tasks). SQLite's triggers update in place: kept.
 */
export async function changeTasksInBulk<T>(
  trx: Kysely<DB>,
  projectId: number,
  target: number,
  change: () => Promise<T>,
): Promise<T> {
  if (!isPostgres(trx)) return change();
  await sql`select set_config('quorum.task_counters', 'off', true)`.execute(trx);
  const result = await change();
  await rebuildTaskCounters(trx, projectId, target);
  await sql`select set_config('quorum.task_counters', 'on', true)`.execute(trx);
  return result;
}

/** Rebuilds the counters of one project at its confidence target; see `rebuildTaskCounters`. */
export function rebuildProjectTaskCounters(trx: Kysely<DB>, project: Pick<Project, "id" | "overlapPolicy">) {
  return rebuildTaskCounters(trx, project.id, confidenceTarget(project.overlapPolicy));
}

/** Rebuilds the counters of every project, each in its own transaction. */
export async function rebuildAllTaskCounters(db: Kysely<DB>): Promise<{ projects: number }> {
  const projects = await listProjects(db);
  for (const project of projects) await db.transaction().execute((trx) => rebuildProjectTaskCounters(trx, project));
  return { projects: projects.length };
}
