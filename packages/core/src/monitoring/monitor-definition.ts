import { type ErrorDetail, invalidInput } from "../errors.js";
import { findMetric, METRIC_NAMES, type MetricDefinition } from "./metric-registry.js";

export const MONITOR_SCHEDULES = ["realtime", "daily"] as const;
/** `realtime`: every evaluation (default every 30 s) on a trailing window; `daily`: once a day on the last UTC day. */
export type MonitorSchedule = (typeof MONITOR_SCHEDULES)[number];

/**
 * What makes a monitor fire:
 * - `threshold`: the value is below or above a fixed number;
 * - `change`: the value dropped or rose by at least `percent` against the mean of the baseline
 *   (the `baselinePeriods` windows of the same length just before the current one);
 * - `forecast`: the value lies outside the interval mean ± z·sd of the baseline.
 */
export type MonitorCondition =
  | { type: "threshold"; operator: "below" | "above"; value: number }
  | { type: "change"; direction: "drop" | "rise"; percent: number; baselinePeriods?: number | undefined }
  | { type: "forecast"; z?: number | undefined; baselinePeriods?: number | undefined };

/** Where a monitor looks; null = everywhere. `vendor` narrows activity metrics, `language` task metrics. */
export interface MonitorScope {
  projectId: number | null;
  vendor: string | null;
  language: string | null;
}

export interface MonitorDefinition {
  metric: string;
  scope: MonitorScope;
  schedule: MonitorSchedule;
  /** Realtime only: the trailing window the value is measured on. */
  windowMinutes: number;
  condition: MonitorCondition;
}

export const DEFAULT_BASELINE_PERIODS = 12;
export const DEFAULT_FORECAST_Z = 3;
export const MAX_BASELINE_PERIODS = 60;
export const MAX_WINDOW_MINUTES = 24 * 60;

/**
 * Checks what a schema cannot: the metric is registered, the scope fits its dimensions, and the
 * condition fits its kind (a task snapshot has no history, so only thresholds apply). Returns the
 * metric; throws `invalid_input` naming each bad field.
 */
export function checkMonitorDefinition(definition: MonitorDefinition): MetricDefinition {
  const metric = findMetric(definition.metric);
  if (!metric)
    throw invalidInput(`Unknown metric ${definition.metric}`, [
      { path: "metric", message: `must be one of ${METRIC_NAMES.join(", ")}` },
    ]);
  const errors: ErrorDetail[] = [];
  const { scope, condition } = definition;
  if (scope.vendor !== null && !metric.dimensions.includes("vendor"))
    errors.push({ path: "vendor", message: `${metric.name} cannot be narrowed to a vendor` });
  if (scope.language !== null && !metric.dimensions.includes("language"))
    errors.push({ path: "language", message: `${metric.name} cannot be narrowed to a language` });
  if (metric.source === "tasks" && condition.type !== "threshold")
    errors.push({
      path: "condition.type",
      message: `${metric.name} is a snapshot without history: only threshold conditions apply`,
    });
  if (!(Number.isInteger(definition.windowMinutes) && definition.windowMinutes >= 1))
    errors.push({ path: "windowMinutes", message: "must be a whole number of minutes, at least 1" });
  else if (definition.windowMinutes > MAX_WINDOW_MINUTES)
    errors.push({ path: "windowMinutes", message: `must be at most ${MAX_WINDOW_MINUTES}` });
  if (condition.type === "threshold" && !Number.isFinite(condition.value))
    errors.push({ path: "condition.value", message: "must be a number" });
  if (condition.type === "change" && !(Number.isFinite(condition.percent) && condition.percent > 0))
    errors.push({ path: "condition.percent", message: "must be a positive percentage" });
  if (condition.type === "forecast" && condition.z !== undefined && !(condition.z > 0))
    errors.push({ path: "condition.z", message: "must be positive" });
  if (condition.type !== "threshold" && condition.baselinePeriods !== undefined) {
    const minimum = condition.type === "forecast" ? 3 : 1;
    const n = condition.baselinePeriods;
    if (!(Number.isInteger(n) && n >= minimum && n <= MAX_BASELINE_PERIODS))
      errors.push({
        path: "condition.baselinePeriods",
        message: `must be a whole number from ${minimum} to ${MAX_BASELINE_PERIODS}`,
      });
  }
  if (errors.length > 0) throw invalidInput("The monitor is not valid", errors);
  return metric;
}

/** How many baseline windows a condition compares with (0 for thresholds). */
export function baselinePeriods(condition: MonitorCondition): number {
  if (condition.type === "threshold") return 0;
  return condition.baselinePeriods ?? DEFAULT_BASELINE_PERIODS;
}
