import type { ReviewItemView } from "@quorum/server";
import { describe, expect, it } from "vitest";
import { minutesLeft, reviewQueueGlance } from "./review-queue.js";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();

function item(id: number, reviewerId: number | null, claimExpiresAt: number | null): ReviewItemView {
  return {
    id,
    projectId: 1,
    taskId: id * 10,
    source: "disagreement",
    planId: null,
    byPolicy: false,
    status: "pending",
    reviewerId,
    reviewedValue: null,
    note: null,
    createdAt: iso(NOW),
    reviewedAt: null,
    claimedAt: claimExpiresAt === null ? null : iso(NOW),
    claimExpiresAt: claimExpiresAt === null ? null : iso(claimExpiresAt),
  };
}

describe("reviewQueueGlance", () => {
  it("counts items under other reviewers' live claims and shows the oldest open one next", () => {
    const glance = reviewQueueGlance(
      { items: [item(1, 2, NOW + 60_000), item(2, 3, NOW - 1), item(3, null, null)], next: null },
      7,
      NOW,
    );
    expect(glance).toEqual({
      pending: 3,
      more: false,
      heldByOthers: 1,
      nextUp: { id: 2, taskId: 20, source: "disagreement", planId: null, byPolicy: false },
    });
  });

  it("counts the reviewer's own claim as open to them", () => {
    const glance = reviewQueueGlance({ items: [item(4, 7, NOW + 60_000)], next: 4 }, 7, NOW);
    expect(glance).toMatchObject({ heldByOthers: 0, more: true, nextUp: { id: 4 } });
  });

  it("has nothing next when every item is held by someone else", () => {
    expect(reviewQueueGlance({ items: [item(5, 2, NOW + 1)], next: null }, 7, NOW).nextUp).toBeUndefined();
  });
});

describe("minutesLeft", () => {
  it("rounds up to whole minutes and stops at zero", () => {
    expect(minutesLeft(iso(NOW + 61_000), NOW)).toBe(2);
    expect(minutesLeft(iso(NOW + 60_000), NOW)).toBe(1);
    expect(minutesLeft(iso(NOW - 5_000), NOW)).toBe(0);
    expect(minutesLeft(null, NOW)).toBe(0);
  });
});
