import type { LabelValue, ReportAnswer } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";
import { onTaskOf } from "./join-task.js";
import { parseJson, parseJsonOrNull } from "./json-column.js";
import { parseAggregate, type StoredAggregate } from "./task-labels.js";

/** A judgment with what is known of its task's truth: the gold answer and the stored aggregate. */
export interface JudgmentAnswer extends Omit<ReportAnswer, "aggregate"> {
  id: number;
  aggregate: StoredAggregate | null;
}

function answersOfProject(db: Kysely<DB>, projectId: number) {
  return db
    .selectFrom("judgments")
    .innerJoin("tasks", onTaskOf("judgments"))
    .select([
      "judgments.id",
      "judgments.task_id",
      "judgments.annotator_id",
      "judgments.value",
      "judgments.guideline_version",
      "tasks.language",
      "tasks.gold",
      "tasks.aggregate",
    ])
    .where("judgments.project_id", "=", projectId);
}

type AnswerRow = Awaited<ReturnType<ReturnType<typeof answersOfProject>["execute"]>>[number];

function toJudgmentAnswer(row: AnswerRow): JudgmentAnswer {
  return {
    id: row.id,
    taskId: row.task_id,
    annotatorId: row.annotator_id,
    value: parseJson<LabelValue>(row.value),
    guidelineVersion: row.guideline_version,
    language: row.language,
    gold: parseJsonOrNull<LabelValue>(row.gold),
    aggregate: parseAggregate(row.aggregate),
  };
}

/**
 * The statement of `answersAfter` (exported for tests that explain it). On SQLite it walks
 * `judgments_project`, whose entries are (project_id, rowid): without it each page sorted the
 * whole project.
 */
export function answersAfterQuery(db: Kysely<DB>, projectId: number, options: { after: number; limit: number }) {
  return answersOfProject(db, projectId)
    .where("judgments.id", ">", options.after)
    .orderBy("judgments.id")
    .limit(options.limit);
}

/** A page of the project's judgments in id order after `after`. */
export async function answersAfter(
  db: Kysely<DB>,
  projectId: number,
  options: { after: number; limit: number },
): Promise<JudgmentAnswer[]> {
  const rows = await answersAfterQuery(db, projectId, options).execute();
  return rows.map(toJudgmentAnswer);
}

/** A judgment of a task as the quality records and roll-ups read it. */
export interface TaskAnswer {
  id: number;
  annotatorId: number;
  value: LabelValue;
  guidelineVersion: number;
  /** Null when the task is not gold. */
  goldCorrect: boolean | null;
}

/**
 * The judgments of a task as `answersOfTaskJson` gives them (SQLite, read with another row):
 * `[id, annotator_id, value, guideline_version, gold_correct]` each, in id order.
 */
export function parseTaskAnswers(json: string): TaskAnswer[] {
  const rows = JSON.parse(json) as [number, number, string, number, number | null][];
  const answers: TaskAnswer[] = [];
  for (const [id, annotatorId, value, guidelineVersion, goldCorrect] of rows)
    answers.push({
      id,
      annotatorId,
      value: parseJson<LabelValue>(value),
      guidelineVersion,
      goldCorrect: goldCorrect === null ? null : Boolean(goldCorrect),
    });
  return answers;
}
