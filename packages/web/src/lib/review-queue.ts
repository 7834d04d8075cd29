import { reviewOpenTo } from "@quorum/core";
import type { ReviewItemView } from "@quorum/server";

/** The review queue at a glance, as one reviewer would find it, without claiming anything. */
export interface ReviewQueueGlance {
  /** Pending items counted (a page of them; `more` when there are further pages). */
  pending: number;
  more: boolean;
  /** Of those, held by another reviewer's live claim. */
  heldByOthers: number;
  /** The item "Start reviewing" would most likely give this reviewer: the oldest open to them. */
  nextUp: Pick<ReviewItemView, "id" | "taskId" | "source" | "planId" | "byPolicy"> | undefined;
}

/** Reads a page of pending items with core's claim rule (a claim protects an item until it expires). */
export function reviewQueueGlance(
  page: { items: ReviewItemView[]; next: number | null },
  reviewerId: number,
  now: number,
): ReviewQueueGlance {
  let heldByOthers = 0;
  let nextUp: ReviewQueueGlance["nextUp"];
  for (const item of page.items) {
    const claim = {
      status: item.status,
      reviewerId: item.reviewerId,
      claimExpiresAt: item.claimExpiresAt === null ? null : Date.parse(item.claimExpiresAt),
    };
    if (!reviewOpenTo(claim, now, reviewerId)) heldByOthers++;
    else
      nextUp ??= {
        id: item.id,
        taskId: item.taskId,
        source: item.source,
        planId: item.planId,
        byPolicy: item.byPolicy,
      };
  }
  return { pending: page.items.length, more: page.next !== null, heldByOthers, nextUp };
}

/** How long until a claim runs out, in whole minutes rounded up; 0 once it has. */
export function minutesLeft(claimExpiresAt: string | null, now: number): number {
  if (claimExpiresAt === null) return 0;
  return Math.max(0, Math.ceil((Date.parse(claimExpiresAt) - now) / 60_000));
}
