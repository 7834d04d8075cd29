import { describe, expect, it } from "vitest";
import { en } from "../i18n/en.js";
import { createI18n } from "../i18n/instance.js";
import { reviewSourceKey } from "./review-source.js";

describe("reviewSourceKey", () => {
  it("names the review policy's items as the policy's, and an audit plan's sample as an audit", async () => {
    const i18n = await createI18n("en");
    const label = (item: Parameters<typeof reviewSourceKey>[0]) => i18n.t(reviewSourceKey(item));
    expect(label({ source: "sample", planId: null, byPolicy: true })).toBe("Review policy: sample");
    // Queued by the policy before items carried the mark: only the policy queues a sample without a plan.
    expect(label({ source: "sample", planId: null, byPolicy: false })).toBe("Review policy: sample");
    expect(label({ source: "sample", planId: 4, byPolicy: false })).toBe("Audit sample");
    // Adopted into an audit plan later: still the policy's.
    expect(label({ source: "sample", planId: 4, byPolicy: true })).toBe("Review policy: sample");
    expect(label({ source: "low_confidence", planId: null, byPolicy: true })).toBe("Review policy: low confidence");
    expect(label({ source: "low_confidence", planId: null, byPolicy: false })).toBe("Low confidence");
    expect(label({ source: "disagreement", planId: null, byPolicy: true })).toBe("Review policy: disagreement");
    expect(label({ source: "dispute", planId: null, byPolicy: false })).toBe("Dispute");
    expect(en.review.policySources.sample).toBe("Review policy: sample");
  });
});
