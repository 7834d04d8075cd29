import { reviewClaimExpiry } from "@quorum/core";
import type { Database } from "../database.js";
import { getProject } from "../repositories/projects.js";
import { claimItem, lockHeldItem, lockNextOpenItem, type ReviewItem } from "../repositories/review-items.js";
import { getReviewTask, type ReviewTask } from "../repositories/task-labels.js";
import { judgmentsOfTask } from "../repositories/tasks.js";
import { inTransaction, RETRY } from "../transaction.js";

/** What a reviewer sees: the item, the task with its gold and aggregate, and every judgment. */
export interface ReviewWork {
  item: ReviewItem;
  task: ReviewTask;
  judgments: Awaited<ReturnType<typeof judgmentsOfTask>>;
}

/**
 * Gives the reviewer the item they already hold in the project, renewing its lease, or else the
 * oldest pending item open to them (core's `reviewOpenTo`: unclaimed, or under another
 * reviewer's expired claim), leaving out the `skip` ids, claimed for the project's review lease.
 * So a reviewer holds one item per project however often they ask. A conditional update keeps
 * two reviewers from holding the same item (on PostgreSQL rows being claimed by another
 * transaction are skipped, not waited for). Undefined when nothing is open to them.
 */
export async function claimNextReview(
  database: Database,
  options: { projectId: number; reviewerId: number; now: number; skip?: readonly number[] | undefined },
): Promise<ReviewWork | undefined> {
  const claimed = await inTransaction(
    database,
    async (trx) => {
      const project = await getProject(trx, options.projectId);
      if (!project) return null;
      const itemId =
        (await lockHeldItem(trx, database.dialect, options)) ??
        (await lockNextOpenItem(trx, database.dialect, options));
      if (itemId === undefined) return null;
      const expiresAt = reviewClaimExpiry(options.now, project.reviewLeaseSeconds);
      return (await claimItem(trx, { ...options, itemId, expiresAt })) ?? RETRY;
    },
    { busyMessage: "Too many reviewers are taking items at this moment; please try again" },
  );
  if (claimed === null) return undefined;
  return claimedWork(database, claimed);
}

/** A claimed item with its task and judgments, as the reviewer sees it. */
export async function claimedWork(database: Database, item: ReviewItem): Promise<ReviewWork> {
  const { db } = database;
  return {
    item,
    task: await getReviewTask(db, item.projectId, item.taskId),
    judgments: await judgmentsOfTask(db, item.projectId, item.taskId),
  };
}
