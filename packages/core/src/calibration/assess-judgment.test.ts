import { describe, expect, it } from "vitest";
import type { LabelSchema } from "../label-schema.js";
import { applyJudgment, priorConfusion } from "../policy/posterior-update.js";
import { DEFAULT_QUALITY_RULES, type QualityRules } from "../policy/quality-policy.js";
import { manualStatusAction } from "./annotator-status.js";
import { type AnnotatorStanding, assessJudgment, type JudgmentInput, newcomerCounts } from "./assess-judgment.js";

const choice: LabelSchema = {
  type: "single_choice",
  options: [
    { value: "cat", label: "Cat" },
    { value: "dog", label: "Dog" },
  ],
};
const fresh: AnnotatorStanding = {
  judgments: 0,
  goldAnswered: 0,
  goldCorrect: 0,
  fastAnswers: 0,
  confusion: null,
  status: "ok",
  statusReason: null,
};

function input(overrides: Partial<JudgmentInput>): JudgmentInput {
  return {
    schema: choice,
    rules: DEFAULT_QUALITY_RULES,
    // Told of hidden controls: the rules are checked after every judgment.
    goldFeedback: { onboarding: true, hidden: true },
    taskAnswers: ["dog"],
    taskLogPosterior: null,
    gold: null,
    value: "dog",
    activeMs: 4000,
    annotator: fresh,
    crowdPrior: null,
    ...overrides,
  };
}

