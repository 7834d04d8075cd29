import type { Judgment } from "@quorum/core";
import { isLabelValue } from "@quorum/core";
import type { Kysely, Selectable } from "kysely";
import type { DB, JudgmentsTable } from "../schema.js";
import { parseJsonColumn } from "./json-column.js";

type JudgmentRow = Selectable<JudgmentsTable>;

/** The field of `Judgment` that each column of `judgments` fills. */
interface JudgmentFieldOf {
  project_id: "projectId";
  id: "id";
  assignment_id: "assignmentId";
  task_id: "taskId";
  annotator_id: "annotatorId";
  value: "value";
  guideline_version: "guidelineVersion";
  active_ms: "activeMs";
  client_key: "clientKey";
  gold_correct: "goldCorrect";
  created_at: "createdAt";
  // The verdict is cost's and review's, not part of core's `Judgment`.
  verdict: never;
  verdict_by: never;
  verdict_reason: never;
  verdict_at: never;
}

/** The one mapper of `judgments` rows, for any selection of its columns (written out, like `toTask`). */
export function toJudgment<C extends keyof JudgmentRow>(row: Pick<JudgmentRow, C>): Pick<Judgment, JudgmentFieldOf[C]> {
  const r: Partial<JudgmentRow> = row;
  const j: Partial<Judgment> = {};
  if (r.project_id !== undefined) j.projectId = r.project_id;
  if (r.id !== undefined) j.id = r.id;
  if (r.assignment_id !== undefined) j.assignmentId = r.assignment_id;
  if (r.task_id !== undefined) j.taskId = r.task_id;
  if (r.annotator_id !== undefined) j.annotatorId = r.annotator_id;
  if (r.value !== undefined) j.value = parseJsonColumn(r.value, "judgments.value", isLabelValue);
  if (r.guideline_version !== undefined) j.guidelineVersion = r.guideline_version;
  if (r.active_ms !== undefined) j.activeMs = r.active_ms;
  if (r.client_key !== undefined) j.clientKey = r.client_key;
  if (r.gold_correct !== undefined) j.goldCorrect = r.gold_correct === null ? null : r.gold_correct === 1;
  if (r.created_at !== undefined) j.createdAt = r.created_at;
  return j as Pick<Judgment, JudgmentFieldOf[C]>;
}

/** The judgment an annotator stored with a clientKey in a project, if any. */
export async function findJudgmentByClientKey(
  db: Kysely<DB>,
  projectId: number,
  annotatorId: number,
  clientKey: string,
): Promise<Judgment | undefined> {
  const row = await db
    .selectFrom("judgments")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("annotator_id", "=", annotatorId)
    .where("client_key", "=", clientKey)
    .executeTakeFirst();
  return row && toJudgment(row);
}

export async function insertJudgment(trx: Kysely<DB>, judgment: Omit<Judgment, "id">): Promise<Judgment> {
  const row = await trx
    .insertInto("judgments")
    .values({
      project_id: judgment.projectId,
      assignment_id: judgment.assignmentId,
      task_id: judgment.taskId,
      annotator_id: judgment.annotatorId,
      value: JSON.stringify(judgment.value),
      guideline_version: judgment.guidelineVersion,
      active_ms: judgment.activeMs,
      client_key: judgment.clientKey,
      gold_correct: judgment.goldCorrect === null ? null : judgment.goldCorrect ? 1 : 0,
      created_at: judgment.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    projectId: judgment.projectId,
    assignmentId: judgment.assignmentId,
    taskId: judgment.taskId,
    annotatorId: judgment.annotatorId,
    value: judgment.value,
    guidelineVersion: judgment.guidelineVersion,
    activeMs: judgment.activeMs,
    clientKey: judgment.clientKey,
    goldCorrect: judgment.goldCorrect,
    createdAt: judgment.createdAt,
  };
}
