import {
  applyJudgment,
  evaluateAnnotator,
  inferredAccuracy,
  type LabelSchema,
  type LabelValue,
  labelKey,
  majorityVote,
  normalise,
  type Project,
  priorConfusion,
  schemaClasses,
} from "@quorum/core";
import type { Kysely } from "kysely";
import type { Database } from "../database.js";
import type { DB } from "../schema.js";

/** The answer a class key stands for in a schema (ratings are numbers). */
export function classValue(schema: LabelSchema, key: string): LabelValue {
  return schema.type === "rating" ? Number(key) : key;
}

/** The `annotator_quality` row (annotator 0, never a user) holding the crowd prior of the last re-fit. */
export const CROWD_PRIOR_ID = 0;

export interface AnnotatorQuality {
  judgments: number;
  goldAnswered: number;
  goldCorrect: number;
  fastAnswers: number;
  status: string;
  statusReason: string | null;
}

export async function getAnnotatorQuality(
  db: Kysely<DB>,
  projectId: number,
  annotatorId: number,
): Promise<AnnotatorQuality> {
  const row = await db
    .selectFrom("annotator_quality")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("annotator_id", "=", annotatorId)
    .executeTakeFirst();
  return {
    judgments: row?.judgments ?? 0,
    goldAnswered: row?.gold_answered ?? 0,
    goldCorrect: row?.gold_correct ?? 0,
    fastAnswers: row?.fast_answers ?? 0,
    status: row?.status ?? "ok",
    statusReason: row?.status_reason ?? null,
  };
}

export interface TaskBelief {
  aggregate: { value: LabelValue; method: string; agreement: number };
  confidence: number;
  posterior: string | null;
}

/**
 * Updates, inside the judgment's transaction, what we believe about the task and the annotator:
 * the task's posterior (online Dawid-Skene on the annotator's confusion counts) or, for schemas
 * without a fixed set of classes, the majority vote; the annotator's gold record, speed record
 * and confusion counts; then applies the project's automatic rules. O(classes²) plus the task's
 * own judgments (at most its overlap) for the agreement share.
 */
export async function recordJudgmentQuality(
  trx: Kysely<DB>,
  dialect: Database["dialect"],
  options: {
    project: Project;
    taskId: number;
    taskPosterior: string | null;
    gold: LabelValue | null;
    annotatorId: number;
    value: LabelValue;
    activeMs: number;
    now: number;
  },
): Promise<TaskBelief> {
  const { project, now } = options;
  const answers = await trx
    .selectFrom("judgments")
    .select("value")
    .where("project_id", "=", project.id)
    .where("task_id", "=", options.taskId)
    .execute();
  const majority = majorityVote(answers.map((a) => JSON.parse(a.value) as LabelValue))!;

  const readRecord = () => {
    const query = trx
      .selectFrom("annotator_quality")
      .selectAll()
      .where("project_id", "=", project.id)
      .where("annotator_id", "=", options.annotatorId);
    return (dialect === "postgres" ? query.forUpdate() : query).executeTakeFirst();
  };
  let record = await readRecord();
  if (!record) {
    await trx
      .insertInto("annotator_quality")
      .values({ project_id: project.id, annotator_id: options.annotatorId, updated_at: now })
      .onConflict((oc) => oc.columns(["project_id", "annotator_id"]).doNothing())
      .execute();
    record = (await readRecord())!;
  }

  const classes = schemaClasses(project.schema);
  const goldKey = options.gold === null ? undefined : labelKey(options.gold);
  let belief: TaskBelief = {
    aggregate: { value: majority.value, method: "majority", agreement: majority.agreement },
    confidence: majority.agreement,
    posterior: null,
  };
  let confusion = record.confusion;
  let inferred: { accuracy: number; answers: number; classCount: number } | undefined;
  const labelIndex = classes?.indexOf(labelKey(options.value)) ?? -1;
  if (classes && labelIndex >= 0) {
    const K = classes.length;
    const known = goldKey === undefined ? undefined : classes.indexOf(goldKey);
    const update = applyJudgment({
      taskLogPosterior: options.taskPosterior
        ? (JSON.parse(options.taskPosterior) as number[])
        : new Array(K).fill(Math.log(1 / K)),
      workerCounts: record.confusion
        ? (JSON.parse(record.confusion) as number[])
        : await newcomerPrior(trx, project.id, K),
      label: labelIndex,
      known: known !== undefined && known >= 0 ? known : undefined,
    });
    confusion = JSON.stringify(update.workerCounts.map((c) => Math.round(c * 1e6) / 1e6));
    // Against the fixed prior even when the crowd prior was the start: both are 4 answers a row.
    inferred = { ...inferredAccuracy(update.workerCounts, priorConfusion(K)), classCount: K };
    belief = {
      aggregate: {
        value: classValue(project.schema, classes[update.label]!),
        method: "online-ds",
        agreement: majority.agreement,
      },
      confidence: update.confidence,
      posterior: JSON.stringify(update.taskLogPosterior),
    };
  }

  const isGold = goldKey !== undefined;
  const correct = isGold && goldKey === labelKey(options.value);
  const fast = project.qualityRules.minActiveMs > 0 && options.activeMs < project.qualityRules.minActiveMs;
  const next = {
    judgments: record.judgments + 1,
    goldAnswered: record.gold_answered + (isGold ? 1 : 0),
    goldCorrect: record.gold_correct + (correct ? 1 : 0),
    fastAnswers: record.fast_answers + (fast ? 1 : 0),
  };
  let status = record.status;
  let statusReason = record.status_reason;
  const outcome =
    record.status === "ok"
      ? evaluateAnnotator(inferred ? { ...next, inferred } : next, project.qualityRules)
      : undefined;
  if (outcome) {
    status = outcome.action === "flag" ? "flagged" : outcome.action === "retrain" ? "retrain" : "paused";
    statusReason = outcome.reason;
    await trx
      .insertInto("quality_actions")
      .values({
        project_id: project.id,
        annotator_id: options.annotatorId,
        action: outcome.action,
        reason: outcome.reason,
        actor_id: null,
        created_at: now,
        reversed_by: null,
        reversed_at: null,
      })
      .execute();
  }
  await trx
    .updateTable("annotator_quality")
    .set({
      judgments: next.judgments,
      gold_answered: next.goldAnswered,
      gold_correct: next.goldCorrect,
      fast_answers: next.fastAnswers,
      confusion,
      status,
      status_reason: statusReason,
      updated_at: now,
    })
    .where("project_id", "=", project.id)
    .where("annotator_id", "=", options.annotatorId)
    .execute();
  return belief;
}

