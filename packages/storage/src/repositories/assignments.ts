import { ASSIGNMENT_STATUSES, type Assignment, CONTROL_KINDS, type Lease, type Project, type Task } from "@quorum/core";
import { type Kysely, type Selectable, sql } from "kysely";
import type { Dialect } from "../database.js";
import { PreparedStatement } from "../prepared-statement.js";
import type { AssignmentsTable, DB } from "../schema.js";
import { oneOf } from "./json-column.js";
import { toJudgment } from "./judgments.js";
import { ACTIVE } from "./partial-index-values.js";
import { type SubmissionReadColumns, submissionReadColumns, toSubmissionRead } from "./submission-read.js";
import { type TaskRow, toTask } from "./task-rows.js";

type AssignmentRow = Selectable<AssignmentsTable>;

/** The field of `Assignment` that each column of `assignments` fills. */
interface AssignmentFieldOf {
  project_id: "projectId";
  id: "id";
  task_id: "taskId";
  annotator_id: "annotatorId";
  status: "status";
  created_at: "createdAt";
  expires_at: "expiresAt";
  finished_at: "finishedAt";
  served_as: "servedAs";
}

const readStatus = oneOf(ASSIGNMENT_STATUSES, "assignments.status");
const readServedAs = oneOf(CONTROL_KINDS, "assignments.served_as");

/** The one mapper of `assignments` rows, for any selection of its columns (written out, like `toTask`). */
export function toAssignment<C extends keyof AssignmentRow>(
  row: Pick<AssignmentRow, C>,
): Pick<Assignment, AssignmentFieldOf[C]> {
  const r: Partial<AssignmentRow> = row;
  const a: Partial<Assignment> = {};
  if (r.project_id !== undefined) a.projectId = r.project_id;
  if (r.id !== undefined) a.id = r.id;
  if (r.task_id !== undefined) a.taskId = r.task_id;
  if (r.annotator_id !== undefined) a.annotatorId = r.annotator_id;
  if (r.status !== undefined) a.status = readStatus(r.status);
  if (r.created_at !== undefined) a.createdAt = r.created_at;
  if (r.expires_at !== undefined) a.expiresAt = r.expires_at;
  if (r.finished_at !== undefined) a.finishedAt = r.finished_at;
  if (r.served_as !== undefined) a.servedAs = r.served_as === null ? null : readServedAs(r.served_as);
  return a as Pick<Assignment, AssignmentFieldOf[C]>;
}

/** The lease an annotator sees: the assignment, its task's data and the project's guideline version. */
export function toLease(
  assignment: Pick<Assignment, "id" | "projectId" | "taskId" | "annotatorId" | "createdAt" | "expiresAt">,
  task: Pick<Task, "id" | "data">,
  project: Pick<Project, "guidelineVersion">,
): Lease {
  // Field by field, not by spreading `assignment`: V8 allocated the spread result in the old
  // generation, which kept each request's garbage alive through young collections (+10% CPU).
  return {
    id: assignment.id,
    projectId: assignment.projectId,
    taskId: assignment.taskId,
    annotatorId: assignment.annotatorId,
    createdAt: assignment.createdAt,
    expiresAt: assignment.expiresAt,
    task: { id: task.id, data: task.data },
    guidelineVersion: project.guidelineVersion,
  };
}

