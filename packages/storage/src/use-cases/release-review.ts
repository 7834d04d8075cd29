import { notFound, planReviewRelease } from "@quorum/core";
import type { Database } from "../database.js";
import { getReviewItem, type ReviewItem, releaseClaim } from "../repositories/review-items.js";
import { inTransaction, RETRY, writeAudit } from "../transaction.js";

/**
 * Gives a review item's claim back so any reviewer may take it (core's `planReviewRelease`): only
 * its holder, or a manager (`override`), may; an unclaimed item is left as it is. Audit-logged as
 * `review.release` with whose claim it was and whether it had expired.
 */
export async function releaseReview(
  database: Database,
  options: { projectId: number; itemId: number; actorId: number; override: boolean; now: number },
): Promise<ReviewItem> {
  const { projectId, itemId, actorId, now } = options;
  return inTransaction(database, async (trx) => {
    const item = await getReviewItem(trx, itemId);
    if (!item || item.projectId !== projectId) throw notFound("Review item");
    const plan = planReviewRelease(item, { requesterId: actorId, override: options.override });
    if (plan.kind === "nothing") return item;
    const released = await releaseClaim(trx, item);
    // The claim changed since it was read (renewed, taken or decided): look again.
    if (!released) return RETRY;
    await writeAudit(trx, {
      projectId,
      actorId,
      action: "review.release",
      details: {
        itemId,
        taskId: item.taskId,
        reviewerId: plan.claimantId,
        expired: item.claimExpiresAt === null || item.claimExpiresAt <= now,
      },
      now,
    });
    return released;
  });
}
