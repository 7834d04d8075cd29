import { type Project, type TaskQualityFacts, taskRollupDelta } from "@quorum/core";
import type { Kysely } from "kysely";
import { addQualityRollups, readTaskQualityFacts } from "../repositories/quality-rollups.js";
import type { DB } from "../schema.js";
import type { TaskBelief } from "./record-judgment-quality.js";

/**
 * Moves the project's quality roll-ups by what a new judgment changes on its task: the judgment
 * itself and the task's new aggregate and confidence (`belief`). Call in the judgment's
 * transaction after the judgment is inserted and before the task's belief is saved (it reads the
 * task's previous aggregate). Two statements: the task's judgments, one UPSERT of the changed cells.
 */
export async function addJudgmentToQualityRollups(
  trx: Kysely<DB>,
  options: { project: Project; taskId: number; judgmentId: number; belief: TaskBelief },
): Promise<void> {
  const { project, belief } = options;
  const { facts } = await readTaskQualityFacts(trx, project.id, options.taskId);
  const before: TaskQualityFacts = { ...facts, judgments: facts.judgments.slice(0, -1) };
  const after: TaskQualityFacts = {
    ...facts,
    aggregate: belief.aggregate.value,
    method: belief.aggregate.method,
    confidence: belief.confidence,
  };
  // The new judgment has the highest id of the task's (ids grow), so it is the last one read.
  await addQualityRollups(trx, project.id, taskRollupDelta(project.schema, before, after).nonZero());
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
  await addQualityRollups(trx, project.id, taskRollupDelta(project.schema, before.facts, after.facts).nonZero());
  return result;
}
