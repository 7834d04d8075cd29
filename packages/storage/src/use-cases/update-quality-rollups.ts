import {
  judgmentRollupDelta,
  type LabelValue,
  type Project,
  type RollupCell,
  type RollupJudgment,
  type Task,
  type TaskAggregate,
  type TaskQualityFacts,
  taskRollupDelta,
} from "@quorum/core";
import type { Kysely } from "kysely";
import type { TaskAnswer } from "../repositories/judgment-answers.js";
import { addQualityRollups, readTaskQualityFacts } from "../repositories/quality-rollups.js";
import type { DB } from "../schema.js";

/** What the judgment's transaction already read of the task, before and after the judgment. */
export interface JudgedTask {
  project: Pick<Project, "id" | "schema">;
  judgmentId: number;
  /** The task's gold answer, if any. */
  gold: LabelValue | null;
  /** The task as locked before the judgment changed its label. */
  counters: Pick<Task, "language" | "aggregate" | "confidence">;
  /** The task's new label, and all its judgments (the new one included). */
  belief: { aggregate: TaskAggregate; confidence: number; taskAnswers: readonly TaskAnswer[] };
}

/** Writes `judgmentRollupCells` as one UPSERT (what `saveJudgedTask` does with the rest on SQLite). */
export async function addJudgmentToQualityRollups(trx: Kysely<DB>, judged: JudgedTask): Promise<void> {
  await addQualityRollups(trx, judged.project.id, judgmentRollupCells(judged), judged.judgmentId);
}

/**
 * The cells of the project's quality roll-ups that a new judgment moves: the judgment itself and
 * its task's new aggregate and confidence. Reads nothing (the judgment's transaction has read the
 * task and its judgments already); `saveJudgedTask` writes them as one UPSERT.
 */
export function judgmentRollupCells(judged: JudgedTask): RollupCell[] {
  const { project, counters, belief } = judged;
  const previous: RollupJudgment[] = [];
  let added: RollupJudgment | undefined;
  for (const answer of belief.taskAnswers)
    if (answer.id === judged.judgmentId) added = answer;
    else previous.push(answer);
  if (!added) throw new Error(`judgment ${judged.judgmentId} is not among its task's judgments`);
  const task: TaskQualityFacts = {
    language: counters.language,
    gold: judged.gold,
    aggregate: counters.aggregate?.value ?? null,
    method: counters.aggregate?.method ?? null,
    confidence: counters.confidence,
    judgments: previous,
  };
  const next = { aggregate: belief.aggregate.value, method: belief.aggregate.method, confidence: belief.confidence };
  return judgmentRollupDelta(project.schema, task, next, added).nonZero();
}

/**
 * Runs `change` (which may change a task's aggregate, confidence or judgments) and moves the
 * roll-ups by the difference it made to the task. For the rarer writers of a task's label:
 * review verdicts and their undo.
 */
export async function changeTaskWithQualityRollups<T>(
  trx: Kysely<DB>,
  project: Pick<Project, "id" | "schema">,
  taskId: number,
  change: () => Promise<T>,
): Promise<T> {
  const before = await readTaskQualityFacts(trx, project.id, taskId);
  const result = await change();
  const after = await readTaskQualityFacts(trx, project.id, taskId);
  await addQualityRollups(
    trx,
    project.id,
    taskRollupDelta(project.schema, before.facts, after.facts).nonZero(),
    taskId,
  );
  return result;
}
