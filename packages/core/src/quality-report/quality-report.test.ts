import { describe, expect, it } from "vitest";
import { type LabelSchema, labelKey } from "../label-schema.js";
import { wilsonInterval } from "../quality/wilson-interval.js";
import { RollupSums } from "../quality-rollup/rollup-cell.js";
import { type TaskQualityFacts, taskRollup } from "../quality-rollup/task-rollup.js";
import type { ReportAnnotator } from "./annotator-report.js";
import { DAY_MS } from "./gold-trend.js";
import { computeQualityReport, type QualityReportInput, qualityReportScope } from "./quality-report.js";
import type { ReportAnswer } from "./report-answer.js";

const choice: LabelSchema = {
  type: "single_choice",
  options: [
    { value: "cat", label: "Cat" },
    { value: "dog", label: "Dog" },
  ],
};
const NOW = Date.UTC(2026, 10, 20, 15, 30);

function person(annotatorId: number, goldAnswered: number, goldCorrect: number): ReportAnnotator {
  return {
    annotatorId,
    name: `A${annotatorId}`,
    vendor: null,
    languages: ["en"],
    judgments: 2,
    goldAnswered,
    goldCorrect,
    fastAnswers: 0,
    status: "ok",
    statusReason: null,
  };
}

function answer(taskId: number, annotatorId: number, value: ReportAnswer["value"], extra: Partial<ReportAnswer> = {}) {
  return { taskId, annotatorId, value, guidelineVersion: 1, language: "", gold: null, aggregate: null, ...extra };
}

/** The roll-ups of these judgments: each task's facts (from its answers) through `taskRollup`. */
export function rollupsOf(schema: LabelSchema, answers: readonly ReportAnswer[]) {
  const tasks = new Map<number, TaskQualityFacts>();
  for (const a of answers) {
    const task = tasks.get(a.taskId) ?? {
      language: a.language,
      gold: a.gold,
      aggregate: a.aggregate,
      method: "online-ds",
      confidence: null,
      judgments: [],
    };
    task.judgments = [
      ...task.judgments,
      {
        annotatorId: a.annotatorId,
        value: a.value,
        guidelineVersion: a.guidelineVersion,
        goldCorrect: a.gold === null ? null : labelKey(a.gold) === labelKey(a.value),
      },
    ];
    tasks.set(a.taskId, task);
  }
  const sums = new RollupSums();
  for (const task of tasks.values()) taskRollup(schema, task, sums);
  return sums.nonZero();
}

const ANSWERS = [
  answer(1, 1, "dog", { gold: "dog", aggregate: "dog", language: "en" }),
  answer(1, 2, "cat", { gold: "dog", aggregate: "dog", language: "en" }),
  answer(2, 1, "cat", { aggregate: "cat", guidelineVersion: 2 }),
  answer(2, 2, "cat", { aggregate: "cat", guidelineVersion: 2 }),
];

/** Task 1 is gold "dog" (annotator 2 says cat); task 2 has no gold and the aggregate cat. */
function input(overrides: Partial<QualityReportInput> & { answers?: ReportAnswer[] } = {}): QualityReportInput {
  const { answers = ANSWERS, ...rest } = overrides;
  const project = rest.project ?? { schema: choice, overlapPolicy: { mode: "fixed" as const } };
  return {
    project,
    rollups: rollupsOf(project.schema, answers),
    annotators: [person(1, 1, 1), person(2, 1, 0)],
    activity: [],
    taskGroups: [],
    now: NOW,
    days: 14,
    ...rest,
  };
}

