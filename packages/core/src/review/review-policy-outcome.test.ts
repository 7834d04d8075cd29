import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../quality/wilson-interval.js";
import { reviewPolicyOutcome } from "./review-policy-outcome.js";

describe("reviewPolicyOutcome", () => {
  it("counts items by source and estimates accuracy from the decided sample only", () => {
    const outcome = reviewPolicyOutcome([
      { source: "sample", status: "accepted", items: 41 },
      { source: "sample", status: "corrected", items: 6 },
      { source: "sample", status: "rejected", items: 3 },
      { source: "sample", status: "pending", items: 4 },
      { source: "low_confidence", status: "rejected", items: 9 },
      { source: "dispute", status: "accepted", items: 2 },
    ]);
    expect(outcome.bySource.sample).toEqual({
      queued: 54,
      decided: 50,
      pending: 4,
      accepted: 41,
      corrected: 6,
      rejected: 3,
    });
    expect(outcome.bySource.low_confidence).toMatchObject({ queued: 9, decided: 9, rejected: 9 });
    expect(outcome.bySource.disagreement.queued).toBe(0);
    const wilson = wilsonInterval(41, 50, 0.95);
    expect(outcome.sampleAccuracy.reviewed).toBe(50);
    expect(outcome.sampleAccuracy.accuracy).toEqual({ estimate: 0.82, low: wilson.lower, high: wilson.upper });
  });

  it("has no estimate before a sampled item is decided", () => {
    const outcome = reviewPolicyOutcome([{ source: "disagreement", status: "accepted", items: 3 }]);
    expect(outcome.sampleAccuracy.accuracy).toEqual({ estimate: null, low: 0, high: 1 });
  });
});
