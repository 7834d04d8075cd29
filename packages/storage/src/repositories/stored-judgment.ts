import type { Judgment } from "@quorum/core";
import { type Kysely, sql } from "kysely";
import type { Dialect } from "../database.js";
import { PreparedStatement } from "../prepared-statement.js";
import type { DB } from "../schema.js";
import { addJudgmentActivity, hourOf } from "./activity-hourly.js";
import { finishAssignment } from "./assignments.js";
import { insertJudgment } from "./judgments.js";
import { type TaskRow, toTask } from "./task-rows.js";
import { lockTaskCounters } from "./tasks.js";

/** The task's counters as a judgment reads them once the task's row is locked. */
export type LockedTaskCounters = Awaited<ReturnType<typeof lockTaskCounters>>;

/**
 * Stores a judgment, ends its assignment as `submitted`, counts it in its annotator's hourly
 * activity and locks its task's row, returning the judgment and the task's counters.
 *
 * On PostgreSQL all of it is one statement (data-modifying CTEs), two round trips fewer a
 * judgment. The task's row is locked in that statement rather than in one of its own, which does
 * not lengthen the lock: the statement that follows (the annotator's record with the task's
 * judgments, read with a fresh snapshot, so judgments committed while this one waited for the lock
 * are seen) is the one that followed the lock before. On SQLite (one writer, no row locks) the
 * statements run apart, and `counters` read earlier in the transaction (`lockSubmission`) are used.
 */
export async function storeJudgment(
  trx: Kysely<DB>,
  dialect: Dialect,
  judgment: Omit<Judgment, "id">,
  counters?: LockedTaskCounters,
): Promise<{ judgment: Judgment; counters: LockedTaskCounters }> {
  if (dialect === "postgres") return storeJudgmentInOneStatement(trx, judgment);
  const stored = await insertJudgment(trx, dialect, judgment, { finishAssignment: true });
  if (!stored.finishedAssignment)
    await finishAssignment(trx, dialect, judgment.projectId, judgment.assignmentId, "submitted", judgment.createdAt);
  await addJudgmentActivity(trx, stored.judgment);
  return {
    judgment: stored.judgment,
    counters: counters ?? (await lockTaskCounters(trx, dialect, judgment.projectId, judgment.taskId)),
  };
}

async function storeJudgmentInOneStatement(
  trx: Kysely<DB>,
  judgment: Omit<Judgment, "id">,
): Promise<{ judgment: Judgment; counters: LockedTaskCounters }> {
  const { rows } = await storeJudgmentStatement.run(trx, "postgres", {
    projectId: judgment.projectId,
    assignmentId: judgment.assignmentId,
    taskId: judgment.taskId,
    annotatorId: judgment.annotatorId,
    value: JSON.stringify(judgment.value),
    guidelineVersion: judgment.guidelineVersion,
    activeMs: judgment.activeMs,
    clientKey: judgment.clientKey,
    goldCorrect: judgment.goldCorrect === null ? null : judgment.goldCorrect ? 1 : 0,
    createdAt: judgment.createdAt,
    hour: hourOf(judgment.createdAt),
    goldAnswered: judgment.goldCorrect === null ? 0 : 1,
    goldRight: judgment.goldCorrect ? 1 : 0,
  });
  const row = rows[0];
  // No row: the task is gone; the statement's writes roll back with the transaction.
  if (!row) throw new Error(`task ${judgment.taskId} of project ${judgment.projectId} not found`);
  const { id, ...task } = row;
  return { judgment: { ...judgment, id }, counters: toTask(task) };
}

type StoredJudgmentRow = { id: number } & Pick<
  TaskRow,
  "status" | "required" | "slots_taken" | "judgment_count" | "posterior" | "language" | "aggregate" | "confidence"
>;

const storeJudgmentStatement = new PreparedStatement<
  StoredJudgmentRow,
  | "projectId"
  | "assignmentId"
  | "taskId"
  | "annotatorId"
  | "value"
  | "guidelineVersion"
  | "activeMs"
  | "clientKey"
  | "goldCorrect"
  | "createdAt"
  | "hour"
  | "goldAnswered"
  | "goldRight"
>(
  (_db, slot) => sql<StoredJudgmentRow>`
    with finished as (
      update assignments set status = 'submitted', finished_at = ${slot("createdAt")}
      where project_id = ${slot("projectId")} and id = ${slot("assignmentId")}
    ), activity as (
      insert into activity_hourly (project_id, hour, annotator_id, judgments, active_ms, gold_answered, gold_correct)
      values (${slot("projectId")}, ${slot("hour")}, ${slot("annotatorId")}, 1, ${slot("activeMs")},
        ${slot("goldAnswered")}, ${slot("goldRight")})
      on conflict (project_id, hour, annotator_id) do update set judgments = activity_hourly.judgments + 1,
        active_ms = activity_hourly.active_ms + excluded.active_ms,
        gold_answered = activity_hourly.gold_answered + excluded.gold_answered,
        gold_correct = activity_hourly.gold_correct + excluded.gold_correct
    ), judged as (
      insert into judgments (project_id, assignment_id, task_id, annotator_id, value, guideline_version, active_ms,
        client_key, gold_correct, created_at)
      values (${slot("projectId")}, ${slot("assignmentId")}, ${slot("taskId")}, ${slot("annotatorId")}, ${slot("value")},
        ${slot("guidelineVersion")}, ${slot("activeMs")}, ${slot("clientKey")}, ${slot("goldCorrect")}, ${slot("createdAt")})
      returning id
    )
    select judged.id, tasks.status, tasks.required, tasks.slots_taken, tasks.judgment_count, tasks.posterior,
      tasks.language, tasks.aggregate, tasks.confidence
    from judged, tasks
    where tasks.project_id = ${slot("projectId")} and tasks.id = ${slot("taskId")}
    for update of tasks`,
);
