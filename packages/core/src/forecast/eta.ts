import { invalidInput } from "../errors.js";
import { normalQuantile } from "../quality/normal-quantile.js";
import { SumTail } from "./sum-tail.js";

/** The percentiles `forecastEta` reports, keyed as the CLI and API print them. */
export const ETA_LEVELS = { p50: 0.5, p70: 0.7, p85: 0.85, p95: 0.95 } as const;
export type EtaPercentile = keyof typeof ETA_LEVELS;

/** When the backlog is done, in whole days from now, at each percentile; null: never at this pace. */
export interface Eta {
  days: Record<EtaPercentile, number | null>;
}

/**
 * Probabilities within this of a level count as reaching it, so exact ties (0.5 with a two-day
 * history) are not lost to rounding.
 */
const TIE = 1e-9;
/** Coarse lattices are sized so that a window holds at most this many points. */
const MAX_WINDOW = 1 << 15;
/** Past this many days the answer is "never" in all but name; refuse instead of computing. */
const MAX_DAYS = 1e9;

/** Checks a daily throughput history: a non-empty list of whole, non-negative numbers. */
export function checkThroughputHistory(history: readonly number[], field = "history"): void {
  if (history.length === 0)
    throw invalidInput(`${field}: needs at least one day`, [{ path: field, message: "is empty" }]);
  history.forEach((value, i) => {
    if (!(Number.isInteger(value) && value >= 0))
      throw invalidInput(`${field}[${i}]: ${value} is not a whole number of judgments ≥ 0`, [
        { path: `${field}[${i}]`, message: "must be a whole number ≥ 0" },
      ]);
  });
}

function checkBacklog(backlog: number): void {
  if (!(Number.isFinite(backlog) && backlog >= 0))
    throw invalidInput(`backlog: ${backlog} is not a number ≥ 0`, [{ path: "backlog", message: "must be ≥ 0" }]);
}

/** A backlog of expected judgments in whole judgments (rounded up, allowing for float noise). */
function wholeBacklog(backlog: number): number {
  return Math.max(0, Math.ceil(backlog - 1e-9));
}

/**
 * Answers "is the backlog done within d days with probability ≥ q?" for one history, caching the
 * transforms. Each day's completions are an independent draw, with equal weight, from the
 * history's days.
 *
 * When the judgment lattice is too fine for a window of `MAX_WINDOW` points (a big project over
 * a few weeks), each day's count is first rounded down and up to a coarser step h: the two sums
 * bound the real one from below and above, so P(done) lies between their tails, which usually
 * settles the question at a fraction of the cost. When the bounds straddle the level, h shrinks
 * (÷4) until they do not, or down to h = 1, the exact lattice. Either way the decisions, and so
 * the percentiles, are those of the exact convolution.
 */
class FinishOdds {
  private readonly values: number[];
  private readonly weights: number[];
  private readonly exact: SumTail;
  private readonly coarse = new Map<number, { low: SumTail; high: SumTail }>();
  readonly target: number;
  readonly mean: number;
  readonly deviation: number;
  readonly maxValue: number;

  constructor(history: readonly number[], backlog: number) {
    this.values = [...history];
    this.weights = history.map(() => 1 / history.length);
    this.exact = new SumTail(this.values, this.weights);
    this.target = wholeBacklog(backlog);
    this.mean = history.reduce((s, v) => s + v, 0) / history.length;
    this.deviation = Math.sqrt(history.reduce((s, v) => s + (v - this.mean) ** 2, 0) / history.length);
    this.maxValue = Math.max(...history);
  }

  /** The coarsest step (a power of two) whose window for `days` fits in `MAX_WINDOW` points. */
  private initialStep(days: number): number {
    const points = this.exact.windowSize(days);
    let step = 1;
    while (points / step > MAX_WINDOW) step *= 2;
    return step;
  }

  private bounds(days: number, step: number): { lower: number; upper: number; value: number } {
    if (step === 1) {
      const p = this.exact.probabilityAtLeast(days, this.target);
      return { lower: p.value - p.error, upper: p.value + p.error, value: p.value };
    }
    let pair = this.coarse.get(step);
    if (!pair) {
      pair = {
        low: new SumTail(
          this.values.map((v) => Math.floor(v / step)),
          this.weights,
        ),
        high: new SumTail(
          this.values.map((v) => Math.ceil(v / step)),
          this.weights,
        ),
      };
      this.coarse.set(step, pair);
    }
    // step·low ≤ sum ≤ step·high, so sum ≥ B follows from low ≥ ⌈B/step⌉ and implies high ≥ ⌈B/step⌉.
    const threshold = Math.ceil(this.target / step);
    const low = pair.low.probabilityAtLeast(days, threshold);
    const high = pair.high.probabilityAtLeast(days, threshold);
    return { lower: low.value - low.error, upper: high.value + high.error, value: (low.value + high.value) / 2 };
  }

  /** P(done within `days`) reaches `level` (see `TIE`). */
  reaches(days: number, level: number): boolean {
    if (this.target === 0) return true;
    if (days * this.maxValue < this.target) return false;
    for (let step = this.initialStep(days); ; step = Math.max(1, Math.floor(step / 4))) {
      const { lower, upper, value } = this.bounds(days, step);
      if (lower >= level - TIE) return true;
      if (upper < level - TIE) return false;
      if (step === 1) return value >= level - TIE;
    }
  }

