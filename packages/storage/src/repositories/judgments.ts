import type { Judgment } from "@quorum/core";
import { isLabelValue } from "@quorum/core";
import { type Kysely, type RawBuilder, type Selectable, sql } from "kysely";
import type { Dialect } from "../database.js";
import { PreparedStatement } from "../prepared-statement.js";
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

export type JudgmentSlot =
  | "projectId"
  | "assignmentId"
  | "taskId"
  | "annotatorId"
  | "value"
  | "guidelineVersion"
  | "activeMs"
  | "clientKey"
  | "goldCorrect"
  | "createdAt";

/**
 * The judgment's insert, returning its id: the one column list of every statement that stores a
 * judgment (`judgmentParameters` fills its slots).
 */
export function judgmentInsert(slot: (name: JudgmentSlot) => never): RawBuilder<{ id: number }> {
  return sql<{ id: number }>`insert into judgments (project_id, assignment_id, task_id, annotator_id, value,
      guideline_version, active_ms, client_key, gold_correct, created_at)
    values (${slot("projectId")}, ${slot("assignmentId")}, ${slot("taskId")}, ${slot("annotatorId")}, ${slot("value")},
      ${slot("guidelineVersion")}, ${slot("activeMs")}, ${slot("clientKey")}, ${slot("goldCorrect")}, ${slot("createdAt")})
    returning id`;
}

/** The values of `judgmentInsert`'s slots, as the columns store them. */
export function judgmentParameters(judgment: Omit<Judgment, "id">): Record<JudgmentSlot, unknown> {
  return {
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
  };
}

const insertJudgmentStatement = new PreparedStatement<{ id: number }, JudgmentSlot>((_db, slot) =>
  judgmentInsert(slot),
);

/** Stores a judgment. */
export async function insertJudgment(
  trx: Kysely<DB>,
  dialect: Dialect,
  judgment: Omit<Judgment, "id">,
): Promise<Judgment> {
  const { rows } = await insertJudgmentStatement.run(trx, dialect, judgmentParameters(judgment));
  const row = rows[0];
  if (!row) throw new Error("insert into judgments returned no id");
  return toStoredJudgment(row.id, judgment);
}

function toStoredJudgment(id: number, judgment: Omit<Judgment, "id">): Judgment {
  return {
    id,
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
