import type { Judgment } from "@quorum/core";
import { isLabelValue } from "@quorum/core";
import type { Kysely, Selectable } from "kysely";
import type { DB, JudgmentsTable } from "../schema.js";
import { parseJsonColumn } from "./json-column.js";
import { asStored, rowMapper } from "./row-mapper.js";

/** The one mapper of `judgments` rows, for any selection of its columns. */
export const toJudgment = rowMapper<Selectable<JudgmentsTable>, Judgment>()({
  project_id: ["projectId", asStored],
  id: ["id", asStored],
  assignment_id: ["assignmentId", asStored],
  task_id: ["taskId", asStored],
  annotator_id: ["annotatorId", asStored],
  value: ["value", (text) => parseJsonColumn(text, "judgments.value", isLabelValue)],
  guideline_version: ["guidelineVersion", asStored],
  active_ms: ["activeMs", asStored],
  client_key: ["clientKey", asStored],
  gold_correct: ["goldCorrect", (stored) => (stored === null ? null : stored === 1)],
  created_at: ["createdAt", asStored],
});

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
  return { id: row.id, ...judgment };
}
