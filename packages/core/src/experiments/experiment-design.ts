import { type ErrorDetail, invalidInput } from "../errors.js";
import { hashUniform } from "../policy/quality-policy.js";

/** What an experiment randomises: people (each annotator stays in one arm) or tasks. */
export const EXPERIMENT_UNITS = ["annotator", "task"] as const;
export type ExperimentUnitKind = (typeof EXPERIMENT_UNITS)[number];

/** Metrics an experiment can be read on, each a ratio Σ numerator / Σ denominator over units. */
export const EXPERIMENT_METRICS = [
  "gold_accuracy",
  "throughput",
  "handling_time",
  "cost_per_accepted_label",
  "earnings_per_hour",
  "agreement",
  "retention",
] as const;
export type ExperimentMetric = (typeof EXPERIMENT_METRICS)[number];

/** Whether a rise of the metric is good (accuracy, throughput) or bad (time, cost). */
export function metricHigherIsBetter(metric: ExperimentMetric): boolean {
  return metric !== "handling_time" && metric !== "cost_per_accepted_label";
}

/** The metric as people say it, for decisions: "gold accuracy". */
export function metricLabel(metric: ExperimentMetric): string {
  return metric.replaceAll("_", " ");
}

/**
 * Variants of the labeling view an arm can serve (`toolVariant`), each a switch of the view the
 * annotator gets with the lease: `standard` is the view as it is; `no_key_hints` hides the
 * shortcut key printed on each answer option (the keys still work); `option_grid` lays the answer
 * options out in two columns instead of one list.
 */
export const TOOL_VARIANTS = ["standard", "no_key_hints", "option_grid"] as const;
export type ToolVariant = (typeof TOOL_VARIANTS)[number];

/** One arm: what differs in it (nothing for the control) and its share of units and of the queue. */
export interface ExperimentArm {
  name: string;
  share: number;
  /** Serve this guideline version instead of the project's current one. */
  guidelineVersion?: number;
  /** Pay per judgment in this arm (minor units of `payCurrency`), instead of the rate card's. */
  payRateMinor?: number;
  /**
   * The currency of `payRateMinor` (ISO 4217): the currency of the project's rate cards when the
   * arm was designed. A judgment priced by a card in another currency is paid the card's rate.
   */
  payCurrency?: string;
  /**
   * Judgments per task for the tasks in this arm's share of the queue (a fixed overlap, whatever
   * the project's policy): given to the share's tasks that have no judgment yet when the
   * experiment starts or their batch is imported while it runs.
   */
  overlap?: number;
  /** The variant of the labeling view served with this arm's leases (`TOOL_VARIANTS`). */
  toolVariant?: ToolVariant;
}

/** Arms must be 2 to 8, named uniquely, with positive shares that sum to 1 (within rounding). */
export function checkArms(arms: readonly ExperimentArm[]): void {
  const details: ErrorDetail[] = [];
  if (arms.length < 2 || arms.length > 8) details.push({ path: "arms", message: "must have 2 to 8 arms" });
  const names = new Set<string>();
  arms.forEach((arm, i) => {
    if (names.has(arm.name)) details.push({ path: `arms[${i}].name`, message: `"${arm.name}" is used twice` });
    names.add(arm.name);
    if (!(arm.share > 0 && arm.share < 1)) details.push({ path: `arms[${i}].share`, message: "must be in (0, 1)" });
    if (arm.overlap !== undefined && !(Number.isInteger(arm.overlap) && arm.overlap >= 1 && arm.overlap <= 20))
      details.push({ path: `arms[${i}].overlap`, message: "must be a whole number from 1 to 20" });
    if (arm.toolVariant !== undefined && !TOOL_VARIANTS.includes(arm.toolVariant))
      details.push({ path: `arms[${i}].toolVariant`, message: `must be one of ${TOOL_VARIANTS.join(", ")}` });
  });
  const total = arms.reduce((sum, arm) => sum + arm.share, 0);
  if (details.length === 0 && Math.abs(total - 1) > 1e-6)
    details.push({ path: "arms", message: `shares must sum to 1 (they sum to ${total})` });
  if (details.length > 0) throw invalidInput("invalid experiment arms", details);
}

/** The arm (index) a uniform draw u ∈ [0, 1) falls in, by cumulative shares. */
export function armOfUniform(u: number, shares: readonly number[]): number {
  let cumulative = 0;
  for (let i = 0; i < shares.length; i++) {
    cumulative += shares[i]!;
    if (u < cumulative) return i;
  }
  return shares.length - 1;
}

