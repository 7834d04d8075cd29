import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type LabelSchema, labelKey } from "../label-schema.js";
import { annotatorPairKappas, encodeAnswers } from "../quality/index.js";
import { agreementReport } from "../quality-report/agreement-report.js";
import { confusionReport } from "../quality-report/confusion-report.js";
import { labelDistribution } from "../quality-report/label-distribution.js";
import type { KeyedAnswer } from "../quality-report/report-answer.js";
import { CALIBRATION_BINS, RollupSums } from "./rollup-cell.js";
import {
  agreementFromRollups,
  confusionFromRollups,
  kappaFromRollups,
  labelDistributionFromRollups,
  languagesFromRollups,
  reliabilityFromRollups,
  rollupTable,
} from "./rollup-report.js";
import { judgmentRollupDelta, type TaskQualityFacts, taskRollup, taskRollupDelta } from "./task-rollup.js";

const CLASSES = ["a", "b", "c"];
const schema: LabelSchema = { type: "single_choice", options: CLASSES.map((value) => ({ value, label: value })) };

/** One event: annotator `annotator` answers task `task`; the task's belief becomes aggregate/confidence. */
const event = fc.record({
  task: fc.nat(7),
  annotator: fc.integer({ min: 1, max: 6 }),
  label: fc.constantFrom(...CLASSES),
  version: fc.integer({ min: 1, max: 2 }),
  aggregate: fc.constantFrom(...CLASSES),
  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
});
const taskSetup = fc.record({
  language: fc.constantFrom("", "en", "de"),
  gold: fc.option(fc.constantFrom(...CLASSES), { nil: null }),
});

/** Plays the events on the tasks: their facts at the end, and the roll-ups moved by each event's delta. */
function simulate(setups: { language: string; gold: string | null }[], events: EventValue[]) {
  const tasks: TaskQualityFacts[] = setups.map((s) => ({
    language: s.language,
    gold: s.gold,
    aggregate: null,
    method: null,
    confidence: null,
    judgments: [],
  }));
  const incremental = new RollupSums();
  const byTask = new RollupSums();
  for (const e of events) {
    const before = tasks[e.task % tasks.length]!;
    if (before.judgments.some((j) => j.annotatorId === e.annotator)) continue;
    const after: TaskQualityFacts = {
      ...before,
      aggregate: e.aggregate,
      method: "online-ds",
      confidence: e.confidence,
      judgments: [
        ...before.judgments,
        {
          annotatorId: e.annotator,
          value: e.label,
          guidelineVersion: e.version,
          goldCorrect: before.gold === null ? null : before.gold === e.label,
        },
      ],
    };
    tasks[e.task % tasks.length] = after;
    incremental.merge(judgmentRollupDelta(schema, before, after, after.judgments[after.judgments.length - 1]!));
    byTask.merge(taskRollupDelta(schema, before, after));
  }
  const full = new RollupSums();
  for (const task of tasks) taskRollup(schema, task, full);
  return { tasks, incremental, byTask, full };
}

function keyed(tasks: TaskQualityFacts[]): KeyedAnswer[] {
  return tasks.flatMap((task, t) =>
    task.judgments.map((j) => ({
      task: String(t),
      worker: String(j.annotatorId),
      label: labelKey(j.value),
      value: j.value,
      language: task.language || "any",
      version: `v${j.guidelineVersion}`,
      gold: task.gold === null ? null : labelKey(task.gold),
      aggregate: task.aggregate === null ? null : labelKey(task.aggregate),
    })),
  );
}

type EventValue = {
  task: number;
  annotator: number;
  label: string;
  version: number;
  aggregate: string;
  confidence: number;
};

function expectSameSums(actualSums: RollupSums, expectedSums: RollupSums) {
  const expected = new Map(expectedSums.nonZero().map((c) => [`${c.kind} ${c.key}`, c.values]));
  const actual = new Map(actualSums.nonZero().map((c) => [`${c.kind} ${c.key}`, c.values]));
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, values] of expected)
    for (const [i, v] of values.entries()) expect(actual.get(key)![i]).toBeCloseTo(v, 9);
}

const cases = fc.tuple(fc.array(taskSetup, { minLength: 1, maxLength: 8 }), fc.array(event, { maxLength: 60 }));

describe("quality roll-ups", () => {
  it("moved event by event equal the sum over the tasks at the end", () => {
    fc.assert(
      fc.property(cases, ([setups, events]) => {
        const { incremental, byTask, full } = simulate(setups, events);
        expectSameSums(incremental, full);
        expectSameSums(byTask, full);
      }),
    );
  });

  it("give the same agreement, confusion, labels, pair kappas, gold accuracy and ECE as the judgments", () => {
    fc.assert(
      fc.property(cases, ([setups, events]) => {
        const { tasks, full } = simulate(setups, events);
        const table = rollupTable(full.nonZero());
        const answers = keyed(tasks);
        expect(agreementFromRollups(schema, table, CLASSES)).toEqual(agreementReport(schema, answers, CLASSES));
        expect(confusionFromRollups(table, CLASSES)).toEqual(confusionReport(answers, CLASSES));
        expect(labelDistributionFromRollups(schema, table, CLASSES)).toEqual(
          labelDistribution(
            schema,
            answers.map((a) => a.value),
            CLASSES,
          ),
        );

        const encoded = encodeAnswers(answers, CLASSES);
        // Core pairs workers by index of first appearance; the roll-ups by id (kappa is symmetric).
        const ids = (p: { first: number; second: number }) =>
          [Number(encoded.workerIds[p.first]), Number(encoded.workerIds[p.second])].sort((x, y) => x - y);
        const direct = annotatorPairKappas(encoded, { minCommonItems: 1 }).map((p) => ({
          first: ids(p)[0]!,
          second: ids(p)[1]!,
          items: p.items,
          kappa: Number.isFinite(p.kappa) ? Math.round(p.kappa * 10_000) / 10_000 : null,
        }));
        const fromRollups = kappaFromRollups(table, CLASSES).pairs.map(({ agreement: _, ...p }) => p);
        const order = (a: { first: number; second: number }, b: { first: number; second: number }) =>
          a.first - b.first || a.second - b.second;
        expect(fromRollups.sort(order)).toEqual(direct.sort(order));

        for (const row of languagesFromRollups(table)) {
          const gold = tasks.filter((t) => t.language === row.language && t.gold !== null);
          const answered = gold.flatMap((t) => t.judgments);
          expect(row.goldAccuracy.n).toBe(answered.length);
          expect(row.judgments).toBe(
            tasks.filter((t) => t.language === row.language).flatMap((t) => t.judgments).length,
          );
          const calibrated = gold.filter((t) => t.confidence !== null);
          expect(row.calibration.tasks).toBe(calibrated.length);
          if (calibrated.length > 0) {
            const bins = Array.from({ length: CALIBRATION_BINS }, () => ({ n: 0, c: 0, ok: 0 }));
            for (const t of calibrated) {
              const b = bins[Math.min(CALIBRATION_BINS - 1, Math.floor(t.confidence! * CALIBRATION_BINS))]!;
              b.n++;
              b.c += t.confidence!;
              if (t.aggregate === t.gold) b.ok++;
            }
            const ece = bins.reduce((sum, b) => sum + Math.abs(b.ok - b.c), 0) / calibrated.length;
            expect(row.calibration.ece).toBeCloseTo(ece, 3);
          }
        }
        expect(reliabilityFromRollups(table).tasks).toBe(
          tasks.filter((t) => t.gold !== null && t.confidence !== null).length,
        );
      }),
    );
  });
});
