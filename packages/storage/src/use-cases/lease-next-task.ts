import {
  type ControlKind,
  type ExposureReason,
  type Lease,
  type Project,
  planLease,
  projectIsHarmful,
  taskLanguagesFor,
  type User,
} from "@quorum/core";
import type { Transaction } from "kysely";
import { type Database, isUniqueViolation } from "../database.js";
import { refreshPlannerStatistics } from "../planner-statistics.js";
import {
  insertAssignment,
  loadLease,
  readClaimState,
  serialiseAnnotatorClaims,
  toLease,
} from "../repositories/assignments.js";
import { readClaimStateAndQueueHead } from "../repositories/claim-state-with-queue-head.js";
import { examItemsShown } from "../repositories/exam-attempts.js";
import {
  claimQueuedTaskInOneStatement,
  nextGoldTask,
  type QueueOf,
  queueHasLockedTasks,
  takeGoldSlot,
  takeQueueHead,
} from "../repositories/task-queue.js";
import type { DB } from "../schema.js";
import { inTransaction, RETRY, type TransactionOptions } from "../transaction.js";
import { type ExposureGate, readClaimWithExposure } from "./check-exposure.js";
import { requireProductionAccess } from "./check-production-access.js";
import { experimentPlacement, exposeWithLease, leaseInArm, type Placement } from "./experiment-placement.js";
import { reclaimExpiredLeases } from "./reclaim-expired-leases.js";

/**
 * Twelve tries, more than other use cases: under a crowd of concurrent requests a try often loses
 * its candidate to a rival (the conditional update or the unique index), and losing is cheap.
 */
const RETRY_POLICY: TransactionOptions = {
  attempts: 12,
  retryOn: isUniqueViolation,
  busyMessage: "Too many people are taking tasks at this moment; please try again",
  small: true,
};

/** What one lease request claims from: the annotator's queues in the project, at one time. */
interface Claim {
  database: Database;
  project: Project;
  queue: QueueOf;
  now: number;
  placement: Placement;
  /** SQLite: the queue head's id as this transaction read it already (null: none), else unset. */
  queueHead?: number | null;
}

/**
 * Leases the best task the annotator may work on (rule 1 holds under concurrency: the slot is
 * claimed with a conditional update on the task row, and a unique index forbids a second lease
 * of one task to one annotator). Returns undefined when nothing is left for them. Which lease,
 * if any, is core's `planLease`: paused annotators get none, one holding `MAX_ACTIVE_LEASES`
 * gets their oldest back, control tasks come first by the gold policy (only them in retraining).
 */
export async function leaseNextTask(
  database: Database,
  options: { project: Project; annotator: User; now: number },
): Promise<Lease | undefined> {
  return (await leaseNextTaskOrReason(database, options)).lease;
}

/** A lease, or none and, when wellbeing limits are why, the reason (and when a break ends). */
export interface LeaseOutcome {
  lease?: Lease;
  reason?: ExposureReason;
  breakUntil?: number | null;
}

/**
 * `leaseNextTask`, telling why no task came when exposure budgets or a session-cap break held
 * harmful tasks back (`readClaimWithExposure`): a person whose budget for a category is reached is
 * given tasks of other categories or none, and hears why when nothing else is left.
 */
export async function leaseNextTaskOrReason(
  database: Database,
  options: { project: Project; annotator: User; now: number },
): Promise<LeaseOutcome> {
  const { db } = database;
  const { project, annotator } = options;
  const now = Math.round(options.now); // times are whole milliseconds (bigint on PostgreSQL)
  await reclaimExpiredLeases(db, project.id, now);

  // A running experiment's arm (no statement while the running experiment is remembered).
  const placement = await experimentPlacement(database, project.id, annotator.id);
  const queue = {
    projectId: project.id,
    languages: taskLanguagesFor(annotator, project.requirements),
    annotatorId: annotator.id,
    queueArm: placement.queueArm,
  };
  const harmful = projectIsHarmful(project.harm);
  let exposed: (() => void) | undefined;
  const lease = await inTransaction(
    database,
    async (trx): Promise<LeaseOutcome | Lease | null | typeof RETRY> => {
      const claim: Claim = { database, project, queue, now, placement };
      // The lease cap holds under concurrency: this annotator's claims wait for each other here,
      // so the leases counted below are all they hold when this claim commits. In a harmful
      // project their claims in every project wait for each other (lock key 0), so the harmful
      // leases counted against their exposure budgets are all they hold too.
      await serialiseAnnotatorClaims(trx, database.dialect, harmful ? 0 : project.id, annotator.id);
      // In a harmful project the person's exposure comes in the same read (`readClaimWithExposure`).
      const withExposure = harmful
        ? await readClaimWithExposure(database, trx, { project, annotator, now })
        : undefined;
      // On SQLite the queue head comes with the claim state (`readClaimStateAndQueueHead`).
      const withHead =
        !withExposure && database.dialect === "sqlite" && queue.languages.length > 0
          ? await readClaimStateAndQueueHead(trx, queue, now)
          : undefined;
      if (withHead) claim.queueHead = withHead.head;
      const { standing, held } =
        withExposure ?? withHead ?? (await readClaimState(trx, database.dialect, project.id, annotator.id, now));
      const gate = withExposure?.gate;
      const plan = planLease({ annotatorId: annotator.id, standing, held, goldPolicy: project.goldPolicy });
      if (plan.kind === "resume") return leaseInArm(await loadLease(trx, project, plan.assignmentId), placement);
      // Skills and re-certification: reads nothing unless the project requires skills the profile lacks.
      await requireProductionAccess(trx, { project, annotator, now });
      if (gate?.kind === "closed")
        return gate.breakUntil === null
          ? { reason: gate.reason }
          : { reason: gate.reason, breakUntil: gate.breakUntil };
      if (gate && gate.excluded.length > 0) claim.queue = { ...queue, excludedHarm: gate.excluded };
      const gold = plan.gold === "never" ? null : await claimGoldTask(trx, claim, plan.control);
      const leased = gold !== null || plan.gold === "only" ? gold : await claimQueuedTask(trx, claim);
      if (leased === null) return exposureOutcome(gate);
      if (leased === RETRY) return leased;
      if (placement.experiment) exposed = await exposeWithLease(trx, database, placement, leased);
      return leaseInArm(leased, placement);
    },
    RETRY_POLICY,
  );
  exposed?.();
  if (lease === null) return {};
  if ("reason" in lease || !("id" in lease)) return lease;
  if (STATISTICS_REFRESH_AT.has(lease.id))
    void refreshPlannerStatistics(db, ["assignments", "judgments"]).catch(() => {});
  return { lease };
}

