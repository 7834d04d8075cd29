import { DomainError, forbidden } from "../errors.js";
import type { ReviewStatus } from "./review-items.js";

/**
 * Where a review item stands for one reviewer:
 * - `decided`: no longer pending;
 * - `unclaimed`: nobody holds it;
 * - `mine`: the reviewer's own claim, live or expired (an expired claim nobody took is still theirs);
 * - `expired`: another reviewer's claim ran out, so anyone may take it;
 * - `taken`: another reviewer holds a live claim.
 */
export type ReviewClaimState = "decided" | "unclaimed" | "mine" | "expired" | "taken";

/** The claim fields of a review item. A claim without an expiry (from before leases) counts as expired. */
export interface ReviewClaim {
  status: ReviewStatus;
  reviewerId: number | null;
  claimExpiresAt: number | null;
}

/**
 * The one rule of review claims (storage's `openToReviewer` is its SQL form): a claim is a lease
 * that protects the item from other reviewers only until it expires.
 */
export function reviewClaimState(item: ReviewClaim, now: number, reviewerId: number): ReviewClaimState {
  if (item.status !== "pending") return "decided";
  if (item.reviewerId === null) return "unclaimed";
  if (item.reviewerId === reviewerId) return "mine";
  if (item.claimExpiresAt === null || item.claimExpiresAt <= now) return "expired";
  return "taken";
}

/** Whether the reviewer may claim or decide the item without overriding anyone. */
export function reviewOpenTo(item: ReviewClaim, now: number, reviewerId: number): boolean {
  const state = reviewClaimState(item, now, reviewerId);
  return state === "unclaimed" || state === "mine" || state === "expired";
}

/** When a claim taken at `now` runs out. */
export function reviewClaimExpiry(now: number, leaseSeconds: number): number {
  return now + leaseSeconds * 1000;
}

/**
 * What releasing a claim does: nothing when nobody holds it; otherwise only its holder, or a
 * manager (`override`), may give it back, whether or not it has expired.
 */
export function planReviewRelease(
  item: ReviewClaim,
  options: { requesterId: number; override: boolean },
): { kind: "release"; claimantId: number } | { kind: "nothing" } {
  if (item.status !== "pending") throw new DomainError("review_decided", `This item was already ${item.status}`);
  if (item.reviewerId === null) return { kind: "nothing" };
  if (item.reviewerId !== options.requesterId && !options.override)
    throw forbidden("Only the reviewer who claimed this item, or a manager, may release it");
  return { kind: "release", claimantId: item.reviewerId };
}
