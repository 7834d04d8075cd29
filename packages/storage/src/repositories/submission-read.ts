import type { AnnotatorStanding } from "@quorum/core";
import { type RawBuilder, sql } from "kysely";
import { type QualityRow, toStanding } from "./annotator-quality.js";
import { parseTaskAnswers, type TaskAnswer } from "./judgment-answers.js";
import { type TaskRow, toTask } from "./task-rows.js";

/** The columns `SUBMISSION_READ_COLUMNS` names, as a row gives them. */
export interface SubmissionReadColumns {
  task_status: TaskRow["status"];
  task_required: number;
  task_slots_taken: number;
  task_judgment_count: number;
  task_posterior: string | null;
  task_language: string;
  task_aggregate: string | null;
  task_confidence: number | null;
  /** Null when the annotator has no record in the project yet. */
  quality_status: QualityRow["status"] | null;
  quality_judgments: number | null;
  quality_gold_answered: number | null;
  quality_gold_correct: number | null;
  quality_fast_answers: number | null;
  quality_confusion: string | null;
  quality_status_reason: string | null;
  quality_rule_base: string | null;
  /** JSON, see `parseTaskAnswers`. */
  task_answers: string;
}

/**
 * What a judgment reads once nobody else can change it: the task's counters and belief (`t`), the
 * annotator's quality record (`q`, outer-joined: absent before their first judgment in the
 * project) and the task's judgments so far, in id order. SQLite reads them with the assignment
 * (one writer); PostgreSQL with the judgment's insert, once the task's row is locked.
 */
export function submissionReadColumns(dialect: "sqlite" | "postgres"): RawBuilder<unknown> {
  const answers =
    dialect === "sqlite"
      ? sql`(select json_group_array(json_array(o.id, o.annotator_id, o.value, o.guideline_version, o.gold_correct))
        from (select id, annotator_id, value, guideline_version, gold_correct from judgments
          where project_id = t.project_id and task_id = t.id order by id) as o)`
      : sql`coalesce((select json_agg(json_build_array(o.id, o.annotator_id, o.value, o.guideline_version, o.gold_correct)
          order by o.id) from judgments as o where o.project_id = t.project_id and o.task_id = t.id), '[]')::text`;
  return sql`t.status as task_status, t.required as task_required, t.slots_taken as task_slots_taken,
      t.judgment_count as task_judgment_count, t.posterior as task_posterior, t.language as task_language,
      t.aggregate as task_aggregate, t.confidence as task_confidence,
      q.status as quality_status, q.judgments as quality_judgments,
      q.gold_answered as quality_gold_answered, q.gold_correct as quality_gold_correct,
      q.fast_answers as quality_fast_answers, q.confusion as quality_confusion,
      q.status_reason as quality_status_reason, q.rule_base as quality_rule_base,
      ${answers} as task_answers`;
}

export type TaskCounters = ReturnType<
  typeof toTask<
    "status" | "required" | "slots_taken" | "judgment_count" | "posterior" | "language" | "aggregate" | "confidence"
  >
>;

export interface SubmissionRead {
  counters: TaskCounters;
  /** Undefined before the annotator's first judgment in the project. */
  annotatorRecord: AnnotatorStanding | undefined;
  /** The task's judgments before this one. */
  taskAnswers: TaskAnswer[];
}

export function toSubmissionRead(row: SubmissionReadColumns): SubmissionRead {
  const counters = toTask({
    status: row.task_status,
    required: row.task_required,
    slots_taken: row.task_slots_taken,
    judgment_count: row.task_judgment_count,
    posterior: row.task_posterior,
    language: row.task_language,
    aggregate: row.task_aggregate,
    confidence: row.task_confidence,
  });
  const annotatorRecord =
    row.quality_status === null
      ? undefined
      : toStanding({
          judgments: row.quality_judgments ?? 0,
          gold_answered: row.quality_gold_answered ?? 0,
          gold_correct: row.quality_gold_correct ?? 0,
          fast_answers: row.quality_fast_answers ?? 0,
          confusion: row.quality_confusion,
          status: row.quality_status,
          status_reason: row.quality_status_reason,
          rule_base: row.quality_rule_base,
        });
  return { counters, annotatorRecord, taskAnswers: parseTaskAnswers(row.task_answers) };
}