/** The posterior as probabilities, for display (log scores are stored). */
export function posteriorProbabilities(stored: string | null): number[] | null {
  return stored ? normalise(JSON.parse(stored) as number[]) : null;
}

/** Annotator statuses in a project, with the action that set them. */
export async function listQualityActions(db: Kysely<DB>, projectId: number) {
  return db
    .selectFrom("quality_actions")
    .leftJoin("users", "users.id", "quality_actions.annotator_id")
    .select([
      "quality_actions.id",
      "quality_actions.annotator_id",
      "users.name",
      "quality_actions.action",
      "quality_actions.reason",
      "quality_actions.actor_id",
      "quality_actions.created_at",
      "quality_actions.reversed_by",
      "quality_actions.reversed_at",
    ])
    .where("quality_actions.project_id", "=", projectId)
    .orderBy("quality_actions.id", "desc")
    .limit(500)
    .execute();
}

/** A manager undoes an automatic action: the annotator's status returns to ok; both are logged. */
export async function reverseQualityAction(
  db: Kysely<DB>,
  projectId: number,
  actionId: number,
  actorId: number,
  now: number,
) {
  return db.transaction().execute(async (trx) => {
    const action = await trx
      .updateTable("quality_actions")
      .set({ reversed_by: actorId, reversed_at: now })
      .where("project_id", "=", projectId)
      .where("id", "=", actionId)
      .where("reversed_at", "is", null)
      .returning(["annotator_id", "action"])
      .executeTakeFirst();
    if (!action) return false;
    await trx
      .updateTable("annotator_quality")
      .set({ status: "ok", status_reason: null, updated_at: now })
      .where("project_id", "=", projectId)
      .where("annotator_id", "=", action.annotator_id)
      .execute();
    await trx
      .insertInto("audit_log")
      .values({
        project_id: projectId,
        actor_id: actorId,
        action: "quality.reverse",
        details: JSON.stringify({ actionId, annotatorId: action.annotator_id, action: action.action }),
        created_at: now,
      })
      .execute();
    return true;
  });
}

/** A manager pauses, resumes or sends an annotator to retraining by hand (logged like automatic actions). */
export async function setAnnotatorStatus(
  db: Kysely<DB>,
  options: {
    projectId: number;
    annotatorId: number;
    status: "ok" | "paused" | "retrain" | "flagged";
    reason: string;
    actorId: number;
    now: number;
  },
) {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("annotator_quality")
      .values({ project_id: options.projectId, annotator_id: options.annotatorId, updated_at: options.now })
      .onConflict((oc) => oc.columns(["project_id", "annotator_id"]).doNothing())
      .execute();
    await trx
      .updateTable("annotator_quality")
      .set({ status: options.status, status_reason: options.reason, updated_at: options.now })
      .where("project_id", "=", options.projectId)
      .where("annotator_id", "=", options.annotatorId)
      .execute();
    await trx
      .insertInto("quality_actions")
      .values({
        project_id: options.projectId,
        annotator_id: options.annotatorId,
        action: options.status === "ok" ? "resume" : options.status,
        reason: options.reason,
        actor_id: options.actorId,
        created_at: options.now,
        reversed_by: null,
        reversed_at: null,
      })
      .execute();
  });
}

/** What a newcomer's confusion counts start from: the crowd prior of the last re-fit, or a fixed 70% guess. */
async function newcomerPrior(trx: Kysely<DB>, projectId: number, K: number): Promise<number[]> {
  const crowd = await trx
    .selectFrom("annotator_quality")
    .select("confusion")
    .where("project_id", "=", projectId)
    .where("annotator_id", "=", CROWD_PRIOR_ID)
    .executeTakeFirst();
  const counts = crowd?.confusion ? (JSON.parse(crowd.confusion) as number[]) : undefined;
  return counts && counts.length === K * K ? counts : priorConfusion(K);
}
