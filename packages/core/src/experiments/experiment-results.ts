import { DomainError } from "../errors.js";
import { analyzeExperiment } from "./analyze-experiment.js";
import { sequentialLiftInterval } from "./confidence-sequence.js";
import { type DecisionVerdict, describeDecision } from "./describe-decision.js";
import { type ExperimentMetric, metricHigherIsBetter, metricLabel } from "./experiment-design.js";
import { holmAdjust } from "./multiple-testing.js";
import { nonInferiority } from "./non-inferiority.js";
import type { ExperimentUnit } from "./ratio-metric.js";
import { type SampleRatioMismatch, sampleRatioMismatch } from "./sample-ratio-mismatch.js";

export interface ExperimentResultsInput {
  /** Arm names in order, the control first, and their planned shares. */
  arms: readonly { name: string; share: number }[];
  /** Units exposed per arm, in the order of `arms` (the sample-ratio check counts these). */
  exposed: readonly number[];
  primary: ExperimentMetric;
  guardrails: readonly { metric: ExperimentMetric; margin: number }[];
  /** Per metric, one row per exposed unit (numerator, denominator, optional pre-period). */
  metrics: readonly { metric: ExperimentMetric; units: readonly ExperimentUnit[] }[];
  /**
   * Metrics read for the page only, not for the decision: Holm runs over them as a family of
   * their own, so showing more of them never weakens the primary metric's p-value.
   */
  secondary?: readonly { metric: ExperimentMetric; units: readonly ExperimentUnit[] }[];
  /** Planned units (all arms): tunes the confidence sequence. */
  plannedUnits: number;
}

export interface MetricEffect {
  arm: string;
  lift: number;
  standardError: number;
  ci95: [number, number];
  /** Peeking-safe interval (asymptotic confidence sequence): valid however often the results are read. */
  sequential: [number, number];
  pValue: number;
  /** Holm-adjusted across this arm's effects in the metric's family (the decision metrics, or the secondary ones). */
  adjustedPValue: number;
  cuped: boolean;
}

export interface MetricResult {
  metric: ExperimentMetric;
  /** The primary metric, a guardrail, or a secondary metric read for the page only. */
  role: "primary" | "guardrail" | "secondary";
  higherIsBetter: boolean;
  /** Set when the metric could not be estimated yet (too few units, no denominator). */
  unavailable?: string;
  arms: { arm: string; units: number; mean: number }[];
  effects: MetricEffect[];
  /** For guardrails: the margin and whether each treatment is non-inferior (by its sequential interval). */
  guardrail?: { margin: number; nonInferior: Record<string, boolean> };
}

export interface ExperimentResults {
  srm: Pick<SampleRatioMismatch, "chiSquare" | "pValue" | "mismatch">;
  metrics: MetricResult[];
  decisions: { arm: string; verdict: DecisionVerdict; summary: string }[];
}

/**
 * Reads an experiment: the sample-ratio check on exposed units, each metric by `analyzeExperiment`
 * (delta method at the randomisation unit, CUPED when units carry a pre-period), a peeking-safe
 * interval per effect (results are read while the experiment runs), Holm across the metrics per
 * arm, non-inferiority of each guardrail on its sequential interval, and one decision per
 * treatment from `describeDecision`, which also judges on the sequential intervals.
 */
