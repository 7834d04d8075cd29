import {
  newcomerCounts,
  requiredAfterPolicyChange,
  schemaClasses,
  stoppingEvidence,
  type TaskStatus,
  taskArm,
  taskStatus,
} from "@quorum/core";
import type { Database } from "../database.js";
import { readCrowdPrior } from "../repositories/annotator-quality.js";
import { runningExperiment } from "../repositories/experiments.js";
import { parseJsonOrNull } from "../repositories/json-column.js";
import {
  advanceOverlapPolicyChangeRow,
  lockRunningOverlapPolicyChange,
  type OverlapPolicyChange,
  readOverlapPolicyChange,
} from "../repositories/overlap-policy-changes.js";
import { getProject } from "../repositories/projects.js";
import { parseAggregate } from "../repositories/task-labels.js";
import { inTransaction, lockForUpdate } from "../transaction.js";
import { finishSettledTasks, type SettledTask } from "./finish-settled-tasks.js";

/** Tasks read, decided and written per transaction. */
export const POLICY_CHANGE_BATCH = 500;

/**
 * Applies the next batch of a project's running overlap-policy change (`restartOverlapPolicyChange`):
 * up to `batchSize` of its unfinished (open and full) work tasks after the change's cursor, in id
 * order, each taking the `required` of core's `requiredAfterPolicyChange` (the engine's rule after
 * a judgment, `isSettled`, applied now) under the project's current policy, and the status it
 * implies (`taskStatus`). A task that becomes done is what a judgment settling it would leave: its
 * judgments marked by its aggregate (class schemas), the review policy asked about it, and its
 * completion events (with its batch's and project's when they are now finished) recorded for
 * whoever subscribes. The counters (tasks by status, judgments left) follow through their
 * triggers, the queue through its partial index.
 *
 * One transaction holds the change's row (locked on PostgreSQL), the tasks (locked) and the
 * cursor's advance: a crash loses at most the batch in progress, which the next call does again,
 * and no task is settled twice. A policy stored meanwhile restarted the change from the first task
 * in the transaction that stored it, so the newest policy is the one applied. Done tasks are never
 * reopened, and the tasks of a running experiment's arm that sets its own overlap keep it. Returns
 * the change after the batch (`state: "done"` once a batch came back short), or undefined when
 * none is running.
 */
export async function advanceOverlapPolicyChange(
  database: Database,
  options: { projectId: number; now: number; random?: () => number; batchSize?: number },
): Promise<OverlapPolicyChange | undefined> {
  const { projectId, now } = options;
  const random = options.random ?? Math.random;
  const batchSize = options.batchSize ?? POLICY_CHANGE_BATCH;
  return inTransaction(database, async (trx) => {
    const change = await lockRunningOverlapPolicyChange(trx, database.dialect, projectId);
    if (!change) return undefined;
    const project = await getProject(trx, projectId);
    if (!project) return undefined;
    const policy = project.overlapPolicy;
    const classes = schemaClasses(project.schema);
    const valuesGain = policy.mode === "dynamic" && policy.minGain !== undefined && classes !== undefined;
    const crowdPrior = valuesGain ? await readCrowdPrior(trx, project.id) : null;
    // A running experiment's arm that sets an overlap keeps its tasks at it (`setArmOverlaps`).
    const experiment = await runningExperiment(trx, project.id);
    const shares = experiment?.arms.map((arm) => arm.share) ?? [];
    const armKeeps = (taskId: number) =>
      experiment !== undefined && experiment.arms[taskArm(taskId, experiment.salt, shares)]?.overlap !== undefined;
    const rows = await lockForUpdate(
      trx
        .selectFrom("tasks")
        .select([
          "id",
          "batch_id",
          "external_id",
          "status",
          "required",
          "slots_taken",
          "judgment_count",
          "confidence",
          "posterior",
          "aggregate",
          "gold",
        ])
        .where("project_id", "=", project.id)
        .where("id", ">", change.afterTaskId)
        .where("status", "in", ["open", "full"])
        .orderBy("id")
        .limit(batchSize),
      database.dialect,
    ).execute();
    const done: SettledTask[] = [];
    let changed = 0;
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
      changed++;
      if (status === "done")
        done.push({
          id: row.id,
          batchId: Number(row.batch_id),
          externalId: row.external_id,
          confidence,
          aggregate: parseAggregate(row.aggregate)?.value ?? null,
          gold: row.gold !== null,
        });
    }
    // One UPDATE per (required, status) the batch moves tasks to: a few statements, not one a task.
    for (const { required, status, ids } of writes.values())
      await trx
        .updateTable("tasks")
        .set({ required, status, updated_at: now })
        .where("project_id", "=", project.id)
        .where("id", "in", ids)
        .execute();
    await finishSettledTasks(trx, project, done, { draw: random, now });
    const batch = {
      afterTaskId: rows.at(-1)?.id ?? change.afterTaskId,
      checked: rows.length,
      changed,
      settled: done.length,
      finishedAt: rows.length < batchSize ? now : null,
    };
    await advanceOverlapPolicyChangeRow(trx, project.id, batch);
    return {
      ...change,
      state: batch.finishedAt === null ? "running" : "done",
      afterTaskId: batch.afterTaskId,
      checked: change.checked + batch.checked,
      total: Math.max(change.total, change.checked + batch.checked),
      changed: change.changed + batch.changed,
      settled: change.settled + batch.settled,
      finishedAt: batch.finishedAt,
    } satisfies OverlapPolicyChange;
  });
}

/** Runs the project's overlap-policy change to its end, batch after batch (the CLI and benchmarks). */
export async function finishOverlapPolicyChange(
  database: Database,
  options: { projectId: number; now: number; random?: () => number; batchSize?: number },
): Promise<OverlapPolicyChange | undefined> {
  let last: OverlapPolicyChange | undefined;
  for (;;) {
    const change = await advanceOverlapPolicyChange(database, options);
    if (!change) return last ?? readOverlapPolicyChange(database.db, options.projectId);
    last = change;
    if (change.state === "done") return change;
  }
}
