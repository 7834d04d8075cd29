import { describe, expect, it } from "vitest";
import { analyzeExperiment } from "./analyze-experiment.js";
import { armBucketBounds, assignArmsStratified, taskArm, taskArmBucket } from "./experiment-design.js";
import { experimentResults } from "./experiment-results.js";
import type { ExperimentUnit } from "./ratio-metric.js";

const arms = [
  { name: "control", share: 0.5 },
  { name: "v2", share: 0.5 },
];

function units(): ExperimentUnit[] {
  return Array.from({ length: 40 }, (_, i) => ({
    unit: `u${i}`,
    arm: i % 2 === 0 ? "control" : "v2",
    numerator: (i % 2 === 0 ? 14 : 18) + (i % 5),
    denominator: 20 + (i % 3),
  }));
}

describe("experimentResults", () => {
  it("gives core's analysis per metric, a peeking-safe interval around it and a decision", () => {
    const results = experimentResults({
      arms,
      exposed: [20, 20],
      primary: "gold_accuracy",
      guardrails: [],
      metrics: [{ metric: "gold_accuracy", units: units() }],
      plannedUnits: 40,
    });
    const analysis = analyzeExperiment(units(), { plannedShares: [0.5, 0.5] });
    const effect = results.metrics[0]!.effects[0]!;
    expect(effect.lift).toBe(analysis.effects[0]!.lift);
    expect(effect.ci95).toEqual(analysis.effects[0]!.interval);
    expect(effect.sequential[0]).toBeLessThan(effect.ci95[0]);
    expect(effect.sequential[1]).toBeGreaterThan(effect.ci95[1]);
    expect(results.decisions[0]!.verdict).toBe("ship");
    expect(results.srm.mismatch).toBe(false);
  });

  it("refuses to decide on a sample-ratio mismatch, and reads an experiment nobody has seen yet", () => {
    const skewed = experimentResults({
      arms,
      exposed: [100, 200],
      primary: "gold_accuracy",
      guardrails: [],
      metrics: [{ metric: "gold_accuracy", units: units() }],
      plannedUnits: 40,
    });
    expect(skewed.srm.mismatch).toBe(true);
    expect(skewed.decisions[0]!.verdict).toBe("check_assignment");
    const empty = experimentResults({
      arms,
      exposed: [0, 0],
      primary: "gold_accuracy",
      guardrails: [],
      metrics: [{ metric: "gold_accuracy", units: [] }],
      plannedUnits: 40,
    });
    expect(empty.decisions[0]!.verdict).toBe("keep_testing");
    expect(empty.metrics[0]!.unavailable).toBeDefined();
  });

  it("reads secondary metrics for the page in a Holm family of their own, outside the decision", () => {
    const decision = experimentResults({
      arms,
      exposed: [20, 20],
      primary: "gold_accuracy",
      guardrails: [],
      metrics: [{ metric: "gold_accuracy", units: units() }],
      plannedUnits: 40,
    });
    const shown = experimentResults({
      arms,
      exposed: [20, 20],
      primary: "gold_accuracy",
      guardrails: [],
      metrics: [{ metric: "gold_accuracy", units: units() }],
      secondary: [
        { metric: "agreement", units: units() },
        { metric: "retention", units: units() },
      ],
      plannedUnits: 40,
    });
    expect(shown.metrics.map((m) => [m.metric, m.role])).toEqual([
      ["gold_accuracy", "primary"],
      ["agreement", "secondary"],
      ["retention", "secondary"],
    ]);
    // The primary metric's adjusted p-value and the decision are as without the secondary metrics.
    expect(shown.metrics[0]!.effects[0]!.adjustedPValue).toBe(decision.metrics[0]!.effects[0]!.adjustedPValue);
    expect(shown.decisions).toEqual(decision.decisions);
    // Two equal p-values in the secondary family: Holm doubles the smaller (capped at 1).
    const p = shown.metrics[1]!.effects[0]!.pValue;
    expect(shown.metrics[1]!.effects[0]!.adjustedPValue).toBeCloseTo(Math.min(1, 2 * p), 12);
  });
});

describe("experiment design", () => {
  it("splits task ids into the arms' shares, with SQL-friendly bucket bounds", () => {
    const shares = [0.2, 0.3, 0.5];
    const counts = [0, 0, 0];
    for (let id = 1; id <= 10_000; id++) counts[taskArm(id, 777, shares)]! += 1;
    expect(counts.map((c) => Math.round(c / 100))).toEqual([20, 30, 50]);
    const bounds = armBucketBounds(shares);
    for (let id = 1; id <= 500; id++) {
      const bucket = taskArmBucket(id, 777);
      const viaBounds = bounds.findIndex((bound) => bucket < bound);
      expect(viaBounds === -1 ? 2 : viaBounds).toBe(taskArm(id, 777, shares));
    }
  });

  it("balances each stratum of past volume and accuracy across the arms", () => {
    const history = Array.from({ length: 60 }, (_, i) => ({
      id: i + 1,
      volume: i % 3 === 0 ? 0 : 10 + i,
      accuracy: (i % 7) / 7,
    }));
    const assigned = assignArmsStratified(history, [0.5, 0.5], 42);
    const inArm = [...assigned.values()].filter((arm) => arm === 0).length;
    expect(Math.abs(inArm - 30)).toBeLessThanOrEqual(4);
    expect(assignArmsStratified(history, [0.5, 0.5], 42)).toEqual(assigned);
  });
});
