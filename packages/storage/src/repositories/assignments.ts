import {
  busy,
  DomainError,
  goldIsControl,
  notFound,
  type Project,
  type Requirements,
  shouldServeGold,
  taskLanguagesFor,
  type User,
} from "@quorum/core";
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from "kysely";
import { type Database, isRetryable, isUniqueViolation } from "../database.js";
import type { DB } from "../schema.js";
import { taskStatusSql } from "../task-status-sql.js";
import { getAnnotatorQuality } from "./quality-records.js";

export interface Lease {
  id: number;
  projectId: number;
  taskId: number;
  annotatorId: number;
  createdAt: number;
  expiresAt: number;
  task: { id: number; data: Record<string, unknown> };
  guidelineVersion: number;
}

/** How many unexpired leases one annotator may hold in one project (the current task and a prefetched one, plus one). */
export const MAX_ACTIVE_LEASES = 3;
const RECLAIM_BATCH = 100;
const RECLAIM_EVERY_MS = 1000;
const lastReclaimCheck = new WeakMap<Kysely<DB>, Map<number, number>>();
const ATTEMPTS = 12;

async function freeSlot(trx: Kysely<DB>, projectId: number, taskId: number, now: number) {
  await trx
    .updateTable("tasks")
    .set({ slots_taken: sql`slots_taken - 1`, status: taskStatusSql({ slotsDelta: -1 }), updated_at: now })
    .where("project_id", "=", projectId)
    .where("id", "=", taskId)
    .execute();
}

/**
 * Expired leases give their slot back. This runs lazily at the start of every lease request
 * (no background job), a bounded batch at a time, found through the partial expiry index.
 */
export async function reclaimExpiredLeases(db: Kysely<DB>, projectId: number, now: number): Promise<number> {
  // At most one look per project per second and process: a lease may outlive its expiry by
  // up to a second, which nobody can tell, and the busiest path skips a query.
  let checked = lastReclaimCheck.get(db);
  if (!checked) {
    checked = new Map();
    lastReclaimCheck.set(db, checked);
  }
  const last = checked.get(projectId);
  if (last !== undefined && now >= last && now - last < RECLAIM_EVERY_MS) return 0;
  checked.set(projectId, now);
  const any = await db
    .selectFrom("assignments")
    .select("id")
    .where("project_id", "=", projectId)
    .where("status", "=", "active")
    .where("expires_at", "<=", now)
    .limit(1)
    .executeTakeFirst();
  if (!any) return 0;
  return db.transaction().execute(async (trx) => {
    const expired = await trx
      .updateTable("assignments")
      .set({ status: "expired", finished_at: now })
      .where("project_id", "=", projectId)
      .where("status", "=", "active")
      .where("id", "in", (eb) =>
        eb
          .selectFrom("assignments")
          .select("id")
          .where("project_id", "=", projectId)
          .where("status", "=", "active")
          .where("expires_at", "<=", now)
          .limit(RECLAIM_BATCH),
      )
      .returning("task_id")
      .execute();
    const taskIds = expired.map((row) => row.task_id).sort((a, b) => a - b);
    for (const taskId of taskIds) await freeSlot(trx, projectId, taskId, now);
    return taskIds.length;
  });
}

/** Tasks this annotator has never held a lease on (rule 1: never twice on one task). */
function neverHeldBy(annotatorId: number) {
  return ({ not, exists, selectFrom }: ExpressionBuilder<DB, "tasks">) =>
    not(
      exists(
        selectFrom("assignments")
          .select(sql.lit(1).as("one"))
          .whereRef("assignments.project_id", "=", "tasks.project_id")
          .whereRef("assignments.task_id", "=", "tasks.id")
          .where("assignments.annotator_id", "=", annotatorId),
      ),
    );
}

/**
 * The best open task in one language queue that this annotator has never held: the first row of
 * the partial index `tasks_queue` (priority, then deadline, then age) that has no assignment of
 * theirs. On PostgreSQL rows being claimed by other transactions are skipped, not waited for.
 */
export function nextTaskQuery(
  db: Kysely<DB>,
  dialect: Database["dialect"],
  projectId: number,
  language: string,
  annotatorId: number,
  skipLocked = true,
) {
  const query = db
    .selectFrom("tasks")
    .select(["tasks.id", "tasks.priority", "tasks.deadline_key", "tasks.data"])
    .where("tasks.project_id", "=", projectId)
    .where("tasks.language", "=", language)
    .where("tasks.status", "=", "open")
    .where(neverHeldBy(annotatorId))
    .orderBy("tasks.priority", "desc")
    .orderBy("tasks.deadline_key")
    .orderBy("tasks.id")
    .limit(1);
  if (dialect !== "postgres") return query;
  return skipLocked ? query.forUpdate("tasks").skipLocked() : query.forUpdate("tasks");
}

