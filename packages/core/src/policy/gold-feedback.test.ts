import { describe, expect, it } from "vitest";
import {
  annotatorActionReason,
  appealableByJudgment,
  controlKindOf,
  givesGoldFeedback,
  ownGoldCounts,
  QUALITY_CHECKPOINT_INTERVAL,
  rulesCheckedAfter,
} from "./gold-feedback.js";
import { DEFAULT_GOLD_POLICY, parseGoldPolicy } from "./quality-policy.js";

describe("givesGoldFeedback", () => {
  it("by default tells onboarding and training controls, never hidden ones or gold from the queue", () => {
    const feedback = DEFAULT_GOLD_POLICY.feedback;
    expect(givesGoldFeedback(feedback, "onboarding")).toBe(true);
    expect(givesGoldFeedback(feedback, "training")).toBe(true);
    expect(givesGoldFeedback(feedback, "hidden")).toBe(false);
    expect(givesGoldFeedback(feedback, null)).toBe(false);
  });

  it("follows each switch of the policy on its own", () => {
    const hiddenOnly = { onboarding: false, hidden: true };
    expect(givesGoldFeedback(hiddenOnly, "onboarding")).toBe(false);
    expect(givesGoldFeedback(hiddenOnly, "training")).toBe(false);
    expect(givesGoldFeedback(hiddenOnly, "hidden")).toBe(true);
    expect(givesGoldFeedback(hiddenOnly, null)).toBe(true);
  });
});

describe("parseGoldPolicy feedback", () => {
  it("defaults to feedback on onboarding and training only, and keeps what is given", () => {
    expect(parseGoldPolicy({ share: 0.1 }).feedback).toEqual({ onboarding: true, hidden: false });
    expect(parseGoldPolicy({ feedback: { hidden: true } }).feedback).toEqual({ onboarding: true, hidden: true });
  });

  it("names the field that is not a boolean", () => {
    try {
      parseGoldPolicy({ feedback: { onboarding: "yes" } });
      expect.unreachable();
    } catch (error) {
      expect((error as { details: unknown }).details).toEqual([
        { path: "goldPolicy.feedback.onboarding", message: "must be true or false" },
      ]);
    }
    expect(() => parseGoldPolicy({ feedback: true })).toThrow(/gold policy/);
  });
});

describe("ownGoldCounts", () => {
  it("shows an annotator their gold counts only where hidden controls give feedback", () => {
    const counts = { goldAnswered: 4, goldCorrect: 3 };
    expect(ownGoldCounts({ onboarding: true, hidden: false }, counts)).toEqual({ goldAnswered: 0, goldCorrect: 0 });
    expect(ownGoldCounts({ onboarding: true, hidden: true }, counts)).toEqual(counts);
  });
});

describe("annotatorActionReason", () => {
  it("words a gold-accuracy reason without its counts for an annotator not told about hidden controls", () => {
    const reason = "gold accuracy 0/3 (95% interval 0–56%) is below 90%";
    const neutral = annotatorActionReason(reason, { onboarding: true, hidden: false });
    expect(neutral).not.toMatch(/\d/);
    expect(neutral).toContain("quality checks");
    expect(annotatorActionReason(reason, { onboarding: true, hidden: true })).toBe(reason);
    const fast = "12 of 40 answers took under 2.0 s";
    expect(annotatorActionReason(fast, { onboarding: true, hidden: false })).toBe(fast);
  });
});

describe("appealableByJudgment", () => {
  it("lets a review's rejection be appealed always, a gold miss only where it was told", () => {
    const silent = { onboarding: true, hidden: false };
    expect(appealableByJudgment("review", silent, null)).toBe(true);
    expect(appealableByJudgment("gold", silent, null)).toBe(false);
    expect(appealableByJudgment("gold", silent, "hidden")).toBe(false);
    expect(appealableByJudgment("gold", silent, "onboarding")).toBe(true);
    expect(appealableByJudgment("gold", { onboarding: true, hidden: true }, null)).toBe(true);
  });

  it("reads a stored served_as as a control kind, anything else as the ordinary queue", () => {
    expect(controlKindOf("training")).toBe("training");
    expect(controlKindOf(null)).toBeNull();
    expect(controlKindOf("queue")).toBeNull();
  });
});

describe("rulesCheckedAfter", () => {
  it("checks after every judgment where hidden controls are told, else at every 5th judgment only", () => {
    const judgments = Array.from({ length: 12 }, (_, i) => i + 1);
    const told = { onboarding: true, hidden: true };
    expect(judgments.filter((n) => rulesCheckedAfter(n, told))).toEqual(judgments);
    expect(QUALITY_CHECKPOINT_INTERVAL).toBe(5);
    expect(judgments.filter((n) => rulesCheckedAfter(n, DEFAULT_GOLD_POLICY.feedback))).toEqual([5, 10]);
  });
});
