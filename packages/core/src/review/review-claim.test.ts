import { describe, expect, it } from "vitest";
import type { DomainError } from "../errors.js";
import { planReviewRelease, reviewClaimExpiry, reviewClaimState, reviewOpenTo } from "./review-claim.js";

const NOW = 1_800_000_000_000;
const pending = (reviewerId: number | null, claimExpiresAt: number | null) =>
  ({ status: "pending", reviewerId, claimExpiresAt }) as const;

describe("reviewClaimState", () => {
  it("tells unclaimed, mine, expired, taken and decided apart", () => {
    expect(reviewClaimState(pending(null, null), NOW, 1)).toBe("unclaimed");
    expect(reviewClaimState(pending(1, NOW + 1), NOW, 1)).toBe("mine");
    expect(reviewClaimState(pending(2, NOW + 1), NOW, 1)).toBe("taken");
    expect(reviewClaimState({ status: "accepted", reviewerId: 1, claimExpiresAt: null }, NOW, 1)).toBe("decided");
  });

  it("expires a claim at its expiry instant, not a millisecond later", () => {
    expect(reviewClaimState(pending(2, NOW), NOW, 1)).toBe("expired");
    expect(reviewClaimState(pending(2, NOW + 1), NOW, 1)).toBe("taken");
  });

  it("keeps an expired claim its holder's until someone else takes it", () => {
    expect(reviewClaimState(pending(1, NOW - 60_000), NOW, 1)).toBe("mine");
    expect(reviewOpenTo(pending(1, NOW - 60_000), NOW, 1)).toBe(true);
  });

  it("treats a claim without an expiry (from before leases) as expired", () => {
    expect(reviewClaimState(pending(2, null), NOW, 1)).toBe("expired");
  });

  it("opens an item to a reviewer unless another holds a live claim or it is decided", () => {
    expect(reviewOpenTo(pending(null, null), NOW, 1)).toBe(true);
    expect(reviewOpenTo(pending(2, NOW - 1), NOW, 1)).toBe(true);
    expect(reviewOpenTo(pending(2, NOW + 1), NOW, 1)).toBe(false);
    expect(reviewOpenTo({ status: "rejected", reviewerId: null, claimExpiresAt: null }, NOW, 1)).toBe(false);
  });
});

describe("reviewClaimExpiry", () => {
  it("adds the lease length in seconds", () => {
    expect(reviewClaimExpiry(NOW, 900)).toBe(NOW + 900_000);
  });
});

describe("planReviewRelease", () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      return (error as DomainError).code;
    }
    return undefined;
  };

  it("lets the holder release their claim, live or expired", () => {
    expect(planReviewRelease(pending(1, NOW + 1), { requesterId: 1, override: false })).toEqual({
      kind: "release",
      claimantId: 1,
    });
    expect(planReviewRelease(pending(1, NOW - 1), { requesterId: 1, override: false }).kind).toBe("release");
  });

  it("forbids another reviewer but lets a manager release anyone's claim", () => {
    expect(code(() => planReviewRelease(pending(2, NOW + 1), { requesterId: 1, override: false }))).toBe("forbidden");
    expect(planReviewRelease(pending(2, NOW + 1), { requesterId: 1, override: true })).toEqual({
      kind: "release",
      claimantId: 2,
    });
  });

  it("does nothing on an unclaimed item and refuses a decided one", () => {
    expect(planReviewRelease(pending(null, null), { requesterId: 1, override: false })).toEqual({ kind: "nothing" });
    const error = code(() =>
      planReviewRelease(
        { status: "accepted", reviewerId: 2, claimExpiresAt: null },
        { requesterId: 2, override: false },
      ),
    );
    expect(error).toBe("review_decided");
  });
});
