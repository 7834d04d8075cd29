import {
  armBucketBounds,
  assignArmsStratified,
  DomainError,
  type ExperimentArm,
  initialRequired,
  TASK_BUCKETS,
  TASK_HASH_MULTIPLIER,
} from "@quorum/core";
import { type Kysely, sql } from "kysely";
import type { Database } from "../database.js";
import {
  type ExperimentRecord,
  getExperiment,
  runningExperiment,
  setExperimentStatus,
} from "../repositories/experiments.js";
import { getProject } from "../repositories/projects.js";
import type { DB } from "../schema.js";
import { taskStatusSql } from "../task-status-sql.js";
import { inTransaction, lockForUpdate, writeAudit } from "../transaction.js";
import { forgetRunningExperiments } from "./experiment-placement.js";

/** The SQL twin of core's `taskArmBucket` over the task's id. */
function taskBucketSql(salt: number) {
  return sql<number>`((tasks.id * ${sql.lit(TASK_HASH_MULTIPLIER)} + ${sql.lit(salt)}) % ${sql.lit(TASK_BUCKETS)})`;
}

/**
 * The SQL twin of core's `taskArm` + 1, over the task's id: the queue arm of each task in an
 * annotator-randomised experiment. Integers only, so both dialects compute core's bucket exactly.
 */
function queueArmSql(salt: number, arms: readonly ExperimentArm[]) {
  const bucket = taskBucketSql(salt);
  const bounds = armBucketBounds(arms.map((arm) => arm.share));
  const whens = bounds.map((bound, i) => sql`when ${bucket} < ${sql.lit(bound)} then ${sql.lit(i + 1)}`);
  return sql<number>`case ${sql.join(whens, sql` `)} else ${sql.lit(arms.length)} end`;
}

/**
 * Gives each task of the project (or of one batch) its arm's share of the queue. Gold tasks are
 * served to everyone and keep 0. Changing `queue_arm` touches no counter trigger.
 */
export async function assignQueueArms(
  db: Kysely<DB>,
  experiment: Pick<ExperimentRecord, "projectId" | "salt" | "arms">,
  batchId?: number,
): Promise<void> {
  let query = db
    .updateTable("tasks")
    .set({ queue_arm: queueArmSql(experiment.salt, experiment.arms) })
    .where("project_id", "=", experiment.projectId)
    .where("status", "<>", "gold");
  if (batchId !== undefined) query = query.where("batch_id", "=", batchId);
  await query.execute();
}

/**
 * Sets `required` of the tasks in the shares of the arms that set an overlap: to the arm's overlap
 * (`to: "arm"`), or back to the project's first pass (`to` a number, when the experiment stops).
 * Only tasks nobody has answered yet (open or full, no judgment) change, so a task is judged under
 * one target from its first judgment to its last; the status follows the new target (a task whose
 * leases already fill a smaller target becomes full). Counter triggers see the change.
 */
export async function setArmOverlaps(
  db: Kysely<DB>,
  experiment: Pick<ExperimentRecord, "projectId" | "salt" | "arms">,
  options: { to: "arm" | number; now: number; batchId?: number },
): Promise<void> {
  const bounds = armBucketBounds(experiment.arms.map((arm) => arm.share));
  const bucket = taskBucketSql(experiment.salt);
  for (const [i, arm] of experiment.arms.entries()) {
    if (arm.overlap === undefined) continue;
    const required = sql.lit(options.to === "arm" ? arm.overlap : options.to);
    let query = db
      .updateTable("tasks")
      .set({ required, status: taskStatusSql({ required }), updated_at: options.now })
      .where("project_id", "=", experiment.projectId)
      .where("status", "in", ["open", "full"])
      .where("judgment_count", "=", 0)
      .where(bucket, ">=", i === 0 ? 0 : bounds[i - 1]!)
      .where(bucket, "<", i < bounds.length ? bounds[i]! : TASK_BUCKETS);
    if (options.batchId !== undefined) query = query.where("batch_id", "=", options.batchId);
    await query.execute();
  }
}

/**
 * A batch imported while an experiment runs joins it: an annotator experiment's arms' shares of the
 * queue, and the overlap of the arms that set one.
 */
export async function assignQueueArmsToBatch(
  db: Kysely<DB>,
  projectId: number,
  batchId: number,
  now: number,
): Promise<void> {
  const experiment = await runningExperiment(db, projectId);
  if (!experiment) return;
  if (experiment.unit === "annotator") await assignQueueArms(db, experiment, batchId);
  await setArmOverlaps(db, experiment, { to: "arm", now, batchId });
}

