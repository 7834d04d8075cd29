import { describe, expect, it } from "vitest";
import {
  DEFAULT_REVIEW_POLICY,
  type DoneTask,
  inReviewSample,
  type ReviewPolicy,
  reviewPolicyFrom,
  reviewPolicyIsOn,
  reviewSourceForDoneTask,
} from "./review-policy.js";

const policy = (changes: Partial<ReviewPolicy>): ReviewPolicy => ({ ...DEFAULT_REVIEW_POLICY, ...changes });
const task = (changes: Partial<DoneTask> = {}): DoneTask => ({
  projectId: 7,
  taskId: 1,
  gold: false,
  confidence: 1,
  answers: ["cat", "cat", "cat"],
  draw: 0.5,
  ...changes,
});

describe("reviewSourceForDoneTask", () => {
  it("queues nothing with the default policy, however doubtful the task", () => {
    expect(reviewPolicyIsOn(DEFAULT_REVIEW_POLICY)).toBe(false);
    for (let taskId = 1; taskId <= 500; taskId++)
      expect(
        reviewSourceForDoneTask(DEFAULT_REVIEW_POLICY, task({ taskId, confidence: 0.1, answers: ["a", "b"] })),
      ).toBe(null);
  });

  it("samples the share of tasks by the draw made as each becomes done", () => {
    // A fixed sequence of draws (a linear congruential generator), so the count is reproducible.
    let seed = 12345;
    const draw = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const share of [0.02, 0.1, 0.5]) {
      let sampled = 0;
      for (let taskId = 1; taskId <= 20_000; taskId++)
        if (reviewSourceForDoneTask(policy({ sampleShare: share }), task({ taskId, draw: draw() })) === "sample")
          sampled++;
      // Binomial(20000, share): 4 standard deviations either side.
      const sd = Math.sqrt(20_000 * share * (1 - share));
      expect(Math.abs(sampled - 20_000 * share)).toBeLessThan(4 * sd);
    }
    expect(inReviewSample(0.0999, 0.1)).toBe(true);
    expect(inReviewSample(0.1, 0.1)).toBe(false);
    expect(inReviewSample(0.999999, 1)).toBe(true);
    expect(inReviewSample(0, 0)).toBe(false);
  });

  it("queues a task below the confidence threshold as low_confidence, not one at or above it", () => {
    const rule = policy({ confidenceThreshold: 0.7 });
    expect(reviewSourceForDoneTask(rule, task({ confidence: 0.69 }))).toBe("low_confidence");
    expect(reviewSourceForDoneTask(rule, task({ confidence: 0.7 }))).toBe(null);
    expect(reviewSourceForDoneTask(rule, task({ confidence: 0.95 }))).toBe(null);
  });

  it("queues a task whose annotators disagreed, needing two answers", () => {
    const rule = policy({ disagreement: true });
    expect(reviewSourceForDoneTask(rule, task({ answers: ["cat", "dog", "cat"] }))).toBe("disagreement");
    expect(
      reviewSourceForDoneTask(
        rule,
        task({
          answers: [
            ["a", "b"],
            ["b", "a"],
          ],
        }),
      ),
    ).toBe("disagreement");
    expect(reviewSourceForDoneTask(rule, task({ answers: [3, 3] }))).toBe(null);
    expect(reviewSourceForDoneTask(rule, task({ answers: ["cat"], confidence: 0.5 }))).toBe(null);
    expect(reviewSourceForDoneTask(policy({ confidenceThreshold: 0.9 }), task({ answers: ["a", "b"] }))).toBe(null);
  });

  it("names the most telling reason when several apply", () => {
    const all = policy({ sampleShare: 1, confidenceThreshold: 0.9, disagreement: true });
    expect(reviewSourceForDoneTask(all, task({ answers: ["a", "b"], confidence: 0.5 }))).toBe("disagreement");
    expect(reviewSourceForDoneTask(all, task({ confidence: 0.5 }))).toBe("low_confidence");
    expect(reviewSourceForDoneTask(all, task())).toBe("sample");
  });

  it("never queues a gold task", () => {
    const all = policy({ sampleShare: 1, confidenceThreshold: 1, disagreement: true });
    expect(reviewSourceForDoneTask(all, task({ gold: true, answers: ["a", "b"], confidence: 0 }))).toBe(null);
  });
});

describe("reviewPolicyFrom", () => {
  it("reads a stored policy, and anything missing or out of range as off", () => {
    expect(reviewPolicyFrom({})).toEqual(DEFAULT_REVIEW_POLICY);
    expect(reviewPolicyFrom(null)).toEqual(DEFAULT_REVIEW_POLICY);
    expect(reviewPolicyFrom({ sampleShare: 0.1, confidenceThreshold: 0.6, disagreement: true })).toEqual({
      sampleShare: 0.1,
      confidenceThreshold: 0.6,
      disagreement: true,
    });
    expect(reviewPolicyFrom({ sampleShare: 2, confidenceThreshold: "x", disagreement: 1 })).toEqual(
      DEFAULT_REVIEW_POLICY,
    );
  });
});