describe("assessJudgment", () => {
  it("takes the majority vote for a schema without fixed classes and leaves the confusion counts alone", () => {
    const schema: LabelSchema = { type: "free_text", minLength: 1, maxLength: 100 };
    const assessed = assessJudgment(input({ schema, taskAnswers: ["a", "b", "a"], value: "a" }));
    expect(assessed.task.aggregate).toEqual({ value: "a", method: "majority", agreement: 2 / 3 });
    expect(assessed.task.confidence).toBeCloseTo(2 / 3, 12);
    expect(assessed.task.logPosterior).toBeNull();
    expect(assessed.annotator).toEqual({ ...fresh, judgments: 1 });
    expect(assessed.action).toBeUndefined();
  });

  it("starts a newcomer from the fixed prior and the task from a uniform posterior (online Dawid-Skene)", () => {
    const assessed = assessJudgment(input({}));
    const expected = applyJudgment({
      taskLogPosterior: [Math.log(0.5), Math.log(0.5)],
      workerCounts: priorConfusion(2),
      label: 1,
    });
    expect(assessed.task.aggregate).toEqual({ value: "dog", method: "online-ds", agreement: 1 });
    expect(assessed.task.confidence).toBeCloseTo(expected.confidence, 12);
    expect(assessed.task.logPosterior).toEqual(expected.taskLogPosterior);
    // The first answer on a task has nothing to be credited against: the counts stay at the prior.
    expect(assessed.annotator.confusion).toEqual(priorConfusion(2).map((c) => Math.round(c * 1e6) / 1e6));
  });

  it("credits an answer with the task's posterior from before it, once that posterior says something", () => {
    const before = [Math.log(0.2), Math.log(0.8)];
    const assessed = assessJudgment(input({ taskAnswers: ["dog", "dog"], taskLogPosterior: before }));
    const expected = applyJudgment({ taskLogPosterior: before, workerCounts: priorConfusion(2), label: 1 });
    expect(assessed.annotator.confusion).toEqual(expected.workerCounts.map((c) => Math.round(c * 1e6) / 1e6));
    expect(assessed.annotator.confusion).not.toEqual(priorConfusion(2));
  });

  it("starts a newcomer from the crowd prior when it fits the classes", () => {
    const crowd = [3, 1, 0.5, 3.5];
    const before = [Math.log(0.3), Math.log(0.7)];
    const fromCrowd = assessJudgment(input({ crowdPrior: crowd, taskLogPosterior: before }));
    expect(fromCrowd.annotator.confusion).toEqual(
      applyJudgment({ taskLogPosterior: before, workerCounts: crowd, label: 1 }).workerCounts,
    );
    expect(newcomerCounts([1, 2, 3], 2)).toEqual(priorConfusion(2));
  });

  it("credits a gold answer exactly and counts right, wrong and too-fast answers", () => {
    const rules: QualityRules = { ...DEFAULT_QUALITY_RULES, minActiveMs: 1000 };
    const right = assessJudgment(input({ gold: "dog", value: "dog", rules, activeMs: 400 }));
    expect(right.annotator).toMatchObject({ judgments: 1, goldAnswered: 1, goldCorrect: 1, fastAnswers: 1 });
    // Gold: the annotator's "dog" row gains exactly one answer of "dog".
    expect(right.annotator.confusion).toEqual([2.8, 1.2, 1.2, 3.8]);
    const wrong = assessJudgment(input({ gold: "dog", value: "cat", taskAnswers: ["cat"], rules, activeMs: 5000 }));
    expect(wrong.annotator).toMatchObject({ goldAnswered: 1, goldCorrect: 0, fastAnswers: 0 });
  });

  it("reports a rating's aggregate as a number", () => {
    const schema: LabelSchema = { type: "rating", min: 1, max: 3, labels: {} };
    expect(assessJudgment(input({ schema, taskAnswers: [3], value: 3 })).task.aggregate.value).toBe(3);
  });

  it("applies the project's rule to an annotator who is ok, and only then", () => {
    const rules: QualityRules = { ...DEFAULT_QUALITY_RULES, minGoldAnswers: 8, minAccuracy: 0.8, action: "retrain" };
    const careless: AnnotatorStanding = { ...fresh, judgments: 11, goldAnswered: 11, goldCorrect: 1 };
    const assessed = assessJudgment(input({ rules, annotator: careless, gold: "dog", value: "cat" }));
    expect(assessed.action?.action).toBe("retrain");
    expect(assessed.annotator.status).toBe("retrain");
    expect(assessed.annotator.statusReason).toBe(assessed.action?.reason);
    expect(assessed.action?.reason).toContain("gold accuracy 1/12");

    const paused = { ...careless, status: "paused", statusReason: "by hand" };
    const again = assessJudgment(input({ rules, annotator: paused, gold: "dog", value: "cat" }));
    expect(again.action).toBeUndefined();
    expect(again.annotator).toMatchObject({ status: "paused", statusReason: "by hand", goldAnswered: 12 });
  });

  it("without feedback on hidden controls, checks the rules only at every 5th judgment in the project", () => {
    const rules: QualityRules = { ...DEFAULT_QUALITY_RULES, minGoldAnswers: 1, minAccuracy: 0.9, action: "pause" };
    const silent = { onboarding: true, hidden: false };
    // The 2nd judgment misses a control: nothing until the 5th, whatever the 3rd to 5th were.
    let record: AnnotatorStanding = { ...fresh, judgments: 1 };
    const actions: (string | undefined)[] = [];
    for (const gold of ["dog", null, null, null, null]) {
      const assessed = assessJudgment(input({ rules, goldFeedback: silent, annotator: record, gold, value: "cat" }));
      actions.push(assessed.action?.action);
      record = assessed.annotator;
    }
    expect(actions).toEqual([undefined, undefined, undefined, "pause", undefined]);
    expect(record).toMatchObject({ judgments: 6, goldAnswered: 1, status: "paused" });

    // Told of hidden controls: right after the miss.
    const told = assessJudgment(input({ rules, annotator: { ...fresh, judgments: 1 }, gold: "dog", value: "cat" }));
    expect(told.action?.action).toBe("pause");
  });

  it("after a reversal, judges the annotator only on what came after it, keeping the whole record", () => {
    const rules: QualityRules = { ...DEFAULT_QUALITY_RULES, minGoldAnswers: 3, minAccuracy: 0.8, action: "pause" };
    const missed: AnnotatorStanding = { ...fresh, judgments: 3, goldAnswered: 3, goldCorrect: 0 };
    // Without a fresh start, a right answer after the pause was lifted pauses again (1/4).
    const unrebased = assessJudgment(input({ rules, annotator: missed, gold: "dog", value: "dog" }));
    expect(unrebased.action?.action).toBe("pause");

    const reversed: AnnotatorStanding = {
      ...missed,
      ruleBase: { judgments: 3, goldAnswered: 3, goldCorrect: 0, fastAnswers: 0 },
    };
    const right = assessJudgment(input({ rules, annotator: reversed, gold: "dog", value: "dog" }));
    expect(right.action).toBeUndefined();
    expect(right.annotator).toMatchObject({
      status: "ok",
      goldAnswered: 4,
      goldCorrect: 1,
      ruleBase: reversed.ruleBase,
    });

    // Three new misses since the reversal are enough again, and the reason counts only those.
    let record = reversed;
    let last = right;
    for (let i = 0; i < 3; i++) {
      last = assessJudgment(input({ rules, annotator: record, gold: "dog", value: "cat" }));
      record = last.annotator;
    }
    expect(last.action?.action).toBe("pause");
    expect(last.action?.reason).toContain("gold accuracy 0/3");
    expect(last.annotator.goldAnswered).toBe(6);
  });
});

describe("manualStatusAction", () => {
  it("logs setting ok as resuming and any other status as itself", () => {
    expect(manualStatusAction("ok")).toBe("resume");
    expect(manualStatusAction("flagged")).toBe("flagged");
  });
});