/** No task: when harmful categories were held back, that is why. */
function exposureOutcome(gate: ExposureGate | undefined): LeaseOutcome | null {
  return gate?.kind === "open" && gate.excluded.length > 0 ? { reason: "exposure_budget_reached" } : null;
}

/**
 * The best queued task: claims a slot of the head of the annotator's language queues. On
 * PostgreSQL one statement picks (skipping rows other transactions hold), takes the slot and
 * records the lease; on SQLite, whose one writer locks nothing, one update takes the slot of the
 * best task and one insert records the lease.
 */
async function claimQueuedTask(trx: Transaction<DB>, claim: Claim): Promise<Lease | null | typeof RETRY> {
  const { database, project, now } = claim;
  if (database.dialect === "postgres") {
    const expiresAt = now + project.leaseSeconds * 1000;
    // Without an experiment nothing is written after the claim (at most a read when none was
    // found), so the transaction commits with it, a round trip sooner.
    const commit = !claim.placement.experiment;
    const outcome = await claimQueuedTaskInOneStatement(trx, claim.queue, { now, expiresAt, commit });
    if (outcome.kind === "lost") return RETRY;
    // Nothing found: the open tasks may all be locked by judgments being written right now; then
    // try again shortly rather than tell the annotator that nothing is left.
    if (outcome.kind === "none") return (await queueHasLockedTasks(trx, database.dialect, claim.queue)) ? RETRY : null;
    const { annotatorId, projectId } = claim.queue;
    const assignment = {
      id: outcome.assignmentId,
      projectId,
      taskId: outcome.task.id,
      annotatorId,
      createdAt: now,
      expiresAt,
    };
    return toLease(assignment, outcome.task, project);
  }
  const taken = await takeQueueHead(trx, claim.queue, now, claim.queueHead);
  return taken ? insertLease(trx, claim, taken) : null;
}

/**
 * A control task this annotator has not answered yet, in the first of their languages that has
 * one; the lease records why it was served (`servedAs`, which decides gold feedback). Never one
 * their exams showed them: they would know it for a control.
 */
async function claimGoldTask(trx: Transaction<DB>, claim: Claim, servedAs: ControlKind): Promise<Lease | null> {
  const shown = await examItemsShown(trx, claim.project.id, claim.queue.annotatorId);
  for (const language of claim.queue.languages) {
    const excluded = claim.queue.excludedHarm && { dialect: claim.database.dialect, harm: claim.queue.excludedHarm };
    const task = await nextGoldTask(trx, claim.project.id, language, claim.queue.annotatorId, excluded, shown);
    if (!task) continue;
    await takeGoldSlot(trx, claim.project.id, task.id, claim.now);
    return insertLease(trx, claim, task, servedAs);
  }
  return null;
}

async function insertLease(
  trx: Transaction<DB>,
  claim: Claim,
  task: Parameters<typeof toLease>[1],
  servedAs: ControlKind | null = null,
): Promise<Lease> {
  const { project, now } = claim;
  const assignment = await insertAssignment(trx, claim.database.dialect, {
    projectId: project.id,
    taskId: task.id,
    annotatorId: claim.queue.annotatorId,
    createdAt: now,
    expiresAt: now + project.leaseSeconds * 1000,
    servedAs,
  });
  return toLease(assignment, task, project);
}

/**
 * Lease ids at which PostgreSQL's planner statistics are refreshed. Until autovacuum first
 * analyzes the assignments table (up to a minute on a new installation), the planner believes it
 * empty and checks "never held by this annotator" by scanning all of the annotator's leases for
 * every candidate; refreshing early as the table first grows keeps the lookup a single probe.
 */
const STATISTICS_REFRESH_AT = new Set([64, 512, 4096, 32768]);
