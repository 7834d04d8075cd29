import {
  type LabelValue,
  newcomerCounts,
  type Project,
  requiredAfterPolicyChange,
  reviewPolicyIsOn,
  schemaClasses,
  stoppingEvidence,
  type TaskStatus,
  taskArm,
  taskStatus,
} from "@quorum/core";
import type { Transaction } from "kysely";
import type { Database } from "../database.js";
import { aggregateJudgesAnswers, markTasksByAggregate } from "../repositories/aggregate-verdicts.js";
import { readCrowdPrior } from "../repositories/annotator-quality.js";
import { runningExperiment } from "../repositories/experiments.js";
import { parseJsonOrNull } from "../repositories/json-column.js";
import { parseAggregate } from "../repositories/task-labels.js";
import type { DB } from "../schema.js";
import { inTransaction, lockForUpdate } from "../transaction.js";
import { queueDoneTaskForReview } from "./queue-done-task-for-review.js";

/** Tasks read, decided and written per transaction. */
export const POLICY_CHANGE_BATCH = 500;

/**
 * Brings a project's unfinished (open and full) work tasks in line with its overlap policy after
 * the policy changed: each takes the `required` of core's `requiredAfterPolicyChange` (the engine's
 * rule after a judgment, `isSettled`, applied now) and the status it implies (`taskStatus`). A task
 * that becomes done is what a judgment settling it would leave: its judgments marked by its
 * aggregate (class schemas), and the review policy asked about it. The counters (tasks by status,
 * judgments left) follow through their triggers, the queue through its partial index.
 *
 * In batches of `POLICY_CHANGE_BATCH` by keyset over the task ids, each its own transaction with the
 * rows locked (PostgreSQL), so a project of a million tasks is never held in memory or in one lock;
 * a judgment between batches meets the new policy already. Done tasks are never reopened, and the
 * tasks of a running experiment's arm that sets its own overlap keep it. Returns
 * the tasks changed and those settled.
 */
export async function applyOverlapPolicy(
  database: Database,
  project: Project,
  now: number,
  random: () => number = Math.random,
): Promise<{ changed: number; settled: number }> {
  const policy = project.overlapPolicy;
  const classes = schemaClasses(project.schema);
  const valuesGain = policy.mode === "dynamic" && policy.minGain !== undefined && classes !== undefined;
  const crowdPrior = valuesGain ? await readCrowdPrior(database.db, project.id) : null;
  const marks = aggregateJudgesAnswers(project.schema);
  const review = reviewPolicyIsOn(project.reviewPolicy);
  // A running experiment's arm that sets an overlap keeps its tasks at it (`setArmOverlaps`).
  const experiment = await runningExperiment(database.db, project.id);
  const shares = experiment?.arms.map((arm) => arm.share) ?? [];
  const armKeeps = (taskId: number) =>
    experiment !== undefined && experiment.arms[taskArm(taskId, experiment.salt, shares)]?.overlap !== undefined;
  let after = 0;
  let changed = 0;
  let settled = 0;
  for (;;) {
    const result = await inTransaction(database, async (trx) => {
      const rows = await lockForUpdate(
        trx
          .selectFrom("tasks")
          .select(["id", "status", "required", "slots_taken", "judgment_count", "confidence", "posterior", "aggregate"])
          .where("project_id", "=", project.id)
          .where("id", ">", after)
          .where("status", "in", ["open", "full"])
          .orderBy("id")
          .limit(POLICY_CHANGE_BATCH),
        database.dialect,
      ).execute();
      const done: SettledTask[] = [];
      let batchChanged = 0;
      const writes = new Map<string, { required: number; status: TaskStatus; ids: number[] }>();
      for (const row of rows) {
        if (armKeeps(row.id)) continue;
        const judgmentCount = Number(row.judgment_count);
        const slotsTaken = Number(row.slots_taken);
        const required = Number(row.required);
        const confidence = Number(row.confidence ?? 0);
        const logPosterior = parseJsonOrNull<number[]>(row.posterior);
        const evidence =
          valuesGain && logPosterior !== null
            ? stoppingEvidence(logPosterior, newcomerCounts(crowdPrior, logPosterior.length))
            : undefined;
        const next = requiredAfterPolicyChange({
          policy,
          overlap: project.overlap,
          required,
          slotsTaken,
          judgmentCount,
          confidence,
          posterior: evidence?.posterior,
          confusion: evidence?.confusion,
        });
        const status = taskStatus(next, slotsTaken, judgmentCount);
        if (next === required && status === row.status) continue;
        const key = `${next}:${status}`;
        const group = writes.get(key) ?? { required: next, status, ids: [] };
        group.ids.push(row.id);
        writes.set(key, group);
        batchChanged++;
        if (status === "done")
          done.push({ id: row.id, confidence, aggregate: parseAggregate(row.aggregate)?.value ?? null });
      }
      // One UPDATE per (required, status) the batch moves tasks to: a few statements, not one a task.
      for (const { required, status, ids } of writes.values())
        await trx
          .updateTable("tasks")
          .set({ required, status, updated_at: now })
          .where("project_id", "=", project.id)
          .where("id", "in", ids)
          .execute();
      if (done.length > 0) await finishSettledTasks(trx, project, done, { marks, review, draw: random, now });
      return { last: rows.at(-1)?.id, read: rows.length, changed: batchChanged, settled: done.length };
    });
    changed += result.changed;
    settled += result.settled;
    if (result.last === undefined || result.read < POLICY_CHANGE_BATCH) break;
    after = result.last;
  }
  return { changed, settled };
}

/** A task a policy change settled: its confidence and aggregate answer, as the engine left them. */
interface SettledTask {
  id: number;
  confidence: number;
  aggregate: LabelValue | null;
}

/**
 * What a judgment settling them would have done to tasks a policy change settled: their judgments
 * marked by each aggregate (`marks`: class schemas; one UPDATE per answer), and the review policy
 * asked about each (`review`) with its answers.
 */
async function finishSettledTasks(
  trx: Transaction<DB>,
  project: Project,
  done: readonly SettledTask[],
  options: { marks: boolean; review: boolean; draw: () => number; now: number },
): Promise<void> {
  const { marks, review, draw, now } = options;
  if (marks) {
    const byAnswer = new Map<string, { aggregate: LabelValue; taskIds: number[] }>();
    for (const task of done) {
      if (task.aggregate === null) continue;
      const key = JSON.stringify(task.aggregate);
      const group = byAnswer.get(key) ?? { aggregate: task.aggregate, taskIds: [] };
      group.taskIds.push(task.id);
      byAnswer.set(key, group);
    }
    for (const group of byAnswer.values()) await markTasksByAggregate(trx, { projectId: project.id, ...group, now });
  }
  if (!review) return;
  const answers = new Map<number, LabelValue[]>();
  const judgments = await trx
    .selectFrom("judgments")
    .select(["task_id", "value"])
    .where("project_id", "=", project.id)
    .where(
      "task_id",
      "in",
      done.map((task) => task.id),
    )
    .execute();
  for (const judgment of judgments)
    answers.set(judgment.task_id, [...(answers.get(judgment.task_id) ?? []), JSON.parse(judgment.value) as LabelValue]);
  for (const task of done)
    await queueDoneTaskForReview(trx, project.reviewPolicy, {
      projectId: project.id,
      taskId: task.id,
      gold: false,
      confidence: task.confidence,
      answers: answers.get(task.id) ?? [],
      draw: draw(),
      now,
    });
}