async function currentLeases(db: Kysely<DB>, projectId: number, annotatorId: number, now: number) {
  return db
    .selectFrom("assignments")
    .select(["id", "task_id", "created_at", "expires_at"])
    .where("annotator_id", "=", annotatorId)
    .where("project_id", "=", projectId)
    .where("status", "=", "active")
    .where("expires_at", ">", now)
    .orderBy("id")
    .execute();
}

async function loadLease(db: Kysely<DB>, project: Project, assignmentId: number): Promise<Lease> {
  const row = await db
    .selectFrom("assignments")
    .innerJoin("tasks", (join) =>
      join.onRef("tasks.project_id", "=", "assignments.project_id").onRef("tasks.id", "=", "assignments.task_id"),
    )
    .select([
      "assignments.id",
      "assignments.task_id",
      "assignments.annotator_id",
      "assignments.created_at",
      "assignments.expires_at",
      "tasks.data",
    ])
    .where("assignments.project_id", "=", project.id)
    .where("assignments.id", "=", assignmentId)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    projectId: project.id,
    taskId: row.task_id,
    annotatorId: row.annotator_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    task: { id: row.task_id, data: JSON.parse(row.data) as Record<string, unknown> },
    guidelineVersion: project.guidelineVersion,
  };
}

/**
 * Leases the best task the annotator may work on (DESIGN.md rule 1 holds under concurrency: the
 * slot is claimed with a conditional update on the task row, and a unique index forbids a second
 * lease of one task to one annotator). Returns undefined when nothing is left for them.
 * An annotator already holding `MAX_ACTIVE_LEASES` leases gets their oldest one back.
 */
export async function leaseNextTask(
  database: Database,
  options: { project: Project; annotator: User; now: number },
): Promise<Lease | undefined> {
  const { db, dialect } = database;
  const { project, annotator } = options;
  const now = Math.round(options.now); // times are whole milliseconds (bigint on PostgreSQL)
  await reclaimExpiredLeases(db, project.id, now);

  const quality = await getAnnotatorQuality(db, project.id, annotator.id);
  if (quality.status === "paused")
    throw new DomainError(
      "annotator_paused",
      `You are paused on this project: ${quality.statusReason ?? "ask your manager"}`,
    );
  const held = await currentLeases(db, project.id, annotator.id, now);
  if (held.length >= MAX_ACTIVE_LEASES) return loadLease(db, project, held[0]!.id);

  const languages = taskLanguagesFor(annotator, project.requirements as Requirements);
  // Retraining annotators get only control tasks (with feedback); others get them by the gold policy.
  const retraining = quality.status === "retrain";
  const goldFirst =
    retraining ||
    (goldIsControl(project.goldPolicy) &&
      shouldServeGold(project.goldPolicy, annotator.id, quality.judgments + held.length));
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      const lease = await db.transaction().execute(async (trx) => {
        const gold = goldFirst ? await claimGoldTask(trx, project, languages, annotator.id, now) : null;
        if (gold !== null || retraining) return gold;
        return claimBestTask(trx, dialect, project, languages, annotator.id, now);
      });
      if (lease === null) return undefined;
      if (lease !== "retry") {
        if (dialect === "postgres" && STATISTICS_REFRESH_AT.has(lease.id)) void refreshStatistics(db);
        return lease;
      }
    } catch (error) {
      if (!isUniqueViolation(error) && !isRetryable(error)) throw error;
    }
    if (attempt >= 1) await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 10 * attempt));
  }
  throw busy("Too many people are taking tasks at this moment; please try again");
}

async function claimBestTask(
  trx: Transaction<DB>,
  dialect: Database["dialect"],
  project: Project,
  languages: string[],
  annotatorId: number,
  now: number,
): Promise<Lease | null | "retry"> {
  const best = await bestCandidate(trx, dialect, project.id, languages, annotatorId, true);
  if (!best) {
    // The open tasks may all be locked by judgments being written right now: try again shortly
    // rather than tell the annotator that nothing is left.
    if (dialect === "postgres" && (await bestCandidate(trx, "sqlite", project.id, languages, annotatorId, false)))
      return "retry";
    return null;
  }
  const claimed = await trx
    .updateTable("tasks")
    .set({ slots_taken: sql`slots_taken + 1`, status: taskStatusSql({ slotsDelta: 1 }), updated_at: now })
    .where("project_id", "=", project.id)
    .where("id", "=", best.id)
    // Still open: a slot free and not a control task. Said this way rather than status = 'open'
    // so PostgreSQL reaches the row by its primary key, not by scanning the queue's partial index.
    .where(sql<boolean>`slots_taken < required`)
    .where("status", "<>", "gold")
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return "retry";
  return insertLease(trx, project, best, annotatorId, now);
}