  /** P(done within `days`), to within `tolerance`. */
  probability(days: number, tolerance: number): number {
    if (this.target === 0) return 1;
    if (days * this.maxValue < this.target) return 0;
    for (let step = this.initialStep(days); ; step = Math.max(1, Math.floor(step / 4))) {
      const { lower, upper, value } = this.bounds(days, step);
      if (step === 1 || upper - lower <= tolerance) return Math.min(1, Math.max(0, value));
    }
  }

  /** Normal approximation of the day a level is reached: d·μ − z·σ·√d = B − ½. */
  guess(level: number): number {
    const z = normalQuantile(level);
    const b = this.target - 0.5;
    const root = (z * this.deviation + Math.sqrt(z * z * this.deviation ** 2 + 4 * this.mean * b)) / (2 * this.mean);
    return Math.max(1, Math.ceil(root * root));
  }
}

/**
 * Smallest d with `odds.reaches(d, level)`, knowing it is > `below`: a gallop out from the normal
 * approximation, then bisection. P(done within d) only grows with d, so the answer is unique.
 */
function smallestDay(odds: FinishOdds, level: number, below: number): number {
  let low = below; // not reached
  let high: number | undefined; // reached
  const start = Math.max(low + 1, odds.guess(level));
  if (odds.reaches(start, level)) {
    high = start;
    for (let gap = 1; high - gap > low; gap *= 2) {
      if (!odds.reaches(high - gap, level)) {
        low = high - gap;
        break;
      }
      high -= gap;
    }
  } else {
    low = start;
    for (let gap = 1; high === undefined; gap *= 2) {
      if (low + gap > MAX_DAYS) throw invalidInput(`backlog: would take more than ${MAX_DAYS} days at this pace`);
      if (odds.reaches(low + gap, level)) high = low + gap;
      else low += gap;
    }
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (odds.reaches(middle, level)) high = middle;
    else low = middle;
  }
  return high;
}

function neverDone(): Eta {
  return { days: { p50: null, p70: null, p85: null, p95: null } };
}

/**
 * When a backlog of `backlog` expected judgments is done, as a distribution over whole days:
 * each future day's completions are drawn independently, with equal weight, from the days of
 * `history` (daily completed judgments, gold included, as whole numbers); pX is the smallest d
 * with P(done within d days) ≥ X%, computed exactly (see `SumTail`), not by sampling.
 *
 * Assumes the coming days look like the history's days, in any order: no trend, no weekly
 * pattern beyond what the history's mix holds, no change in staffing. A history without any
 * completed judgment never finishes: every percentile is null (and 0 for an empty backlog).
 * A backlog in expected judgments is rounded up to whole judgments.
 */
export function forecastEta(history: readonly number[], backlog: number): Eta {
  checkThroughputHistory(history);
  checkBacklog(backlog);
  const odds = new FinishOdds(history, backlog);
  if (odds.target === 0) return { days: { p50: 0, p70: 0, p85: 0, p95: 0 } };
  if (odds.maxValue === 0) return neverDone();
  const days = {} as Record<EtaPercentile, number>;
  // Levels in increasing order: each answer is a floor for the next.
  let below = Math.ceil(odds.target / odds.maxValue) - 1;
  for (const key of Object.keys(ETA_LEVELS) as EtaPercentile[]) {
    days[key] = smallestDay(odds, ETA_LEVELS[key], below);
    below = days[key] - 1;
  }
  return { days };
}

/**
 * The smallest whole number of days d with P(done within d days) ≥ `level`, under the model of
 * `forecastEta`; null when the history has no completed judgment (never).
 */
export function finishDayQuantile(history: readonly number[], backlog: number, level: number): number | null {
  checkThroughputHistory(history);
  checkBacklog(backlog);
  if (!(level > 0 && level < 1)) throw invalidInput(`level: ${level} must be between 0 and 1`);
  const odds = new FinishOdds(history, backlog);
  if (odds.target === 0) return 0;
  if (odds.maxValue === 0) return null;
  return smallestDay(odds, level, Math.ceil(odds.target / odds.maxValue) - 1);
}

/**
 * P(a backlog of `backlog` expected judgments is done within `days` days), under the model of
 * `forecastEta`, to within `tolerance` (default 1e-4).
 */
export function probabilityDoneWithin(
  history: readonly number[],
  backlog: number,
  days: number,
  tolerance = 1e-4,
): number {
  checkThroughputHistory(history);
  checkBacklog(backlog);
  if (!(Number.isInteger(days) && days >= 0)) throw invalidInput(`days: ${days} is not a whole number ≥ 0`);
  return new FinishOdds(history, backlog).probability(days, tolerance);
}

/**
 * The finish-day distribution as a curve, for a chart: P(done within d days) for each whole d
 * from `from` to `to` (at most 2,000 days), under the model of `forecastEta`, each to within
 * `tolerance` (default 1e-4).
 */
export function finishDayCdf(
  history: readonly number[],
  backlog: number,
  range: { from: number; to: number },
  tolerance = 1e-4,
): { day: number; probability: number }[] {
  checkThroughputHistory(history);
  checkBacklog(backlog);
  const { from, to } = range;
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to >= from))
    throw invalidInput(`range: from ${from} to ${to} must be whole days with 0 ≤ from ≤ to`);
  if (to - from >= 2000) throw invalidInput("range: at most 2,000 days at a time");
  const odds = new FinishOdds(history, backlog);
  const out: { day: number; probability: number }[] = [];
  for (let day = from; day <= to; day++) out.push({ day, probability: odds.probability(day, tolerance) });
  return out;
}