describe("computeQualityReport", () => {
  it("counts the confusion against gold when any judged task has gold, truth in rows", () => {
    const report = computeQualityReport(input());
    expect(report.classes).toEqual(["cat", "dog"]);
    expect(report.confusion).toEqual({
      against: "gold",
      matrix: [
        [0, 0],
        [1, 1],
      ],
    });
    const noGold = computeQualityReport(input({ answers: ANSWERS.map((a) => ({ ...a, gold: null })) }));
    expect(noGold.confusion).toEqual({
      against: "aggregate",
      matrix: [
        [2, 0],
        [1, 1],
      ],
    });
  });

  it("groups agreement by language and guideline version, sorted, over classed answers", () => {
    const { agreement } = computeQualityReport(input());
    expect(agreement.overall).toMatchObject({ group: "all", judgments: 4, tasks: 2, percentAgreement: 0.5 });
    expect(agreement.byLanguage.map((g) => [g.group, g.judgments, g.percentAgreement])).toEqual([
      ["any", 2, 1],
      ["en", 2, 0],
    ]);
    expect(agreement.byGuidelineVersion.map((g) => g.group)).toEqual(["v1", "v2"]);
    expect(agreement.byLabel).toEqual([]);
  });

  it("gives each annotator gold accuracy and agreement with the aggregate, with Wilson intervals", () => {
    const report = computeQualityReport(input());
    const [first, second] = report.annotators;
    expect(first).toMatchObject({ id: 1, name: "A1", languages: ["en"] });
    expect(first!.agreementWithAggregate).toMatchObject({ estimate: 1, n: 2 });
    expect(second!.agreementWithAggregate).toMatchObject({ estimate: 0.5, n: 2 });
    const wilson = wilsonInterval(0, 1, 0.95);
    expect(second!.goldAccuracy).toEqual({ estimate: 0, low: wilson.lower, high: wilson.upper, n: 1 });
    expect(report.goldAccuracy).toMatchObject({ estimate: 0.5, n: 2 });
    expect(report.labelDistribution).toEqual([
      { label: "cat", judgments: 3 },
      { label: "dog", judgments: 1 },
    ]);
    expect(report.judgments).toBe(4);
  });

  it("gives one trend point per day, empty days included, from the activity roll-up", () => {
    const today = Math.floor(NOW / DAY_MS) * DAY_MS;
    const activity = [
      { hour: today - DAY_MS + 3_600_000, judgments: 5, goldAnswered: 4, goldCorrect: 3 },
      { hour: today - DAY_MS + 7_200_000, judgments: 1, goldAnswered: 0, goldCorrect: 0 },
      { hour: today, judgments: 2, goldAnswered: 0, goldCorrect: 0 },
    ];
    const { trend } = computeQualityReport(input({ activity, days: 3 }));
    expect(trend.map((d) => [d.day, d.judgments, d.goldAccuracy.n])).toEqual([
      ["2026-11-18", 0, 0],
      ["2026-11-19", 6, 4],
      ["2026-11-20", 2, 0],
    ]);
    expect(trend[1]!.goldAccuracy.estimate).toBe(0.75);
    expect(trend[0]!.goldAccuracy.estimate).toBeNull();
    expect(qualityReportScope({ overlapPolicy: { mode: "fixed" } }, NOW, 3).since).toBe(today - 2 * DAY_MS);
  });

  it("counts done tasks as settled, other non-gold ones as uncertain, and confidence at the policy's target", () => {
    const taskGroups = [
      { status: "done", tasks: 3, confident: 2 },
      { status: "open", tasks: 1, confident: 0 },
      { status: "gold", tasks: 2, confident: 1 },
    ];
    expect(computeQualityReport(input({ taskGroups })).tasks).toEqual({
      settled: 3,
      uncertain: 1,
      confidentAtTarget: 3,
      target: 0.9,
    });
    const dynamic = { schema: choice, overlapPolicy: { mode: "dynamic" as const, min: 2, max: 5, target: 0.8 } };
    expect(computeQualityReport(input({ project: dynamic })).tasks.target).toBe(0.8);
  });

  it("treats multi-label answer sets as classes, agrees per option, and has no confusion matrix", () => {
    const schema: LabelSchema = {
      type: "multi_label",
      options: [
        { value: "spam", label: "Spam" },
        { value: "hate", label: "Hate" },
      ],
      minSelected: 0,
      maxSelected: 2,
    };
    const report = computeQualityReport(
      input({
        project: { schema, overlapPolicy: { mode: "fixed" } },
        answers: [answer(1, 1, ["spam"]), answer(1, 2, ["spam", "hate"]), answer(2, 1, []), answer(2, 2, [])],
      }),
    );
    expect(report.classes).toEqual(['["spam","hate"]', '["spam"]', "[]"]);
    expect(report.confusion.matrix).toEqual([]);
    expect(report.agreement.byLabel.map((g) => [g.group, g.percentAgreement])).toEqual([
      ["spam", 1],
      ["hate", 0.5],
    ]);
    // The classes are answer sets, not options, so options are ordered by count.
    expect(report.labelDistribution).toEqual([
      { label: "spam", judgments: 2 },
      { label: "(none)", judgments: 2 },
      { label: "hate", judgments: 1 },
    ]);
  });

  it("has no classes, agreement or labels for free text", () => {
    const schema: LabelSchema = { type: "free_text", minLength: 1, maxLength: 50 };
    const report = computeQualityReport(
      input({ project: { schema, overlapPolicy: { mode: "fixed" } }, answers: [answer(1, 1, "a"), answer(1, 2, "b")] }),
    );
    expect(report.classes).toEqual([]);
    expect(report.agreement.overall).toBeNull();
    expect(report.labelDistribution).toEqual([]);
  });
});
