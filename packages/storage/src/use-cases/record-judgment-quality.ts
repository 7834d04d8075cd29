import {
  type AnnotatorStanding,
  assessJudgment,
  type LabelValue,
  newcomerCounts,
  type Project,
  type StoppingEvidence,
  schemaClasses,
  stoppingEvidence,
} from "@quorum/core";
import type { Kysely } from "kysely";
import type { Database } from "../database.js";
import { lockAnnotatorRecord, readCrowdPrior, saveAnnotatorRecord } from "../repositories/annotator-quality.js";
import { parseJsonOrNull } from "../repositories/json-column.js";
import type { TaskAnswer } from "../repositories/judgment-answers.js";
import { insertQualityAction } from "../repositories/quality-actions.js";
import type { DB } from "../schema.js";

/** What the task's row takes after a judgment (JSON columns as stored). */
export interface TaskBelief {
  aggregate: { value: LabelValue; method: string; agreement: number };
  confidence: number;
  posterior: string | null;
  /**
   * What the gain rule of dynamic overlap values another judgment with (`stoppingEvidence`: the
   * calibrated posterior and the typical annotator's confusion, i.e. the crowd prior), only for
   * a project whose overlap policy has `minGain` and a task with a posterior.
   */
  evidence?: StoppingEvidence;
}

/** The task's new belief, and the task's judgments (this one included) as they were read for it. */
export interface AssessedTask extends TaskBelief {
  taskAnswers: readonly TaskAnswer[];
  /** The annotator's record after the judgment (written unless `deferRecord`). */
  annotatorRecord: AnnotatorStanding;
}

/**
 * Updates, inside the judgment's transaction, what we believe about the task and the annotator
 * (core's `assessJudgment`: online Dawid-Skene or majority vote, the annotator's records, the
 * project's automatic rules), logs any automatic action and returns the task's new belief (with
 * the task's judgments it read, for the quality roll-ups).
 */
export async function recordJudgmentQuality(
  trx: Kysely<DB>,
  dialect: Database["dialect"],
  options: {
    project: Project;
    taskPosterior: string | null;
    gold: LabelValue | null;
    annotatorId: number;
    value: LabelValue;
    activeMs: number;
    now: number;
    /** The task's judgments, this one included, as read in this transaction once nobody else could add one. */
    taskAnswers: TaskAnswer[];
    /** The annotator's record as read (locked) in this transaction; undefined: none yet, created here. */
    annotatorRecord: AnnotatorStanding | undefined;
    /** The caller writes the new record (`annotatorRecord` of the result) with the task's (PostgreSQL). */
    deferRecord?: boolean;
  },
): Promise<AssessedTask> {
  const { project, annotatorId, now } = options;
  const key = { projectId: project.id, annotatorId, now };
  const { taskAnswers } = options;
  const annotator = options.annotatorRecord ?? (await lockAnnotatorRecord(trx, dialect, key));
  const classes = schemaClasses(project.schema);
  const newcomer = annotator.confusion === null && classes !== undefined;
  const policy = project.overlapPolicy;
  const valuesGain = policy.mode === "dynamic" && policy.minGain !== undefined && classes !== undefined;
  // One primary-key read, and only when a newcomer starts from it or the gain rule needs it.
  const crowdPrior = newcomer || valuesGain ? await readCrowdPrior(trx, project.id) : null;
  const assessed = assessJudgment({
    schema: project.schema,
    rules: project.qualityRules,
    goldFeedback: project.goldPolicy.feedback,
    taskAnswers: taskAnswers.map((answer) => answer.value),
    taskLogPosterior: parseJsonOrNull<number[]>(options.taskPosterior),
    gold: options.gold,
    value: options.value,
    activeMs: options.activeMs,
    annotator,
    crowdPrior: newcomer ? crowdPrior : null,
  });
  if (assessed.action) await insertQualityAction(trx, { ...key, ...assessed.action, actorId: null });
  if (!options.deferRecord) await saveAnnotatorRecord(trx, key, assessed.annotator);
  const { task } = assessed;
  const belief: AssessedTask = {
    aggregate: task.aggregate,
    confidence: task.confidence,
    posterior: task.logPosterior === null ? null : JSON.stringify(task.logPosterior),
    taskAnswers,
    annotatorRecord: assessed.annotator,
  };
  if (valuesGain && task.logPosterior !== null)
    belief.evidence = stoppingEvidence(task.logPosterior, newcomerCounts(crowdPrior, task.logPosterior.length));
  return belief;
}
