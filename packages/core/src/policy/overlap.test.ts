import { describe, expect, it } from "vitest";
import { expectedAccuracyGain, judgmentValue, temperPosterior } from "../quality/expected-gain.js";
import { isSettled, isTie, requiredAfterJudgment } from "./overlap.js";
import { parseOverlapSetting } from "./quality-policy.js";

/** A typical annotator: right 80% of the time, errors spread evenly (3 classes). */
const confusion = [0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8];

describe("expected gain of more judgments", () => {
  it("is zero for a certain task, largest for a tie, and never negative", () => {
    expect(expectedAccuracyGain([1, 0, 0], confusion)).toBe(0);
    const tie = expectedAccuracyGain([0.5, 0.5, 0], confusion);
    // After one answer: 0.5·0.8 for each of the two tied classes, 0.5·0.1 for the third → accuracy 0.85.
    expect(tie).toBeCloseTo(0.85 - 0.5, 12);
    expect(expectedAccuracyGain([0.6, 0.3, 0.1], confusion)).toBeGreaterThanOrEqual(0);
    expect(expectedAccuracyGain([0.6, 0.3, 0.1], confusion)).toBeLessThan(tie);
  });

  it("looks two judgments ahead when one cannot overturn the leader", () => {
    // One dissent leaves the leader ahead (0.9·0.1 > 0.1·0.8); two overturn it (0.9·0.01 < 0.1·0.64).
    const posterior = [0.9, 0.1, 0];
    const one = expectedAccuracyGain(posterior, confusion, 1);
    const two = expectedAccuracyGain(posterior, confusion, 2);
    expect(one).toBe(0);
    expect(two).toBeGreaterThan(0);
    expect(judgmentValue(posterior, confusion)).toBe(two);
  });

  it("tempers a posterior towards uniform above temperature 1", () => {
    const soft = temperPosterior([0.9, 0.1], 2);
    expect(soft[0]).toBeCloseTo(3 / 4, 12);
    expect(soft[0]! + soft[1]!).toBeCloseTo(1, 12);
  });
});

describe("dynamic overlap by expected gain", () => {
  const policy = parseOverlapSetting({ mode: "dynamic", min: 2, max: 5, target: 0.9, minGain: 0.02 });
  if (policy.mode !== "dynamic") throw new Error("dynamic expected");

  it("never settles a tie before max, even when the confidence target is met", () => {
    const { minGain: _, ...rest } = policy;
    const lenient = { ...rest, target: 0.5 };
    expect(isTie([0.5, 0.5])).toBe(true);
    expect(isSettled({ policy: lenient, judgmentCount: 2, confidence: 0.5, posterior: [0.5, 0.5] })).toBe(false);
    expect(isSettled({ policy: lenient, judgmentCount: 5, confidence: 0.5, posterior: [0.5, 0.5] })).toBe(true);
    expect(isSettled({ policy: lenient, judgmentCount: 2, confidence: 0.6, posterior: [0.6, 0.4] })).toBe(true);
  });

  it("asks for another judgment while it is worth more than minGain, then stops", () => {
    const open = requiredAfterJudgment({
      policy,
      required: 2,
      slotsTaken: 2,
      judgmentCount: 2,
      confidence: 0.7,
      posterior: [0.7, 0.2, 0.1],
      confusion,
    });
    expect(open).toBe(3);
    const settled = requiredAfterJudgment({
      policy,
      required: 3,
      slotsTaken: 3,
      judgmentCount: 3,
      confidence: 0.995,
      posterior: [0.995, 0.004, 0.001],
      confusion,
    });
    expect(settled).toBe(3);
    // Without a posterior the old rule applies, so storage callers keep working unchanged.
    expect(requiredAfterJudgment({ policy, required: 2, slotsTaken: 2, judgmentCount: 2, confidence: 0.95 })).toBe(2);
  });

  it("keeps minGain optional in the stored setting and rejects a bad one", () => {
    expect(parseOverlapSetting({ mode: "dynamic" })).toEqual({ mode: "dynamic", min: 2, max: 5, target: 0.9 });
    expect(() => parseOverlapSetting({ mode: "dynamic", minGain: 2 })).toThrow();
  });
});