export function experimentResults(input: ExperimentResultsInput): ExperimentResults {
  const shares = input.arms.map((arm) => arm.share);
  // Before any unit is exposed there is no split to check.
  const none = input.exposed.every((count) => count === 0);
  const check = none ? undefined : sampleRatioMismatch(input.exposed, { plannedShares: shares });
  const srm = check
    ? { chiSquare: check.chiSquare, pValue: check.pValue, mismatch: check.mismatch }
    : { chiSquare: 0, pValue: 1, mismatch: false };
  const roleOf = (metric: ExperimentMetric) => (metric === input.primary ? "primary" : "guardrail");
  const metrics: MetricResult[] = input.metrics.map(({ metric, units }) =>
    readMetric(input, metric, units, roleOf(metric)),
  );
  const secondary = (input.secondary ?? []).map(({ metric, units }) => readMetric(input, metric, units, "secondary"));
  const treatments = input.arms.slice(1).map((arm) => arm.name);
  for (const family of [metrics, secondary])
    for (const arm of treatments) {
      const found = family.flatMap((m) => m.effects.filter((e) => e.arm === arm));
      const adjusted = holmAdjust(found.map((e) => e.pValue));
      found.forEach((effect, i) => {
        effect.adjustedPValue = adjusted[i]!;
      });
    }
  for (const result of metrics) {
    const guardrail = input.guardrails.find((g) => g.metric === result.metric);
    if (!guardrail || result.unavailable) continue;
    result.guardrail = {
      margin: guardrail.margin,
      nonInferior: Object.fromEntries(
        result.effects.map((effect) => [
          effect.arm,
          nonInferiority(
            { interval: effect.sequential },
            { margin: guardrail.margin, higherIsBetter: result.higherIsBetter },
          ).nonInferior,
        ]),
      ),
    };
  }
  const decisions = treatments.map((arm) => {
    const primary = metrics.find((m) => m.metric === input.primary);
    const effect = primary?.effects.find((e) => e.arm === arm);
    if (!primary || !effect) {
      return {
        arm,
        verdict: (srm.mismatch ? "check_assignment" : "keep_testing") as DecisionVerdict,
        summary: srm.mismatch
          ? `do not decide on ${arm}: units are not split as planned (sample-ratio mismatch); find the cause first`
          : `no decision on ${arm} yet: ${metricLabel(input.primary)} needs more units (${primary?.unavailable ?? "no data"})`,
      };
    }
    const guardrails = input.guardrails.flatMap((g) => {
      const lift = metrics.find((m) => m.metric === g.metric)?.effects.find((e) => e.arm === arm);
      if (!lift) return [];
      return [
        {
          metric: metricLabel(g.metric),
          estimate: { lift: lift.lift, interval: lift.sequential },
          margin: g.margin,
          higherIsBetter: metricHigherIsBetter(g.metric),
        },
      ];
    });
    const decision = describeDecision({
      treatment: arm,
      primary: {
        metric: metricLabel(input.primary),
        estimate: { lift: effect.lift, interval: effect.sequential },
        higherIsBetter: primary.higherIsBetter,
      },
      guardrails,
      srm,
    });
    return { arm, ...decision };
  });
  return { srm, metrics: [...metrics, ...secondary], decisions };
}

function readMetric(
  input: ExperimentResultsInput,
  metric: ExperimentMetric,
  units: readonly ExperimentUnit[],
  role: MetricResult["role"],
): MetricResult {
  const higherIsBetter = metricHigherIsBetter(metric);
  // Only units with a denominator say anything about a ratio; an arm without two of them is not read.
  const measured = units.filter((unit) => unit.denominator > 0);
  const order = new Map(input.arms.map((arm, i) => [arm.name, i]));
  const sorted = [...measured].sort((a, b) => order.get(a.arm)! - order.get(b.arm)!);
  const counts = input.arms.map((arm) => sorted.filter((u) => u.arm === arm.name).length);
  const empty = { metric, role, higherIsBetter, arms: [], effects: [] };
  if (counts[0]! < 2 || counts.slice(1).every((count) => count < 2))
    return { ...empty, unavailable: "needs at least 2 measured units in the control and in a treatment" };
  // Arms with fewer than two measured units are left out of this metric.
  const kept = new Set(input.arms.filter((_, i) => counts[i]! >= 2).map((arm) => arm.name));
  const rows = sorted.filter((u) => kept.has(u.arm));
  const plannedShares = input.arms.filter((arm) => kept.has(arm.name)).map((arm) => arm.share);
  try {
    const analysis = analyzeExperiment(rows, { plannedShares });
    return {
      metric,
      role,
      higherIsBetter,
      arms: analysis.arms.map((arm) => ({ arm: arm.arm, units: arm.units, mean: arm.mean })),
      effects: analysis.effects.map((effect) => ({
        arm: effect.arm,
        lift: effect.lift,
        standardError: effect.standardError,
        ci95: effect.interval,
        sequential: sequentialLiftInterval(effect, rows.length, { plannedUnits: Math.max(2, input.plannedUnits) }),
        pValue: effect.pValue,
        adjustedPValue: effect.pValue,
        cuped: effect.cuped,
      })),
    };
  } catch (error) {
    if (error instanceof DomainError) return { ...empty, unavailable: error.message };
    throw error;
  }
}
