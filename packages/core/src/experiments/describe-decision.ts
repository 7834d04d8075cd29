import { nonInferiority } from "./non-inferiority.js";
import type { LiftEstimate } from "./relative-lift.js";
import type { SampleRatioMismatch } from "./sample-ratio-mismatch.js";

export interface MetricLift {
  /** The metric's name as people say it: "gold accuracy". */
  metric: string;
  estimate: Pick<LiftEstimate, "lift" | "interval">;
  /** False for metrics where lower is better (cost, latency). Default true. */
  higherIsBetter?: boolean;
}

export interface GuardrailLift extends MetricLift {
  /** The largest relative loss accepted: 0.02 for "not worse than −2%". */
  margin: number;
}

export interface DecisionInput {
  /** The treatment arm's name: "B". */
  treatment: string;
  primary: MetricLift;
  guardrails?: readonly GuardrailLift[];
  srm?: Pick<SampleRatioMismatch, "mismatch" | "pValue">;
}

export type DecisionVerdict = "ship" | "do_not_ship" | "keep_testing" | "check_assignment";

export interface ExperimentDecision {
  verdict: DecisionVerdict;
  /** One sentence for people: "ship B: +4.1% gold accuracy [1.2%, 7.0%], throughput not worse than −2%". */
  summary: string;
}

const MINUS = "\u2212";

/** A relative change as a percentage with one decimal: "+4.1%", "−2.0%"; `signed` adds the plus sign. */
export function formatPercent(value: number, signed = false): string {
  const text = `${Math.abs(value * 100).toFixed(1)}%`;
  if (text === "0.0%") return text;
  return value < 0 ? `${MINUS}${text}` : signed ? `+${text}` : text;
}

/** A p-value for people: two significant digits, in scientific notation below 0.001 ("8.8e-5"). */
export function formatPValue(p: number): string {
  if (p === 0) return "0";
  return p < 0.001 ? p.toExponential(1) : p.toPrecision(2);
}

function describeInterval([lower, upper]: readonly [number, number]): string {
  return `[${formatPercent(lower)}, ${formatPercent(upper)}]`;
}

function describeLift({ metric, estimate }: MetricLift): string {
  return `${formatPercent(estimate.lift, true)} ${metric} ${describeInterval(estimate.interval)}`;
}

function describeMargin(guardrail: GuardrailLift): string {
  return `${guardrail.higherIsBetter === false ? "+" : MINUS}${formatPercent(guardrail.margin)}`;
}

/**
 * Turns an experiment's results into a decision and one plain sentence. In order: a
 * sample-ratio mismatch voids everything; the primary metric must improve (its whole interval
 * on the good side of 0) and every guardrail must be non-inferior (its interval clear of its
 * margin) to ship; a primary metric that clearly got worse, or a guardrail that cannot be
 * cleared, means do not ship; otherwise the test has not decided yet. Intervals are taken as
 * given: pass sequential intervals when the results are read before the planned end.
 */
export function describeDecision(input: DecisionInput): ExperimentDecision {
  const { treatment, primary, guardrails = [], srm } = input;
  if (srm?.mismatch) {
    return {
      verdict: "check_assignment",
      summary: `do not decide on ${treatment}: units are not split as planned (sample-ratio mismatch, p = ${formatPValue(srm.pValue)}); find the cause first`,
    };
  }
  const sign = primary.higherIsBetter === false ? -1 : 1;
  const [lower, upper] = primary.estimate.interval;
  const improved = sign > 0 ? lower > 0 : upper < 0;
  const worsened = sign > 0 ? upper < 0 : lower > 0;
  if (worsened) return { verdict: "do_not_ship", summary: `do not ship ${treatment}: ${describeLift(primary)}` };
  if (!improved) {
    return {
      verdict: "keep_testing",
      summary: `no decision on ${treatment} yet: ${describeLift(primary)} still includes no change`,
    };
  }
  const failing = guardrails.filter(
    (guardrail) =>
      !nonInferiority(guardrail.estimate, {
        margin: guardrail.margin,
        higherIsBetter: guardrail.higherIsBetter !== false,
      }).nonInferior,
  );
  if (failing.length > 0) {
    const reasons = failing.map(
      (guardrail) =>
        `${guardrail.metric} may be worse than ${describeMargin(guardrail)} (${formatPercent(guardrail.estimate.lift, true)} ${describeInterval(guardrail.estimate.interval)})`,
    );
    return {
      verdict: "do_not_ship",
      summary: `do not ship ${treatment} yet: ${describeLift(primary)}, but ${reasons.join(" and ")}`,
    };
  }
  const clauses = [describeLift(primary), ...guardrails.map((g) => `${g.metric} not worse than ${describeMargin(g)}`)];
  return { verdict: "ship", summary: `ship ${treatment}: ${clauses.join(", ")}` };
}