/**
 * Starts a draft experiment: draws the annotators with a history in the project into arms,
 * stratified by past volume and gold accuracy (core's `assignArmsStratified`), for an
 * annotator experiment splits the queue into the arms' shares, and gives the unanswered tasks in
 * the share of an arm that sets an overlap that overlap (`setArmOverlaps`). One transaction; a second
 * running experiment in the project is refused (the queue has one arm column).
 */
export async function startExperiment(
  database: Database,
  id: number,
  actor: { id: number; now: number },
): Promise<ExperimentRecord> {
  const result = await inTransaction(database, async (trx) => {
    await lockForUpdate(trx.selectFrom("experiments").select("id").where("id", "=", id), database.dialect).execute();
    const experiment = await getExperiment(trx, id);
    if (experiment.status !== "draft")
      throw new DomainError("conflict", `The experiment is ${experiment.status}; only a draft can start`);
    const other = await runningExperiment(trx, experiment.projectId);
    if (other)
      throw new DomainError("conflict", `Experiment "${other.name}" is running in this project; stop it first`);
    if (experiment.unit === "annotator") {
      const history = await trx
        .selectFrom("judgments")
        .select((eb) => [
          "annotator_id",
          eb.fn.countAll<string | number>().as("volume"),
          eb.fn.sum<string | number | null>(sql`case when gold_correct is null then 0 else 1 end`).as("gold"),
          eb.fn.sum<string | number | null>("gold_correct").as("correct"),
        ])
        .where("project_id", "=", experiment.projectId)
        .groupBy("annotator_id")
        .execute();
      const units = history.map((row) => {
        const gold = Number(row.gold ?? 0);
        return {
          id: Number(row.annotator_id),
          volume: Number(row.volume),
          ...(gold > 0 ? { accuracy: Number(row.correct ?? 0) / gold } : {}),
        };
      });
      const arms = assignArmsStratified(
        units,
        experiment.arms.map((arm) => arm.share),
        experiment.salt,
      );
      const rows = units.map((unit) => ({
        project_id: experiment.projectId,
        experiment_id: experiment.id,
        unit_id: unit.id,
        arm: arms.get(unit.id)!,
        stratum: 0,
      }));
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto("experiment_units")
          .values(rows.slice(i, i + 500))
          .execute();
      await assignQueueArms(trx, experiment);
    }
    await setArmOverlaps(trx, experiment, { to: "arm", now: actor.now });
    await setExperimentStatus(trx, id, { status: "running", startedAt: actor.now, now: actor.now });
    await writeAudit(trx, {
      projectId: experiment.projectId,
      actorId: actor.id,
      action: "experiment.start",
      details: { id },
      now: actor.now,
    });
    return { ...experiment, status: "running" as const, startedAt: actor.now };
  });
  forgetRunningExperiments(database);
  return result;
}

/**
 * Stops a running experiment; the queue is whole again, and tasks nobody has answered yet go back
 * to the project's first pass (answered ones keep their arm's target). Stopping a draft discards
 * it as stopped.
 */
export async function stopExperiment(
  database: Database,
  id: number,
  actor: { id: number; now: number },
): Promise<ExperimentRecord> {
  const result = await inTransaction(database, async (trx) => {
    await lockForUpdate(trx.selectFrom("experiments").select("id").where("id", "=", id), database.dialect).execute();
    const experiment = await getExperiment(trx, id);
    if (experiment.status === "stopped") throw new DomainError("conflict", "The experiment is already stopped");
    if (experiment.status === "running" && experiment.unit === "annotator") {
      await trx
        .updateTable("tasks")
        .set({ queue_arm: 0 })
        .where("project_id", "=", experiment.projectId)
        .where("queue_arm", "<>", 0)
        .execute();
    }
    if (experiment.status === "running" && experiment.arms.some((arm) => arm.overlap !== undefined)) {
      const project = await getProject(trx, experiment.projectId);
      if (project) await setArmOverlaps(trx, experiment, { to: initialRequired(project), now: actor.now });
    }
    await setExperimentStatus(trx, id, { status: "stopped", stoppedAt: actor.now, now: actor.now });
    await writeAudit(trx, {
      projectId: experiment.projectId,
      actorId: actor.id,
      action: "experiment.stop",
      details: { id },
      now: actor.now,
    });
    return { ...experiment, status: "stopped" as const, stoppedAt: actor.now };
  });
  forgetRunningExperiments(database);
  return result;
}
