import { invalidInput } from "../errors.js";
import type { LiftEstimate } from "./relative-lift.js";

export interface NonInferiorityOptions {
  /** The largest relative loss accepted, as a positive fraction: 0.02 for "not worse than −2%". */
  margin: number;
  /** False for metrics where lower is better (cost, latency): then a rise is the loss. Default true. */
  higherIsBetter?: boolean;
}

export interface NonInferiority {
  nonInferior: boolean;
  /** The interval end that must clear the margin: the lower end, or the upper one when lower is better. */
  bound: number;
  margin: number;
}

/**
 * Non-inferiority guardrail: passes when the whole interval of the lift lies on the good side
 * of −margin (of +margin when lower is better), so the data rule out a loss larger than the
 * margin. With a two-sided 95% interval this is a one-sided test at 2.5%. A guardrail with too
 * few units fails: a wide interval cannot rule the loss out.
 */
export function nonInferiority(
  estimate: Pick<LiftEstimate, "interval">,
  options: NonInferiorityOptions,
): NonInferiority {
  const { margin, higherIsBetter = true } = options;
  if (!(margin >= 0 && Number.isFinite(margin))) throw invalidInput("the non-inferiority margin must be ≥ 0");
  const [lower, upper] = estimate.interval;
  return higherIsBetter
    ? { nonInferior: lower > -margin, bound: lower, margin }
    : { nonInferior: upper < margin, bound: upper, margin };
}
