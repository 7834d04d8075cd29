import { DEFAULT_FORECAST_Z, type MonitorCondition } from "./monitor-definition.js";

export interface ConditionOutcome {
  /** `no_data`: the value or the baseline is missing, so nothing can be said (an open alert stays open). */
  status: "breached" | "ok" | "no_data";
  value: number | null;
  /** The baseline mean (change, forecast), or the threshold. */
  expected: number | null;
  /** The interval the value should lie in (forecast) or the bound it must not cross (threshold, change). */
  lower: number | null;
  upper: number | null;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Sample standard deviation (n − 1). */
function standardDeviation(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * Evaluates a monitor's condition on the current value and the baseline values (null = no data
 * in that window). The forecast interval is mean ± z·sd of the baseline, which assumes the values
 * are roughly stationary and normal (no daily cycle); with a constant baseline the interval has
 * zero width, so any change breaches it. A forecasting model can replace the interval later.
 */
export function evaluateCondition(
  condition: MonitorCondition,
  value: number | null,
  baseline: readonly (number | null)[],
): ConditionOutcome {
  const none: ConditionOutcome = { status: "no_data", value, expected: null, lower: null, upper: null };
  if (value === null) return none;
  if (condition.type === "threshold") {
    const breached = condition.operator === "below" ? value < condition.value : value > condition.value;
    return {
      status: breached ? "breached" : "ok",
      value,
      expected: condition.value,
      lower: condition.operator === "below" ? condition.value : null,
      upper: condition.operator === "above" ? condition.value : null,
    };
  }
  const known = baseline.filter((v): v is number => v !== null);
  if (condition.type === "change") {
    if (known.length === 0) return none;
    const expected = mean(known);
    if (expected === 0) return { ...none, expected };
    const share = condition.percent / 100;
    const lower = condition.direction === "drop" ? expected - Math.abs(expected) * share : null;
    const upper = condition.direction === "rise" ? expected + Math.abs(expected) * share : null;
    const breached = lower !== null ? value <= lower : upper !== null && value >= upper;
    return { status: breached ? "breached" : "ok", value, expected, lower, upper };
  }
  if (known.length < 3) return none;
  const expected = mean(known);
  const spread = (condition.z ?? DEFAULT_FORECAST_Z) * standardDeviation(known);
  const lower = expected - spread;
  const upper = expected + spread;
  return { status: value < lower || value > upper ? "breached" : "ok", value, expected, lower, upper };
}

/** What to do with a monitor's alert after an evaluation: at most one alert is open per monitor. */
export function alertTransition(status: ConditionOutcome["status"], alertOpen: boolean): "raise" | "resolve" | "none" {
  if (status === "breached" && !alertOpen) return "raise";
  if (status === "ok" && alertOpen) return "resolve";
  return "none";
}

/** One sentence for the inbox, e-mail and webhook: what was measured against what. */
export function describeOutcome(
  metric: { title: string; unit: string },
  condition: MonitorCondition,
  outcome: ConditionOutcome,
): string {
  const show = (n: number | null) => (n === null ? "n/a" : Number.isInteger(n) ? String(n) : n.toPrecision(4));
  const measured = `${metric.title} ${show(outcome.value)} ${metric.unit}`;
  if (condition.type === "threshold")
    return `${measured} is ${condition.operator} the threshold ${show(condition.value)}`;
  if (condition.type === "change") {
    const change =
      outcome.value !== null && outcome.expected ? ((outcome.value - outcome.expected) / outcome.expected) * 100 : 0;
    return `${measured} is ${change >= 0 ? "up" : "down"} ${Math.abs(change).toFixed(0)}% against the baseline ${show(outcome.expected)} (alert at a ${condition.direction} of ${condition.percent}%)`;
  }
  return `${measured} is outside the expected interval ${show(outcome.lower)} to ${show(outcome.upper)} (baseline mean ${show(outcome.expected)})`;
}
