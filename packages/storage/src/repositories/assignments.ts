import { ASSIGNMENT_STATUSES, type Assignment, type Lease, type Project, type Task } from "@quorum/core";
import type { Kysely, Selectable } from "kysely";
import type { Dialect } from "../database.js";
import type { AssignmentsTable, DB } from "../schema.js";
import { lockForUpdate } from "../transaction.js";
import { oneOf } from "./json-column.js";
import { asStored, rowMapper } from "./row-mapper.js";
import { toTask } from "./task-rows.js";

/** The one mapper of `assignments` rows, for any selection of its columns. */
export const toAssignment = rowMapper<Selectable<AssignmentsTable>, Assignment>()({
  project_id: ["projectId", asStored],
  id: ["id", asStored],
  task_id: ["taskId", asStored],
  annotator_id: ["annotatorId", asStored],
  status: ["status", oneOf(ASSIGNMENT_STATUSES, "assignments.status")],
  created_at: ["createdAt", asStored],
  expires_at: ["expiresAt", asStored],
  finished_at: ["finishedAt", asStored],
});

/** The lease an annotator sees: the assignment, its task's data and the project's guideline version. */
export function toLease(
  assignment: Pick<Assignment, "id" | "projectId" | "taskId" | "annotatorId" | "createdAt" | "expiresAt">,
  task: Pick<Task, "id" | "data">,
  project: Pick<Project, "guidelineVersion">,
): Lease {
  return { ...assignment, task: { id: task.id, data: task.data }, guidelineVersion: project.guidelineVersion };
}

export async function findAssignment(db: Kysely<DB>, id: number) {
  const row = await db
    .selectFrom("assignments")
    .select(["id", "project_id", "task_id", "annotator_id", "status", "expires_at"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toAssignment(row);
}

/**
 * An assignment and the content of its task, the assignment row locked until the transaction
 * ends (PostgreSQL). The task's content never changes, so its row is not locked.
 */
export async function lockAssignmentWithTask(trx: Kysely<DB>, dialect: Dialect, projectId: number, id: number) {
  const query = trx
    .selectFrom("assignments")
    .innerJoin("tasks", (join) =>
      join.onRef("tasks.project_id", "=", "assignments.project_id").onRef("tasks.id", "=", "assignments.task_id"),
    )
    .select([
      "assignments.id",
      "assignments.task_id",
      "assignments.annotator_id",
      "assignments.status",
      "assignments.expires_at",
      "tasks.data",
      "tasks.gold",
      "tasks.gold_explanation",
    ])
    .where("assignments.project_id", "=", projectId)
    .where("assignments.id", "=", id);
  const row = await lockForUpdate(query, dialect, { of: "assignments" }).executeTakeFirst();
  if (!row) return undefined;
  const { data, gold, gold_explanation, ...assignment } = row;
  return { assignment: toAssignment(assignment), task: toTask({ data, gold, gold_explanation }) };
}

/** Records the lease of a claimed task (its slot already taken). */
export async function insertAssignment(
  trx: Kysely<DB>,
  lease: Pick<Assignment, "projectId" | "taskId" | "annotatorId" | "createdAt" | "expiresAt">,
): Promise<Pick<Assignment, "id" | "projectId" | "taskId" | "annotatorId" | "createdAt" | "expiresAt">> {
  const row = await trx
    .insertInto("assignments")
    .values({
      project_id: lease.projectId,
      task_id: lease.taskId,
      annotator_id: lease.annotatorId,
      status: "active",
      created_at: lease.createdAt,
      expires_at: lease.expiresAt,
      finished_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, ...lease };
}

/** Ends an assignment known to be active (its row is locked). */
export async function finishAssignment(
  trx: Kysely<DB>,
  projectId: number,
  id: number,
  status: Exclude<Assignment["status"], "active">,
  now: number,
): Promise<void> {
  await trx
    .updateTable("assignments")
    .set({ status, finished_at: now })
    .where("project_id", "=", projectId)
    .where("id", "=", id)
    .execute();
}

/** Ends an annotator's assignment if it is still active; returns its task, or undefined when it was not active. */
export async function finishIfActive(
  trx: Kysely<DB>,
  options: { id: number; annotatorId: number; status: "skipped" | "released"; now: number },
) {
  const row = await trx
    .updateTable("assignments")
    .set({ status: options.status, finished_at: options.now })
    .where("id", "=", options.id)
    .where("annotator_id", "=", options.annotatorId)
    .where("status", "=", "active")
    .returning(["project_id", "task_id"])
    .executeTakeFirst();
  return row && toAssignment(row);
}

/** Whether any lease of the project is past its expiry (through the partial expiry index). */
export async function hasDueAssignment(db: Kysely<DB>, projectId: number, now: number): Promise<boolean> {
  const row = await db
    .selectFrom("assignments")
    .select("id")
    .where("project_id", "=", projectId)
    .where("status", "=", "active")
    .where("expires_at", "<=", now)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Expires up to `limit` leases past their expiry and returns their tasks' ids. */
export async function expireDueAssignments(trx: Kysely<DB>, projectId: number, now: number, limit: number) {
  const rows = await trx
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
        .limit(limit),
    )
    .returning("task_id")
    .execute();
  return rows.map((row) => row.task_id);
}

/** An annotator's unexpired active assignments in a project, oldest first. */
export async function activeAssignments(db: Kysely<DB>, projectId: number, annotatorId: number, now: number) {
  const rows = await db
    .selectFrom("assignments")
    .select(["id", "task_id", "created_at", "expires_at"])
    .where("annotator_id", "=", annotatorId)
    .where("project_id", "=", projectId)
    .where("status", "=", "active")
    .where("expires_at", ">", now)
    .orderBy("id")
    .execute();
  return rows.map(toAssignment);
}

export async function loadLease(db: Kysely<DB>, project: Project, assignmentId: number): Promise<Lease> {
  const { data, ...row } = await db
    .selectFrom("assignments")
    .innerJoin("tasks", (join) =>
      join.onRef("tasks.project_id", "=", "assignments.project_id").onRef("tasks.id", "=", "assignments.task_id"),
    )
    .select([
      "assignments.id",
      "assignments.project_id",
      "assignments.task_id",
      "assignments.annotator_id",
      "assignments.created_at",
      "assignments.expires_at",
      "tasks.data",
    ])
    .where("assignments.project_id", "=", project.id)
    .where("assignments.id", "=", assignmentId)
    .executeTakeFirstOrThrow();
  const assignment = toAssignment(row);
  return toLease(assignment, { id: assignment.taskId, ...toTask({ data }) }, project);
}

/** The annotator's unexpired leases in a project, oldest first (to resume after a reload). */
export async function listActiveLeases(db: Kysely<DB>, project: Project, annotatorId: number, now: number) {
  const held = await activeAssignments(db, project.id, annotatorId, now);
  return Promise.all(held.map((row) => loadLease(db, project, row.id)));
}
