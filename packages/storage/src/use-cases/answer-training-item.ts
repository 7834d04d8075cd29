import {
  invalidInput,
  type LabelValue,
  labelKey,
  MAX_ITEM_ACTIVE_MS,
  notFound,
  type Project,
  validateLabelValue,
} from "@quorum/core";
import type { Kysely } from "kysely";
import { parseJson } from "../repositories/json-column.js";
import { saveTrainingAnswer, type TrainingModule } from "../repositories/training-modules.js";
import type { DB } from "../schema.js";
import { recordFunnelStage } from "./record-funnel-stage.js";
import { recordTrainingCost } from "./record-training-cost.js";

/** What a practice answer gets back: whether it was right, the answer, the gold explanation and the module's hint. */
export interface PracticeFeedback {
  correct: boolean;
  answer: LabelValue;
  explanation: string | null;
  hint: string;
}

/**
 * Checks a practice answer against the task's gold answer and keeps it (the latest answer per
 * item counts: practice may be repeated). The hint is shown only now, after answering. The
 * first answer of an item pays its active time (`activeMs`, at most `MAX_ITEM_ACTIVE_MS`) as
 * training, in the same transaction; repeats are practice the annotator chose, not paid again.
 */
export async function answerTrainingItem(
  db: Kysely<DB>,
  options: {
    module: TrainingModule;
    project: Project;
    annotatorId: number;
    itemId: number;
    value: unknown;
    /** Active time the client measured on the item; nothing is paid without it. */
    activeMs?: number;
    now: number;
  },
): Promise<PracticeFeedback> {
  if (db.isTransaction) return answerInTransaction(db, options);
  return db.transaction().execute((trx) => answerInTransaction(trx, options));
}

async function answerInTransaction(
  db: Kysely<DB>,
  options: Parameters<typeof answerTrainingItem>[1],
): Promise<PracticeFeedback> {
  const { module, project } = options;
  const item = module.items.find((i) => i.taskId === options.itemId);
  if (!item) throw notFound("Practice item");
  const task = await db
    .selectFrom("tasks")
    .select(["data", "gold", "gold_explanation", "language"])
    .where("project_id", "=", module.projectId)
    .where("id", "=", item.taskId)
    .executeTakeFirstOrThrow();
  const checked = validateLabelValue(project.schema, options.value, parseJson(task.data));
  if (!checked.ok) throw invalidInput("The answer does not fit the project's label schema", checked.errors);
  const answer = parseJson<LabelValue>(task.gold!);
  const correct = labelKey(answer) === labelKey(checked.value);
  await saveTrainingAnswer(
    db,
    { projectId: module.projectId, moduleId: module.id, annotatorId: options.annotatorId },
    { taskId: item.taskId, value: JSON.stringify(checked.value), correct, at: Math.round(options.now) },
  );
  const now = Math.round(options.now);
  await recordTrainingCost(db, {
    kind: "training",
    project,
    annotatorId: options.annotatorId,
    taskId: item.taskId,
    language: task.language,
    activeMs: Math.round(Math.min(Math.max(options.activeMs ?? 0, 0), MAX_ITEM_ACTIVE_MS)),
    sourceKey: `training:${module.id}:${options.annotatorId}:${item.taskId}`,
    now,
  });
  await recordTrainingCompletion(db, module, options.annotatorId, now);
  return { correct, answer, explanation: task.gold_explanation, hint: item.hint };
}

/** A module is completed when every practice item has been answered once: `trained` in the funnel. */
async function recordTrainingCompletion(db: Kysely<DB>, module: TrainingModule, annotatorId: number, now: number) {
  const row = await db
    .selectFrom("training_answers")
    .select((eb) => eb.fn.count<number>("task_id").distinct().as("n"))
    .where("project_id", "=", module.projectId)
    .where("module_id", "=", module.id)
    .where("annotator_id", "=", annotatorId)
    .executeTakeFirstOrThrow();
  if (Number(row.n) >= module.items.length)
    await recordFunnelStage(db, { userId: annotatorId, stage: "trained", at: now });
}
