import type { LabelValue, PriorTaskState, ReviewCounts, ReviewSource, ReviewStatus } from "@quorum/core";
import type { ExpressionBuilder, Kysely, Selectable } from "kysely";
import type { Dialect } from "../database.js";
import type { DB, ReviewItemsTable } from "../schema.js";
import { lockForUpdate } from "../transaction.js";
import { parseJsonOrNull } from "./json-column.js";
import { PENDING } from "./partial-index-values.js";

export interface ReviewItem {
  id: number;
  projectId: number;
  taskId: number;
  source: ReviewSource;
  planId: number | null;
  /** Whether the project's review policy queued it (its task became done), not a plan, a manager or an appeal. */
  byPolicy: boolean;
  status: ReviewStatus;
  reviewerId: number | null;
  /** The accepted aggregate (accept) or the expert's answer (correct); null otherwise. */
  reviewedValue: LabelValue | null;
  note: string | null;
  createdAt: number;
  reviewedAt: number | null;
  /** When `reviewerId` claimed the pending item; null when unclaimed or decided. */
  claimedAt: number | null;
  /** When that claim runs out and any reviewer may take the item (core's `reviewClaimState`). */
  claimExpiresAt: number | null;
}

function toReviewItem(row: Selectable<ReviewItemsTable>): ReviewItem {
  return {
    id: row.id,
    projectId: row.project_id,
    taskId: row.task_id,
    source: row.source as ReviewSource,
    planId: row.plan_id,
    byPolicy: Number(row.by_policy) >= BY_POLICY.queued,
    status: row.status as ReviewStatus,
    reviewerId: row.reviewer_id,
    reviewedValue: parseJsonOrNull<LabelValue>(row.reviewed_value),
    note: row.note,
    createdAt: row.created_at,
    reviewedAt: row.reviewed_at,
    claimedAt: row.claimed_at,
    claimExpiresAt: row.claim_expires_at,
  };
}

/**
 * Core's `reviewOpenTo` as SQL (for pending rows): unclaimed, claimed by this reviewer already
 * (even if the claim ran out), or under a claim that has run out (or never had an expiry).
 */
function openTo(reviewerId: number, now: number) {
  return (eb: ExpressionBuilder<DB, "review_items">) =>
    eb.or([
      eb("reviewer_id", "is", null),
      eb("reviewer_id", "=", reviewerId),
      eb("claim_expires_at", "is", null),
      eb("claim_expires_at", "<=", now),
    ]);
}

/** The claim columns of an item nobody holds. */
const NO_CLAIM = { reviewer_id: null, claimed_at: null, claim_expires_at: null } as const;

/**
 * `review_items.by_policy`: 0 for items of audit plans, the manager's enqueue and appeals; the
 * review policy's are 1, or 2 when the task fell in the policy's random sample.
 */
const BY_POLICY = { queued: 1, sampled: 2 } as const;

