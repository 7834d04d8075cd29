import type { ActivitySums } from "./activity-sums.js";
import { DAY_MS, HOUR_MS } from "./time-units.js";

export const METRIC_GRAINS = ["hour", "day"] as const;
export type MetricGrain = (typeof METRIC_GRAINS)[number];

export const METRIC_DIMENSIONS = ["project", "annotator", "vendor", "language"] as const;
export type MetricDimension = (typeof METRIC_DIMENSIONS)[number];

export function grainMs(grain: MetricGrain): number {
  return grain === "hour" ? HOUR_MS : DAY_MS;
}

/** Tasks of a scope by status, gold control tasks left out. */
export interface TaskCounts {
  open: number;
  /** Every slot leased or answered, some answers still to come. */
  full: number;
  done: number;
}

interface MetricBase {
  name: string;
  title: string;
  description: string;
  /** How it is computed, in words a reader of the console can check. */
  formula: string;
  unit: string;
  /** The ways its values may be broken down (and monitors scoped). */
  dimensions: readonly MetricDimension[];
}

/**
 * A metric of the hourly activity roll-up. `flow`s add up over time (their value over an interval
 * grows with its length), `rate`s are per hour, `ratio`s are quotients of flows (independent of
 * the interval's length).
 */
export interface ActivityMetric extends MetricBase {
  source: "activity";
  kind: "flow" | "rate" | "ratio";
  grains: readonly MetricGrain[];
  /** The value over an interval of `durationMs` with these sums; null when undefined (nothing to divide by). */
  value(sums: ActivitySums, durationMs: number): number | null;
}

/** A level of the task table at the moment it is read (no history: threshold monitors only). */
export interface TaskMetric extends MetricBase {
  source: "tasks";
  kind: "snapshot";
  value(counts: TaskCounts): number | null;
}

export type MetricDefinition = ActivityMetric | TaskMetric;

const ACTIVITY_DIMENSIONS = ["project", "annotator", "vendor"] as const;
const TASK_DIMENSIONS = ["project", "language"] as const;
const BOTH_GRAINS = METRIC_GRAINS;

/**
 * The one definition of every metric: the console, monitors, the API and exports read these.
 * Activity metrics come from `activity_hourly` (judgments, active_ms, gold_answered, gold_correct
 * per project, hour and annotator), task metrics from task counts by status; neither reads the
 * raw judgments. (Lease expiry rate is not here: no roll-up counts expired leases.)
 */
export const METRICS: readonly MetricDefinition[] = [
  {
    name: "judgments",
    title: "Judgments",
    description: "Answers submitted by annotators.",
    formula: "sum(activity_hourly.judgments)",
    unit: "judgments",
    source: "activity",
    kind: "flow",
    grains: BOTH_GRAINS,
    dimensions: ACTIVITY_DIMENSIONS,
    value: (sums) => sums.judgments,
  },
  {
    name: "throughput",
    title: "Throughput",
    description: "Judgments per hour over the period (the pace of the work).",
    formula: "sum(activity_hourly.judgments) / hours in the period",
    unit: "judgments/hour",
    source: "activity",
    kind: "rate",
    grains: BOTH_GRAINS,
    dimensions: ACTIVITY_DIMENSIONS,
    value: (sums, durationMs) => (durationMs > 0 ? (sums.judgments * HOUR_MS) / durationMs : null),
  },
  {
    name: "active_hours",
    title: "Active hours",
    description: "Time annotators spent on tasks, as measured by the labeling view.",
    formula: "sum(activity_hourly.active_ms) / 3,600,000",
    unit: "hours",
    source: "activity",
    kind: "flow",
    grains: BOTH_GRAINS,
    dimensions: ACTIVITY_DIMENSIONS,
    value: (sums) => sums.activeMs / HOUR_MS,
  },
  {
    name: "gold_accuracy",
    title: "Gold accuracy",
    description: "Share of gold (control) answers that were right; empty when no gold was answered.",
    formula: "sum(activity_hourly.gold_correct) / sum(activity_hourly.gold_answered)",
    unit: "ratio",
    source: "activity",
    kind: "ratio",
    grains: BOTH_GRAINS,
    dimensions: ACTIVITY_DIMENSIONS,
    value: (sums) => (sums.goldAnswered > 0 ? sums.goldCorrect / sums.goldAnswered : null),
  },
  {
    name: "average_handling_time",
    title: "Average handling time",
    description: "Active seconds per judgment; empty when there were no judgments.",
    formula: "sum(activity_hourly.active_ms) / sum(activity_hourly.judgments) / 1,000",
    unit: "seconds",
    source: "activity",
    kind: "ratio",
    grains: BOTH_GRAINS,
    dimensions: ACTIVITY_DIMENSIONS,
    value: (sums) => (sums.judgments > 0 ? sums.activeMs / sums.judgments / 1000 : null),
  },
  {
    name: "tasks_done",
    title: "Tasks done",
    description: "Tasks with every judgment they need (gold control tasks left out).",
    formula: "count(tasks where status = 'done')",
    unit: "tasks",
    source: "tasks",
    kind: "snapshot",
    dimensions: TASK_DIMENSIONS,
    value: (counts) => counts.done,
  },
  {
    name: "open_backlog",
    title: "Open backlog",
    description: "Tasks still waiting for judgments: open, or with every slot leased but answers to come.",
    formula: "count(tasks where status in ('open', 'full'))",
    unit: "tasks",
    source: "tasks",
    kind: "snapshot",
    dimensions: TASK_DIMENSIONS,
    value: (counts) => counts.open + counts.full,
  },
  {
    name: "completion",
    title: "Completion",
    description: "Share of the tasks that are done; empty when there are no tasks.",
    formula: "count(status = 'done') / count(status in ('open', 'full', 'done'))",
    unit: "ratio",
    source: "tasks",
    kind: "snapshot",
    dimensions: TASK_DIMENSIONS,
    value: (counts) => {
      const total = counts.open + counts.full + counts.done;
      return total > 0 ? counts.done / total : null;
    },
  },
];

export const METRIC_NAMES = METRICS.map((m) => m.name);

/** The registered metric of this name, or undefined. */
export function findMetric(name: string): MetricDefinition | undefined {
  return METRICS.find((m) => m.name === name);
}

/** A metric as the API describes it (without its functions). */
export function describeMetric(metric: MetricDefinition) {
  return {
    name: metric.name,
    title: metric.title,
    description: metric.description,
    formula: metric.formula,
    unit: metric.unit,
    source: metric.source === "activity" ? "activity_hourly" : "tasks",
    kind: metric.kind,
    grains: metric.source === "activity" ? [...metric.grains] : [],
    dimensions: [...metric.dimensions],
  };
}