export async function findAssignment(db: Kysely<DB>, id: number) {
  const row = await db
    .selectFrom("assignments")
    .select(["id", "project_id", "task_id", "annotator_id", "status", "expires_at"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toAssignment(row);
}

const insertAssignmentStatement = new PreparedStatement<
  { id: number },
  "projectId" | "taskId" | "annotatorId" | "createdAt" | "expiresAt" | "servedAs"
>((db, slot) =>
  db
    .insertInto("assignments")
    .values({
      project_id: slot("projectId"),
      task_id: slot("taskId"),
      annotator_id: slot("annotatorId"),
      status: "active",
      created_at: slot("createdAt"),
      expires_at: slot("expiresAt"),
      finished_at: null,
      served_as: slot("servedAs"),
    })
    .returning("id"),
);

const submissionStatement = new PreparedStatement<
  Pick<AssignmentRow, "id" | "project_id" | "task_id" | "annotator_id" | "status" | "expires_at" | "served_as"> &
    Pick<TaskRow, "data" | "gold" | "gold_explanation" | "harm"> & {
      previous_id: number | null;
      previous_assignment_id: number | null;
      previous_task_id: number | null;
      previous_value: string | null;
      previous_guideline_version: number | null;
      previous_active_ms: number | null;
      previous_gold_correct: number | null;
      previous_created_at: number | null;
    } & Partial<SubmissionReadColumns>,
  "assignmentId" | "annotatorId" | "clientKey"
>(
  (_db, slot, dialect) => sql`
    select a.id, a.project_id, a.task_id, a.annotator_id, a.status, a.expires_at, a.served_as,
      t.data, t.gold, t.gold_explanation, t.harm,
      j.id as previous_id, j.assignment_id as previous_assignment_id, j.task_id as previous_task_id,
      j.value as previous_value, j.guideline_version as previous_guideline_version,
      j.active_ms as previous_active_ms, j.gold_correct as previous_gold_correct, j.created_at as previous_created_at
      ${dialect === "sqlite" ? sql`, ${submissionReadColumns("sqlite")}` : sql``}
    from assignments as a
    inner join tasks as t on t.project_id = a.project_id and t.id = a.task_id
    left join judgments as j
      on j.project_id = a.project_id and j.annotator_id = ${slot("annotatorId")} and j.client_key = ${slot("clientKey")}
    ${dialect === "sqlite" ? sql`left join annotator_quality as q on q.project_id = a.project_id and q.annotator_id = a.annotator_id` : sql``}
    where a.id = ${slot("assignmentId")}
    ${dialect === "postgres" ? sql`for update of a, t` : sql``}`,
);

/**
 * What a judgment is decided on, in one read: the assignment, its task's content (immutable;
 * `taskData()` parses its data, which only some schemas need) and the judgment this annotator
 * already stored in the project with `clientKey`, if any. Undefined when there is no such
 * assignment. On PostgreSQL the assignment's and the task's rows stay locked until the
 * transaction ends, so the judgment's next statement (`storeJudgment`), with a snapshot taken
 * after the lock, sees every judgment of the task committed before; concurrent judgments of the
 * task wait here. On SQLite (one writer) the same read also brings `read`
 * (`submissionReadColumns`).
 */
export async function lockSubmission(
  trx: Kysely<DB>,
  dialect: Dialect,
  options: { assignmentId: number; annotatorId: number; clientKey: string },
) {
  const { rows } = await submissionStatement.run(trx, dialect, options);
  const row = rows[0];
  if (!row) return undefined;
  const assignment = toAssignment({
    id: row.id,
    project_id: row.project_id,
    task_id: row.task_id,
    annotator_id: row.annotator_id,
    status: row.status,
    expires_at: row.expires_at,
    served_as: row.served_as,
  });
  const task = toTask({ gold: row.gold, gold_explanation: row.gold_explanation, harm: row.harm });
  // Parsed only when asked: only some schemas check an answer against the task's data.
  const taskData = () => toTask({ data: row.data }).data;
  const previous =
    row.previous_id === null
      ? undefined
      : toJudgment({
          project_id: row.project_id,
          id: row.previous_id,
          assignment_id: row.previous_assignment_id ?? 0,
          task_id: row.previous_task_id ?? 0,
          annotator_id: options.annotatorId,
          value: row.previous_value ?? "null",
          guideline_version: row.previous_guideline_version ?? 0,
          active_ms: row.previous_active_ms ?? 0,
          client_key: options.clientKey,
          gold_correct: row.previous_gold_correct,
          created_at: row.previous_created_at ?? 0,
        });
  if (row.task_status === undefined) return { assignment, task, taskData, previous };
  return { assignment, task, taskData, previous, read: toSubmissionRead(row as SubmissionReadColumns) };
}

/** Records the lease of a claimed task (its slot already taken). */
export async function insertAssignment(
  trx: Kysely<DB>,
  dialect: Dialect,
  lease: Pick<Assignment, "projectId" | "taskId" | "annotatorId" | "createdAt" | "expiresAt" | "servedAs">,
): Promise<Pick<Assignment, "id" | "projectId" | "taskId" | "annotatorId" | "createdAt" | "expiresAt">> {
  const { rows } = await insertAssignmentStatement.run(trx, dialect, lease);
  const row = rows[0];
  if (!row) throw new Error("insert into assignments returned no id");
  return {
    id: row.id,
    projectId: lease.projectId,
    taskId: lease.taskId,
    annotatorId: lease.annotatorId,
    createdAt: lease.createdAt,
    expiresAt: lease.expiresAt,
  };
}

/** Ends an assignment known to be active (its row is locked). */
export async function finishAssignment(
  trx: Kysely<DB>,
  dialect: Dialect,
  projectId: number,
  id: number,
  status: Exclude<Assignment["status"], "active">,
  now: number,
): Promise<void> {
  await finishAssignmentStatement.run(trx, dialect, { projectId, id, status, now });
}

const finishAssignmentStatement = new PreparedStatement<never, "projectId" | "id" | "status" | "now">((db, slot) =>
  db
    .updateTable("assignments")
    .set({ status: slot("status"), finished_at: slot("now") })
    .where("project_id", "=", slot("projectId"))
    .where("id", "=", slot("id")),
);

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
    .where("status", "=", ACTIVE)
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
    .where("status", "=", ACTIVE)
    .where("expires_at", "<=", now)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Expires up to `limit` leases past their expiry and returns their tasks and annotators. */
export async function expireDueAssignments(trx: Kysely<DB>, projectId: number, now: number, limit: number) {
  const rows = await trx
    .updateTable("assignments")
    .set({ status: "expired", finished_at: now })
    .where("project_id", "=", projectId)
    .where("status", "=", ACTIVE)
    .where("id", "in", (eb) =>
      eb
        .selectFrom("assignments")
        .select("id")
        .where("project_id", "=", projectId)
        .where("status", "=", ACTIVE)
        .where("expires_at", "<=", now)
        .limit(limit),
    )
    .returning(["task_id", "annotator_id"])
    .execute();
  return rows.map((row) => ({ taskId: row.task_id, annotatorId: row.annotator_id }));
}

/**
 * Makes one annotator's lease claims in a project wait for each other until the transaction ends,
 * so the count of their leases read next is still true when the claim commits. PostgreSQL: a
 * transaction-scoped advisory lock on (project, annotator), which leaves other annotators' claims
 * free (the two-key form; no other code takes advisory locks). SQLite has one writer at a time,
 * so its transactions are serialised already.
 */
export async function serialiseAnnotatorClaims(
  trx: Kysely<DB>,
  dialect: Dialect,
  projectId: number,
  annotatorId: number,
): Promise<void> {
  if (dialect !== "postgres") return;
  await annotatorClaimLockStatement.run(trx, dialect, { projectId, annotatorId });
}

// Sent with the claim-state read that follows it, in one round trip (`preparingPool`).
const annotatorClaimLockStatement = new PreparedStatement<unknown, "projectId" | "annotatorId">(
  (_db, slot) => sql`select pg_advisory_xact_lock(${slot("projectId")}::int, ${slot("annotatorId")}::int)`,
  { sendWithNext: true },
);

export interface ClaimStateRow {
  status: string | null;
  status_reason: string | null;
  judgments: number | null;
  id: number | null;
  task_id: number | null;
  created_at: number | null;
  expires_at: number | null;
}

/**
 * `readClaimState`'s read; `extra` adds columns (SQLite's claim reads the queue head with it,
 * `readClaimStateAndQueueHead`).
 */
export function claimStateSql(
  slot: (name: "projectId" | "annotatorId" | "now") => never,
  dialect: Dialect,
  extra = sql``,
) {
  // SQLite plans without statistics and took `assignments_active_expiry` (project_id, expires_at),
  // walking every unexpired lease of the project, everyone's, on each claim.
  const heldIndex = dialect === "sqlite" ? sql` indexed by assignments_annotator_active` : sql``;
  return sql<ClaimStateRow>`
    select quality.status, quality.status_reason, quality.judgments,
      held.id, held.task_id, held.created_at, held.expires_at${extra}
    from (select 1 as one) as one
    left join annotator_quality as quality
      on quality.project_id = ${slot("projectId")} and quality.annotator_id = ${slot("annotatorId")}
    left join assignments as held${heldIndex}
      on held.annotator_id = ${slot("annotatorId")} and held.project_id = ${slot("projectId")}
      and held.status = 'active' and held.expires_at > ${slot("now")}
    order by held.id`;
}

const claimStateStatement = new PreparedStatement<ClaimStateRow, "projectId" | "annotatorId" | "now">(
  (_db, slot, dialect) => claimStateSql(slot, dialect),
);

/**
 * What a lease claim decides on, in one read: the annotator's standing in the project (a clean
 * record when they have none: status `ok`, no judgments) and their unexpired active leases there,
 * oldest first (`activeAssignments`).
 */
export async function readClaimState(
  trx: Kysely<DB>,
  dialect: Dialect,
  projectId: number,
  annotatorId: number,
  now: number,
) {
  const { rows } = await claimStateStatement.run(trx, dialect, { projectId, annotatorId, now });
  return claimStateOf(rows);
}

/** The rows of `claimStateStatement`'s columns as `readClaimState` returns them. */
export function claimStateOf(rows: readonly ClaimStateRow[]) {
  const first = rows[0];
  const standing = {
    status: first?.status ?? "ok",
    statusReason: first?.status_reason ?? null,
    judgments: first?.judgments ?? 0,
  };
  const held: Pick<Assignment, "id" | "taskId" | "createdAt" | "expiresAt">[] = [];
  for (const row of rows)
    if (row.id !== null && row.task_id !== null && row.created_at !== null && row.expires_at !== null)
      held.push({ id: row.id, taskId: row.task_id, createdAt: row.created_at, expiresAt: row.expires_at });
  return { standing, held };
}

/** An annotator's unexpired active assignments in a project, oldest first. */
export async function activeAssignments(db: Kysely<DB>, projectId: number, annotatorId: number, now: number) {
  const rows = await db
    .selectFrom("assignments")
    .select(["id", "task_id", "created_at", "expires_at"])
    .where("annotator_id", "=", annotatorId)
    .where("project_id", "=", projectId)
    .where("status", "=", ACTIVE)
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

/** Ends every active assignment of an annotator, in every project, as `released`; returns their tasks. */
export async function releaseActiveOf(trx: Kysely<DB>, annotatorId: number, now: number) {
  const rows = await trx
    .updateTable("assignments")
    .set({ status: "released", finished_at: now })
    .where("annotator_id", "=", annotatorId)
    .where("status", "=", ACTIVE)
    .returning(["project_id", "task_id"])
    .execute();
  return rows.map((row) => ({ projectId: row.project_id, taskId: row.task_id }));
}