/** Inserts pending items for the tasks; a task already pending review is skipped. Returns the task ids inserted. */
export async function insertPendingItems(
  trx: Kysely<DB>,
  options: {
    projectId: number;
    taskIds: number[];
    source: ReviewSource;
    planId: number | null;
    now: number;
    /** The project's review policy queues them, `sampled` when their tasks fell in its random sample (default: not the policy). */
    byPolicy?: "queued" | "sampled";
  },
): Promise<number[]> {
  if (options.taskIds.length === 0) return [];
  const inserted = await trx
    .insertInto("review_items")
    .values(
      options.taskIds.map((taskId) => ({
        project_id: options.projectId,
        task_id: taskId,
        source: options.source,
        plan_id: options.planId,
        status: "pending",
        reviewer_id: null,
        created_at: options.now,
        ...(options.byPolicy ? { by_policy: BY_POLICY[options.byPolicy] } : {}),
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning("task_id")
    .execute();
  return inserted.map((row) => row.task_id);
}

/** Moves items pending from a queue (no plan) for these tasks into the plan; returns how many moved. */
export async function adoptQueuedItems(
  trx: Kysely<DB>,
  options: { projectId: number; planId: number; taskIds: number[] },
): Promise<number> {
  const adopted = await trx
    .updateTable("review_items")
    .set({ plan_id: options.planId })
    .where("project_id", "=", options.projectId)
    .where("status", "=", PENDING)
    .where("plan_id", "is", null)
    .where("task_id", "in", options.taskIds)
    .executeTakeFirst();
  return Number(adopted.numUpdatedRows);
}

/**
 * The reviewer's own oldest claimed item in the project (live or expired, nobody else took it),
 * leaving out `skip`, locked (through the partial index `review_items_claims`).
 */
export async function lockHeldItem(
  trx: Kysely<DB>,
  dialect: Dialect,
  options: { projectId: number; reviewerId: number; skip?: readonly number[] | undefined },
): Promise<number | undefined> {
  let query = trx
    .selectFrom("review_items")
    .select("id")
    .where("reviewer_id", "=", options.reviewerId)
    .where("status", "=", PENDING)
    .where("project_id", "=", options.projectId)
    .orderBy("id")
    .limit(1);
  if (options.skip && options.skip.length > 0) query = query.where("id", "not in", options.skip);
  const row = await lockForUpdate(query, dialect, { skipLocked: true }).executeTakeFirst();
  return row?.id;
}

/**
 * The oldest pending item open to the reviewer (through the partial index `review_items_open`),
 * leaving out `skip`, locked (PostgreSQL skips rows another transaction holds instead of waiting
 * for them).
 */
export async function lockNextOpenItem(
  trx: Kysely<DB>,
  dialect: Dialect,
  options: { projectId: number; reviewerId: number; now: number; skip?: readonly number[] | undefined },
): Promise<number | undefined> {
  let query = trx
    .selectFrom("review_items")
    .select("id")
    .where("project_id", "=", options.projectId)
    .where("status", "=", PENDING)
    .where(openTo(options.reviewerId, options.now))
    .orderBy("id")
    .limit(1);
  if (options.skip && options.skip.length > 0) query = query.where("id", "not in", options.skip);
  const row = await lockForUpdate(query, dialect, { skipLocked: true }).executeTakeFirst();
  return row?.id;
}

/**
 * Claims a pending item for the reviewer until `expiresAt` (a new lease, or a longer one on
 * their own claim) if it is still open to them; undefined if it is not.
 */
export async function claimItem(
  trx: Kysely<DB>,
  options: { projectId: number; itemId: number; reviewerId: number; now: number; expiresAt: number },
): Promise<ReviewItem | undefined> {
  const row = await trx
    .updateTable("review_items")
    .set({ reviewer_id: options.reviewerId, claimed_at: options.now, claim_expires_at: options.expiresAt })
    .where("project_id", "=", options.projectId)
    .where("id", "=", options.itemId)
    .where("status", "=", PENDING)
    .where(openTo(options.reviewerId, options.now))
    .returningAll()
    .executeTakeFirst();
  return row && toReviewItem(row);
}

/**
 * Gives back the claim on a pending item, if it is still the one read (same holder, same
 * claim time); undefined when it changed meanwhile.
 */
export async function releaseClaim(
  trx: Kysely<DB>,
  item: Pick<ReviewItem, "projectId" | "id" | "reviewerId" | "claimedAt">,
): Promise<ReviewItem | undefined> {
  if (item.reviewerId === null) return undefined;
  let query = trx
    .updateTable("review_items")
    .set(NO_CLAIM)
    .where("project_id", "=", item.projectId)
    .where("id", "=", item.id)
    .where("status", "=", PENDING)
    .where("reviewer_id", "=", item.reviewerId);
  query =
    item.claimedAt === null ? query.where("claimed_at", "is", null) : query.where("claimed_at", "=", item.claimedAt);
  const row = await query.returningAll().executeTakeFirst();
  return row && toReviewItem(row);
}

/** Gives back every claim a reviewer holds on pending items, in every project; returns how many. */
export async function releaseClaimsOf(trx: Kysely<DB>, reviewerId: number): Promise<number> {
  const released = await trx
    .updateTable("review_items")
    .set(NO_CLAIM)
    .where("reviewer_id", "=", reviewerId)
    .where("status", "=", PENDING)
    .executeTakeFirst();
  return Number(released.numUpdatedRows);
}

export async function getReviewItem(db: Kysely<DB>, itemId: number): Promise<ReviewItem | undefined> {
  const row = await db.selectFrom("review_items").selectAll().where("id", "=", itemId).executeTakeFirst();
  return row && toReviewItem(row);
}

/**
 * Writes a verdict on an item that is still pending and, unless `override`, open to the
 * reviewer at `now`; undefined when it is not (someone else holds a live claim, or decided it
 * meanwhile). A decided item keeps its reviewer and no claim.
 */
export async function writeVerdict(
  trx: Kysely<DB>,
  item: Pick<ReviewItem, "projectId" | "id">,
  verdict: {
    status: Exclude<ReviewStatus, "pending">;
    reviewerId: number;
    reviewedValue: LabelValue | null;
    note: string | null;
    /** The task before the verdict, kept for an undo. */
    priorTask: PriorTaskState;
    override: boolean;
    now: number;
  },
): Promise<ReviewItem | undefined> {
  let query = trx
    .updateTable("review_items")
    .set({
      status: verdict.status,
      reviewer_id: verdict.reviewerId,
      reviewed_value: verdict.reviewedValue === null ? null : JSON.stringify(verdict.reviewedValue),
      note: verdict.note,
      reviewed_at: verdict.now,
      prior_task: JSON.stringify(verdict.priorTask),
      claimed_at: null,
      claim_expires_at: null,
    })
    .where("project_id", "=", item.projectId)
    .where("id", "=", item.id)
    .where("status", "=", PENDING);
  if (!verdict.override) query = query.where(openTo(verdict.reviewerId, verdict.now));
  const row = await query.returningAll().executeTakeFirst();
  return row && toReviewItem(row);
}

/** The task's state recorded with an item's verdict (null while pending, or for verdicts from before undo existed). */
export async function getPriorTaskState(db: Kysely<DB>, itemId: number): Promise<PriorTaskState | null> {
  const row = await db.selectFrom("review_items").select("prior_task").where("id", "=", itemId).executeTakeFirst();
  return parseJsonOrNull<PriorTaskState>(row?.prior_task ?? null);
}

/** Whether the reviewer decided any item after this one (later, or at the same instant with a larger id). */
export async function decidedLaterBy(
  db: Kysely<DB>,
  reviewerId: number,
  item: Pick<ReviewItem, "id" | "reviewedAt">,
): Promise<boolean> {
  const at = item.reviewedAt ?? 0;
  const row = await db
    .selectFrom("review_items")
    .select("id")
    .where("reviewer_id", "=", reviewerId)
    .where("reviewed_at", "is not", null)
    .where((eb) => eb.or([eb("reviewed_at", ">", at), eb.and([eb("reviewed_at", "=", at), eb("id", ">", item.id)])]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Takes back the verdict on a decided item: pending again and claimed by the same reviewer until
 * `claim.expiresAt`, so it is theirs to decide anew. Undefined if the item is no longer as read
 * (someone changed it meanwhile).
 */
export async function withdrawVerdict(
  trx: Kysely<DB>,
  item: Pick<ReviewItem, "projectId" | "id" | "status" | "reviewerId">,
  claim: { now: number; expiresAt: number },
): Promise<ReviewItem | undefined> {
  if (item.reviewerId === null) return undefined;
  const row = await trx
    .updateTable("review_items")
    .set({
      status: "pending",
      reviewed_value: null,
      note: null,
      reviewed_at: null,
      prior_task: null,
      claimed_at: claim.now,
      claim_expires_at: claim.expiresAt,
    })
    .where("project_id", "=", item.projectId)
    .where("id", "=", item.id)
    .where("status", "=", item.status)
    .where("reviewer_id", "=", item.reviewerId)
    .returningAll()
    .executeTakeFirst();
  return row && toReviewItem(row);
}

/** Whether the task already has a pending item (a task is pending review at most once). */
export async function taskPendingReview(db: Kysely<DB>, projectId: number, taskId: number): Promise<boolean> {
  const row = await db
    .selectFrom("review_items")
    .select("id")
    .where("project_id", "=", projectId)
    .where("task_id", "=", taskId)
    .where("status", "=", PENDING)
    .executeTakeFirst();
  return row !== undefined;
}

/** A page of a project's review items, keyset-paged on id. */
export async function listReviewItems(
  db: Kysely<DB>,
  projectId: number,
  options: {
    status?: ReviewStatus | undefined;
    source?: ReviewSource | undefined;
    planId?: number | undefined;
    after: number;
    limit: number;
  },
): Promise<ReviewItem[]> {
  let query = db
    .selectFrom("review_items")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("id", ">", options.after)
    .orderBy("id")
    .limit(options.limit);
  if (options.status) query = query.where("status", "=", options.status);
  if (options.source) query = query.where("source", "=", options.source);
  if (options.planId !== undefined) query = query.where("plan_id", "=", options.planId);
  return (await query.execute()).map(toReviewItem);
}

/** Items of each plan by status (zeros included). */
export async function reviewCountsByPlan(
  db: Kysely<DB>,
  projectId: number,
  planIds: number[],
): Promise<Map<number, ReviewCounts>> {
  const counts = new Map<number, ReviewCounts>(
    planIds.map((id) => [id, { pending: 0, accepted: 0, corrected: 0, rejected: 0 }]),
  );
  if (planIds.length === 0) return counts;
  const rows = await db
    .selectFrom("review_items")
    .select(["plan_id", "status", (eb) => eb.fn.countAll().as("items")])
    .where("project_id", "=", projectId)
    .where("plan_id", "in", planIds)
    .groupBy(["plan_id", "status"])
    .execute();
  for (const row of rows) {
    const entry = row.plan_id === null ? undefined : counts.get(row.plan_id);
    if (entry && row.status in entry) entry[row.status as keyof ReviewCounts] = Number(row.items);
  }
  return counts;
}

/**
 * The items the project's review policy queued, counted by source, status and whether their task
 * fell in the policy's random sample (index `review_items_by_policy`).
 */
export async function reviewPolicyCounts(
  db: Kysely<DB>,
  projectId: number,
): Promise<{ source: string; status: string; inSample: boolean; items: number }[]> {
  const rows = await db
    .selectFrom("review_items")
    .select(["source", "status", "by_policy", (eb) => eb.fn.countAll().as("items")])
    .where("project_id", "=", projectId)
    .where("by_policy", ">=", BY_POLICY.queued)
    .groupBy(["by_policy", "source", "status"])
    .execute();
  return rows.map((row) => ({
    source: row.source,
    status: row.status,
    inSample: Number(row.by_policy) === BY_POLICY.sampled,
    items: Number(row.items),
  }));
}