/** Buckets of the task hash; see `taskArmBucket`. */
export const TASK_BUCKETS = 65_536;
/** ⌊2¹⁶/φ⌋: Fibonacci hashing spreads consecutive ids evenly over the buckets. */
export const TASK_HASH_MULTIPLIER = 40_503;

/**
 * A task's bucket in [0, 65536): (id · 40503 + salt) mod 65536 (Fibonacci hashing, Knuth 6.4).
 * Integer arithmetic only, so SQL computes the same bucket on both dialects (`queue arm` updates)
 * and consecutive ids fill the arms in their shares almost exactly.
 */
export function taskArmBucket(taskId: number, salt: number): number {
  return (taskId * TASK_HASH_MULTIPLIER + salt) % TASK_BUCKETS;
}

/** The arm (index) of a task in a task-randomised experiment, or its queue share in an annotator one. */
export function taskArm(taskId: number, salt: number, shares: readonly number[]): number {
  return armOfUniform(taskArmBucket(taskId, salt) / TASK_BUCKETS, shares);
}

/** The upper bucket bound (exclusive) of each arm but the last, for the SQL `case` of `taskArm`. */
export function armBucketBounds(shares: readonly number[]): number[] {
  const bounds: number[] = [];
  let cumulative = 0;
  for (const share of shares.slice(0, -1)) {
    cumulative += share;
    // Same comparison as armOfUniform: bucket / N < cumulative ⇔ bucket < ceil(cumulative·N).
    bounds.push(Math.ceil(cumulative * TASK_BUCKETS - 1e-9));
  }
  return bounds;
}

/** An annotator's arm when they were not in the stratified draw (joined later): a salted stable hash. */
export function annotatorArm(annotatorId: number, salt: number, shares: readonly number[]): number {
  return armOfUniform(hashUniform(salt, annotatorId), shares);
}

/** A unit's history before the experiment, for stratification. */
export interface UnitHistory {
  id: number;
  /** Judgments before the start. */
  volume: number;
  /** Gold accuracy before the start; undefined when they answered no gold. */
  accuracy?: number;
}

/**
 * The stratum of a unit: volume tercile (0 none, 1 below the median volume, 2 at or above) times
 * accuracy (0 unknown, 1 below the median, 2 at or above). Medians over the units given.
 */
export function stratify(units: readonly UnitHistory[]): Map<number, number> {
  const median = (values: number[]) => {
    if (values.length === 0) return 0;
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  const volumeMedian = median(units.filter((u) => u.volume > 0).map((u) => u.volume));
  const accuracyMedian = median(units.flatMap((u) => (u.accuracy === undefined ? [] : [u.accuracy])));
  return new Map(
    units.map((u) => {
      const volume = u.volume === 0 ? 0 : u.volume < volumeMedian ? 1 : 2;
      const accuracy = u.accuracy === undefined ? 0 : u.accuracy < accuracyMedian ? 1 : 2;
      return [u.id, volume * 3 + accuracy];
    }),
  );
}

/**
 * Stratified randomisation by a salted stable hash: within each stratum the units are ordered by
 * `hashUniform(salt, id)` and dealt to the arms so each arm's count tracks its share (largest
 * deficit first). Balances past volume and accuracy across arms far better than independent
 * draws at a few dozen annotators, and stays reproducible from the salt.
 */
export function assignArmsStratified(
  units: readonly UnitHistory[],
  shares: readonly number[],
  salt: number,
): Map<number, number> {
  const strata = stratify(units);
  const byStratum = new Map<number, number[]>();
  for (const unit of units) {
    const stratum = strata.get(unit.id)!;
    const list = byStratum.get(stratum);
    if (list) list.push(unit.id);
    else byStratum.set(stratum, [unit.id]);
  }
  const arms = new Map<number, number>();
  for (const ids of byStratum.values()) {
    ids.sort((a, b) => hashUniform(salt, a) - hashUniform(salt, b) || a - b);
    const counts = shares.map(() => 0);
    ids.forEach((id, k) => {
      // The arm furthest below its share after k + 1 units; ties go to the earlier arm in hash order.
      let best = 0;
      let bestDeficit = Number.NEGATIVE_INFINITY;
      shares.forEach((share, arm) => {
        const deficit = share * (k + 1) - counts[arm]!;
        if (deficit > bestDeficit + 1e-12) {
          bestDeficit = deficit;
          best = arm;
        }
      });
      counts[best]! += 1;
      arms.set(id, best);
    });
  }
  return arms;
}
