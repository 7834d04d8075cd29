import type { Judgment } from "@quorum/core";
import { type Kysely, sql } from "kysely";
import type { Dialect } from "../database.js";
import { PreparedStatement } from "../prepared-statement.js";
import type { DB } from "../schema.js";
import {
  addJudgmentActivity,
  type JudgmentActivitySlot,
  judgmentActivityParameters,
  judgmentActivityUpsert,
} from "./activity-hourly.js";
import { finishAssignment } from "./assignments.js";
import { insertJudgment, type JudgmentSlot, judgmentInsert, judgmentParameters } from "./judgments.js";
import {
  type SubmissionRead,
  type SubmissionReadColumns,
  submissionReadColumns,
  toSubmissionRead,
} from "./submission-read.js";

/**
 * Stores a judgment, ends its assignment as `submitted` and counts it in its annotator's hourly
 * activity, returning the judgment and what the judgment goes on to read (`SubmissionRead`: the
 * task's counters, the annotator's record, locked, and the task's judgments before this one).
 *
 * On PostgreSQL all of it is one statement (data-modifying CTEs). The task's row was locked by
 * `lockSubmission`, so this statement's snapshot, taken after that lock, sees every judgment of
 * the task committed before; the judgment it inserts is not in its own snapshot. On SQLite (one
 * writer) the statements run apart and `read` is what `lockSubmission` read.
 */
export async function storeJudgment(
  trx: Kysely<DB>,
  dialect: Dialect,
  judgment: Omit<Judgment, "id">,
  read: SubmissionRead | undefined,
): Promise<{ judgment: Judgment; read: SubmissionRead }> {
  if (dialect === "postgres") return storeJudgmentInOneStatement(trx, judgment);
  if (!read) throw new Error("SQLite reads the task and the annotator's record with the submission");
  const stored = await insertJudgment(trx, dialect, judgment);
  await finishAssignment(trx, dialect, judgment.projectId, judgment.assignmentId, "submitted", judgment.createdAt);
  await addJudgmentActivity(trx, stored);
  return { judgment: stored, read };
}

async function storeJudgmentInOneStatement(
  trx: Kysely<DB>,
  judgment: Omit<Judgment, "id">,
): Promise<{ judgment: Judgment; read: SubmissionRead }> {
  const { rows } = await storeJudgmentStatement.run(trx, "postgres", {
    ...judgmentParameters(judgment),
    ...judgmentActivityParameters(judgment),
  });
  const row = rows[0];
  // No row: the task is gone; the statement's writes roll back with the transaction.
  if (!row) throw new Error(`task ${judgment.taskId} of project ${judgment.projectId} not found`);
  return { judgment: { ...judgment, id: row.id }, read: toSubmissionRead(row) };
}

const storeJudgmentStatement = new PreparedStatement<
  { id: number } & SubmissionReadColumns,
  JudgmentSlot | JudgmentActivitySlot
>(
  (_db, slot) => sql<{ id: number } & SubmissionReadColumns>`
    with finished as (
      update assignments set status = 'submitted', finished_at = ${slot("createdAt")}
      where project_id = ${slot("projectId")} and id = ${slot("assignmentId")}
    ), activity as (
      ${judgmentActivityUpsert(slot)}
    ), judged as (
      ${judgmentInsert(slot)}
    ), record as (
      select * from annotator_quality
      where project_id = ${slot("projectId")} and annotator_id = ${slot("annotatorId")}
      for update
    )
    select judged.id, ${submissionReadColumns("postgres")}
    from judged cross join tasks as t left join record as q on true
    where t.project_id = ${slot("projectId")} and t.id = ${slot("taskId")}`,
);
