import { describe, expect, it } from "vitest";
import { evaluateAnnotator } from "./annotator-rules.js";
import { applyJudgment, inferredAccuracy, normalise, priorConfusion } from "./posterior-update.js";
import { DEFAULT_QUALITY_RULES, parseOverlapSetting, shouldServeGold } from "./quality-policy.js";

describe("gold serving", () => {
  it("serves gold for the onboarding tasks, then about `share` of the time", () => {
    const policy = { share: 0.1, onboarding: 5 };
    expect([0, 1, 2, 3, 4].every((n) => shouldServeGold(policy, 7, n))).toBe(true);
    let gold = 0;
    for (let n = 5; n < 20_005; n++) if (shouldServeGold(policy, 7, n)) gold++;
    expect(gold / 20_000).toBeGreaterThan(0.09);
    expect(gold / 20_000).toBeLessThan(0.11);
  });
});

describe("overlap setting", () => {
  it("names the bad field", () => {
    expect(() => parseOverlapSetting({ mode: "dynamic", min: 4, max: 2 })).toThrow("overlap policy");
    expect(parseOverlapSetting({ mode: "dynamic", min: 2, max: 5, target: 0.95 })).toEqual({
      mode: "dynamic",
      min: 2,
      max: 5,
      target: 0.95,
    });
  });
});

describe("automatic rules", () => {
  const rules = { ...DEFAULT_QUALITY_RULES, minAccuracy: 0.8, minGoldAnswers: 10 };
  it("acts only when the whole interval is below the threshold", () => {
    expect(
      evaluateAnnotator({ judgments: 50, goldAnswered: 10, goldCorrect: 6, fastAnswers: 0 }, rules),
    ).toBeUndefined();
    expect(evaluateAnnotator({ judgments: 50, goldAnswered: 30, goldCorrect: 12, fastAnswers: 0 }, rules)?.action).toBe(
      "pause",
    );
    expect(evaluateAnnotator({ judgments: 5, goldAnswered: 5, goldCorrect: 0, fastAnswers: 0 }, rules)).toBeUndefined();
  });
  it("flags answers that carry no signal: agreement with the inferred labels at chance", () => {
    const base = { judgments: 60, goldAnswered: 0, goldCorrect: 0, fastAnswers: 0 };
    const random = evaluateAnnotator({ ...base, inferred: { accuracy: 0.3, answers: 60, classCount: 4 } }, rules);
    expect(random?.action).toBe("flag");
    expect(random?.reason).toContain("look random");
    expect(
      evaluateAnnotator({ ...base, inferred: { accuracy: 0.7, answers: 60, classCount: 4 } }, rules),
    ).toBeUndefined();
    expect(
      evaluateAnnotator({ ...base, inferred: { accuracy: 0.3, answers: 10, classCount: 4 } }, rules),
    ).toBeUndefined();
  });

  it("flags answers that are too fast", () => {
    const fast = { ...rules, minActiveMs: 2000, maxFastShare: 0.5 };
    expect(evaluateAnnotator({ judgments: 40, goldAnswered: 0, goldCorrect: 0, fastAnswers: 30 }, fast)?.action).toBe(
      "flag",
    );
  });
});

describe("inferred accuracy", () => {
  it("reads the credited diagonal share without the prior", () => {
    const prior = priorConfusion(2);
    const counts = prior.map((p, i) => p + [8, 2, 1, 9][i]!);
    expect(inferredAccuracy(counts, prior)).toEqual({ accuracy: 17 / 20, answers: 20 });
  });
});

describe("posterior update", () => {
  it("moves toward the answers of annotators and credits them", () => {
    let scores = normalise([0, 0, 0]).map(Math.log);
    let counts = priorConfusion(3);
    for (let i = 0; i < 3; i++) {
      const update = applyJudgment({ taskLogPosterior: scores, workerCounts: counts, label: 2 });
      scores = update.taskLogPosterior;
      counts = update.workerCounts;
      expect(update.label).toBe(2);
    }
    expect(normalise(scores)[2]).toBeGreaterThan(0.95);
    expect(counts[2 * 3 + 2]).toBeGreaterThan(priorConfusion(3)[8]!);
  });
  it("credits a gold answer exactly to the true class row", () => {
    const update = applyJudgment({ taskLogPosterior: [0, 0], workerCounts: priorConfusion(2), label: 1, known: 0 });
    expect(update.workerCounts[1]).toBeCloseTo(priorConfusion(2)[1]! + 1);
  });
});

import { requiredAfterJudgment } from "./overlap.js";

describe("dynamic overlap", () => {
  const policy = { mode: "dynamic" as const, min: 2, max: 5, target: 0.9 };
  it("stops a confident task at the minimum", () => {
    expect(requiredAfterJudgment({ policy, required: 2, slotsTaken: 2, judgmentCount: 2, confidence: 0.95 })).toBe(2);
  });
  it("asks for one more judgment while uncertain, never past the maximum", () => {
    expect(requiredAfterJudgment({ policy, required: 2, slotsTaken: 2, judgmentCount: 2, confidence: 0.6 })).toBe(3);
    expect(requiredAfterJudgment({ policy, required: 5, slotsTaken: 5, judgmentCount: 5, confidence: 0.6 })).toBe(5);
  });
  it("lets leases already out finish when the task settles", () => {
    expect(requiredAfterJudgment({ policy, required: 3, slotsTaken: 3, judgmentCount: 2, confidence: 0.97 })).toBe(3);
  });
  it("leaves fixed overlap alone", () => {
    expect(
      requiredAfterJudgment({ policy: { mode: "fixed" }, required: 3, slotsTaken: 3, judgmentCount: 1, confidence: 1 }),
    ).toBe(3);
  });
});