async function bestCandidate(
  trx: Transaction<DB>,
  dialect: Database["dialect"],
  projectId: number,
  languages: string[],
  annotatorId: number,
  skipLocked: boolean,
) {
  let best: { id: number; priority: number; deadline_key: number; data: string } | undefined;
  for (const language of languages) {
    const candidate = await nextTaskQuery(
      trx,
      dialect,
      projectId,
      language,
      annotatorId,
      skipLocked,
    ).executeTakeFirst();
    if (!candidate) continue;
    if (
      !best ||
      candidate.priority > best.priority ||
      (candidate.priority === best.priority &&
        (candidate.deadline_key < best.deadline_key ||
          (candidate.deadline_key === best.deadline_key && candidate.id < best.id)))
    )
      best = candidate;
  }
  return best;
}

/**
 * Lease ids at which PostgreSQL's planner statistics are refreshed. Until autovacuum first
 * analyzes the assignments table (up to a minute on a new installation), the planner believes it
 * empty and checks "never held by this annotator" by scanning all of the annotator's leases for
 * every candidate; refreshing early as the table first grows keeps the lookup a single probe.
 */
const STATISTICS_REFRESH_AT = new Set([64, 512, 4096, 32768]);

async function refreshStatistics(db: Kysely<DB>) {
  await sql`analyze assignments`.execute(db).catch(() => {});
  await sql`analyze judgments`.execute(db).catch(() => {});
}

/** A control task this annotator has not answered yet (any number of annotators may answer one). */
async function claimGoldTask(
  trx: Transaction<DB>,
  project: Project,
  languages: string[],
  annotatorId: number,
  now: number,
): Promise<Lease | null> {
  for (const language of languages) {
    const task = await trx
      .selectFrom("tasks")
      .select(["tasks.id", "tasks.data"])
      .where("tasks.project_id", "=", project.id)
      .where("tasks.language", "=", language)
      .where("tasks.status", "=", "gold")
      .where(neverHeldBy(annotatorId))
      .orderBy("tasks.id")
      .limit(1)
      .executeTakeFirst();
    if (!task) continue;
    await trx
      .updateTable("tasks")
      .set({ slots_taken: sql`slots_taken + 1`, updated_at: now })
      .where("project_id", "=", project.id)
      .where("id", "=", task.id)
      .execute();
    return insertLease(trx, project, task, annotatorId, now);
  }
  return null;
}

/** Records the lease of a claimed task (its slot already taken) and returns it. */
async function insertLease(
  trx: Transaction<DB>,
  project: Project,
  task: { id: number; data: string },
  annotatorId: number,
  now: number,
): Promise<Lease> {
  const expiresAt = now + project.leaseSeconds * 1000;
  const row = await trx
    .insertInto("assignments")
    .values({
      project_id: project.id,
      task_id: task.id,
      annotator_id: annotatorId,
      status: "active",
      created_at: now,
      expires_at: expiresAt,
      finished_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    projectId: project.id,
    taskId: task.id,
    annotatorId,
    createdAt: now,
    expiresAt,
    task: { id: task.id, data: JSON.parse(task.data) as Record<string, unknown> },
    guidelineVersion: project.guidelineVersion,
  };
}

export interface AssignmentRow {
  id: number;
  projectId: number;
  taskId: number;
  annotatorId: number;
  status: string;
  expiresAt: number;
}

export async function findAssignment(db: Kysely<DB>, id: number): Promise<AssignmentRow | undefined> {
  const row = await db
    .selectFrom("assignments")
    .select(["id", "project_id", "task_id", "annotator_id", "status", "expires_at"])
    .where("id", "=", id)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      projectId: row.project_id,
      taskId: row.task_id,
      annotatorId: row.annotator_id,
      status: row.status,
      expiresAt: row.expires_at,
    }
  );
}

/**
 * Gives a lease back without a judgment: `skipped` (the annotator does not want this task) or
 * `released` (they stop working). Either way the slot returns to the pool and this annotator is
 * not offered the task again.
 */
export async function endLease(
  db: Kysely<DB>,
  options: { assignmentId: number; annotatorId: number; outcome: "skipped" | "released"; now: number },
): Promise<void> {
  options = { ...options, now: Math.round(options.now) };
  await db.transaction().execute(async (trx) => {
    const lease = await trx
      .updateTable("assignments")
      .set({ status: options.outcome, finished_at: options.now })
      .where("id", "=", options.assignmentId)
      .where("annotator_id", "=", options.annotatorId)
      .where("status", "=", "active")
      .returning(["project_id", "task_id"])
      .executeTakeFirst();
    if (!lease) {
      const existing = await findAssignment(trx, options.assignmentId);
      if (!existing || existing.annotatorId !== options.annotatorId) throw notFound("Assignment");
      throw new DomainError("assignment_closed", `This assignment is already ${existing.status}`);
    }
    await freeSlot(trx, lease.project_id, lease.task_id, options.now);
  });
}

/** The annotator's unexpired leases in a project, oldest first (to resume after a reload). */
export async function listActiveLeases(db: Kysely<DB>, project: Project, annotatorId: number, now: number) {
  const held = await currentLeases(db, project.id, annotatorId, now);
  return Promise.all(held.map((row) => loadLease(db, project, row.id)));
}
