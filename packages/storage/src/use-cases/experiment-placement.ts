import { annotatorArm, type Lease, type OverlapSetting, taskArm } from "@quorum/core";
import type { Kysely } from "kysely";
import type { Database } from "../database.js";
import {
  type ExperimentRecord,
  experimentUnitArms,
  recordExposure,
  runningExperiment,
} from "../repositories/experiments.js";
import { processCache } from "../repositories/process-cache.js";
import type { DB } from "../schema.js";

interface Running {
  experiment: ExperimentRecord;
  /** The stratified draw at start; annotators not in it are hashed. */
  unitArms: Map<number, number>;
  shares: number[];
}

/** A project's running experiment, remembered for a second (read on every lease). */
const running = processCache<number, Running | null>(1000);
/** Annotators whose exposure this process has recorded, per experiment: one insert per person, not per lease. */
const exposed = new WeakMap<Database, Map<number, Set<number>>>();

/** Where a lease request stands in the project's running experiment, if any. */
export interface Placement {
  /** The `tasks.queue_arm` the claim reads: the annotator's arm + 1, or 0 (no experiment, or one by task). */
  queueArm: number;
  experiment?: ExperimentRecord;
  /** The annotator's arm (index) when the experiment randomises annotators. */
  annotatorArm?: number;
}

/**
 * `reader` reads on a miss instead of `database.db`: a transaction of it, which on SQLite holds
 * the only connection.
 */
export async function experimentPlacement(
  database: Database,
  projectId: number,
  annotatorId: number,
  reader: Kysely<DB> = database.db,
): Promise<Placement> {
  const hit = running.peek(database, projectId);
  const current = hit
    ? hit.value
    : await running.get(database, projectId, async () => {
        const experiment = await runningExperiment(reader, projectId);
        if (!experiment) return null;
        const unitArms = experiment.unit === "annotator" ? await experimentUnitArms(reader, experiment) : new Map();
        return { experiment, unitArms, shares: experiment.arms.map((arm) => arm.share) };
      });
  if (!current) return { queueArm: 0 };
  const { experiment } = current;
  if (experiment.unit === "task") return { queueArm: 0, experiment };
  const arm = current.unitArms.get(annotatorId) ?? annotatorArm(annotatorId, experiment.salt, current.shares);
  return { queueArm: arm + 1, experiment, annotatorArm: arm };
}

/** What the arm of this task's lease changes: its guideline version and pay per judgment, if it sets them. */
export function armOverrides(
  placement: Placement,
  taskId: number,
): { guidelineVersion?: number; payRateMinor?: number; payCurrency?: string } {
  const arm = leaseArm(placement, taskId);
  return arm === undefined ? {} : (placement.experiment!.arms[arm] ?? {});
}

/**
 * The lease as the arm serves it: the arm's guideline version and labeling-view variant, when it
 * sets them (no statement: the placement is in hand).
 */
export function leaseInArm(lease: Lease, placement: Placement): Lease {
  const arm = leaseArm(placement, lease.taskId);
  if (arm === undefined) return lease;
  const { guidelineVersion, toolVariant } = placement.experiment!.arms[arm] ?? {};
  if (guidelineVersion === undefined && toolVariant === undefined) return lease;
  return {
    ...lease,
    ...(guidelineVersion === undefined ? {} : { guidelineVersion }),
    ...(toolVariant === undefined ? {} : { toolVariant }),
  };
}

/**
 * The overlap policy a judgment of this task is counted under: a fixed overlap when the task is in
 * the share of the queue of an arm that sets one (the task's own arm, by its id's bucket, whoever
 * answers it: its `required` was set to the arm's overlap), else the project's.
 */
export function taskOverlapPolicy(placement: Placement, taskId: number, policy: OverlapSetting): OverlapSetting {
  const { experiment } = placement;
  if (!experiment || policy.mode === "fixed") return policy;
  const shares = experiment.arms.map((arm) => arm.share);
  return experiment.arms[taskArm(taskId, experiment.salt, shares)]?.overlap === undefined ? policy : { mode: "fixed" };
}

/** The arm a lease of this task serves, in the placement's experiment. */
export function leaseArm(placement: Placement, taskId: number): number | undefined {
  const { experiment } = placement;
  if (!experiment) return undefined;
  if (placement.annotatorArm !== undefined) return placement.annotatorArm;
  return taskArm(
    taskId,
    experiment.salt,
    experiment.arms.map((arm) => arm.share),
  );
}

/**
 * Logs the unit's first exposure with its lease: the annotator once (then remembered by this
 * process, so later leases write nothing), or the task in a task-randomised experiment.
 */
export async function exposeWithLease(
  trx: Kysely<DB>,
  database: Database,
  placement: Placement,
  lease: { taskId: number; annotatorId: number; createdAt: number },
): Promise<(() => void) | undefined> {
  const { experiment } = placement;
  if (!experiment) return undefined;
  const byAnnotator = placement.annotatorArm !== undefined;
  const unitId = byAnnotator ? lease.annotatorId : lease.taskId;
  let seen = exposed.get(database);
  if (!seen) {
    seen = new Map();
    exposed.set(database, seen);
  }
  let units = seen.get(experiment.id);
  if (!units) {
    units = new Set();
    seen.set(experiment.id, units);
  }
  if (byAnnotator && units.has(unitId)) return undefined;
  await recordExposure(trx, {
    projectId: experiment.projectId,
    experimentId: experiment.id,
    unitId,
    arm: leaseArm(placement, lease.taskId)!,
    at: lease.createdAt,
  });
  const remembered = units;
  return byAnnotator ? () => remembered.add(unitId) : undefined;
}

/** After a start or stop in this process: the next lease reads the experiment afresh. */
export function forgetRunningExperiments(database: Database): void {
  running.forget(database);
}
