import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../quality/wilson-interval.js";
import { reviewPolicyOutcome } from "./review-policy-outcome.js";

describe("reviewPolicyOutcome", () => {
  it("counts items by source and estimates accuracy from the decided sample only", () => {
    const outcome = reviewPolicyOutcome([
      { source: "sample", status: "accepted", inSample: true, items: 41 },
      { source: "sample", status: "corrected", inSample: true, items: 6 },
      { source: "sample", status: "rejected", inSample: true, items: 3 },
      { source: "sample", status: "pending", inSample: true, items: 4 },
      { source: "low_confidence", status: "rejected", inSample: false, items: 9 },
      { source: "dispute", status: "accepted", inSample: false, items: 2 },
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

  it("counts a sampled task queued as doubtful in the sample, and a doubtful one outside it not", () => {
    // 8 confident sampled tasks all right; 2 sampled tasks were also disputed and both wrong; 20
    // disputed tasks outside the sample, all wrong. The sample's accuracy is 8 of 10.
    const outcome = reviewPolicyOutcome([
      { source: "sample", status: "accepted", inSample: true, items: 8 },
      { source: "disagreement", status: "corrected", inSample: true, items: 2 },
      { source: "disagreement", status: "corrected", inSample: false, items: 20 },
    ]);
    expect(outcome.bySource.disagreement).toMatchObject({ queued: 22, corrected: 22 });
    expect(outcome.sampleAccuracy).toMatchObject({ reviewed: 10, accepted: 8 });
    expect(outcome.sampleAccuracy.accuracy.estimate).toBeCloseTo(0.8, 12);
  });

  it("has no estimate before a sampled item is decided", () => {
    const outcome = reviewPolicyOutcome([{ source: "disagreement", status: "accepted", inSample: false, items: 3 }]);
    expect(outcome.sampleAccuracy.accuracy).toEqual({ estimate: null, low: 0, high: 1 });
  });
});
