import { invalidInput } from "../errors.js";
import type { GoldLabels } from "./answers.js";
import { temperPosterior } from "./expected-gain.js";
import { mulberry32, shuffleInPlace } from "./random.js";
import { summarizePosterior, type TaskPosteriors } from "./task-posteriors.js";

/**
 * Expected calibration error of the confidences on the gold tasks: the tasks are put in `bins`
 * equal-width bins by confidence, and the gaps between each bin's mean confidence and its
 * accuracy are averaged, weighted by the bin's share of tasks (Naeini et al. 2015). 0 is perfect;
 * NaN without gold. Tasks outside `label` are skipped.
 */
export function expectedCalibrationError(
  result: Pick<TaskPosteriors, "label" | "confidence">,
  gold: GoldLabels,
  bins = 10,
): number {
  if (!Number.isInteger(bins) || bins < 1) throw invalidInput("bins must be a positive integer");
  const count = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  const correct = new Float64Array(bins);
  let total = 0;
  for (const [t, truth] of gold) {
    if (t < 0 || t >= result.label.length) continue;
    const c = result.confidence[t]!;
    const b = Math.min(bins - 1, Math.floor(c * bins));
    count[b]!++;
    confidence[b] = confidence[b]! + c;
    if (result.label[t] === truth) correct[b]!++;
    total++;
  }
  if (total === 0) return Number.NaN;
  let error = 0;
  for (let b = 0; b < bins; b++) error += Math.abs(correct[b]! - confidence[b]!) / total;
  return error;
}

/** A map from a method's posteriors to calibrated ones, fitted on gold by `fitCalibration`. */
export interface Calibration {
  /** Temperature applied to every posterior first (> 1 softens an overconfident one). */
  temperature: number;
  /**
   * Isotonic step function of the tempered confidence: from `thresholds[i]` on, the accuracy is
   * `accuracies[i]` over `counts[i]` gold tasks. Empty: the tempered confidence is kept.
   */
  thresholds: number[];
  accuracies: number[];
  counts: number[];
  /** Pseudo-tasks pulling each step towards the tempered confidence itself. */
  shrinkage: number;
}

/** The calibration that changes nothing. */
export const IDENTITY_CALIBRATION: Calibration = {
  temperature: 1,
  thresholds: [],
  accuracies: [],
  counts: [],
  shrinkage: 0,
};

/** Options of `fitCalibration`. */
export interface CalibrationOptions {
  /** Pseudo-tasks per isotonic step at the tempered confidence. Default 3. */
  shrinkage?: number;
}

function logLoss(posterior: Float64Array, K: number, examples: [number, number][], temperature: number): number {
  let loss = 0;
  for (const [t, truth] of examples) {
    const row = temperPosterior(posterior.subarray(t * K, (t + 1) * K), temperature);
    loss -= Math.log(Math.max(row[truth]!, 1e-12));
  }
  return loss;
}

/**
 * Fits a calibration on gold tasks whose posteriors were computed without their gold labels
 * (`result` from an unsupervised fit, or held-out posteriors). Two steps: a temperature that
 * minimises the log-loss of the gold classes (Guo et al. 2017; searched on a log grid from 0.5 to
 * 50, then refined), which fixes the overall over- or under-confidence and keeps the whole
 * posterior consistent; then isotonic regression (pool-adjacent-violators) of correctness on the
 * tempered confidence, each step shrunk towards the tempered confidence by `shrinkage` pseudo-
 * tasks, which fixes the shape (a temperature alone leaves multi-class Dawid-Skene at ECE 0.05-0.06
 * on S_Face and S_Adult). Needs a few dozen gold tasks to mean much; with none it is the identity.
 */
export function fitCalibration(
  result: TaskPosteriors,
  gold: GoldLabels,
  options: CalibrationOptions = {},
): Calibration {
  const K = result.classCount;
  const shrinkage = options.shrinkage ?? 3;
  const examples = [...gold].filter(([t]) => t >= 0 && t < result.label.length);
  if (examples.length === 0 || K < 2) return { ...IDENTITY_CALIBRATION, shrinkage };
  let best = 1;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (let step = -0.7; step <= 3.92; step += 0.1) {
    const loss = logLoss(result.posterior, K, examples, Math.exp(step));
    if (loss < bestLoss) [best, bestLoss] = [Math.exp(step), loss];
  }
  for (let step = -0.05; step <= 0.05; step += 0.01) {
    const loss = logLoss(result.posterior, K, examples, best * Math.exp(step));
    if (loss < bestLoss - 1e-12) [best, bestLoss] = [best * Math.exp(step), loss];
  }
  const points = examples
    .map(([t, truth]) => {
      const row = temperPosterior(result.posterior.subarray(t * K, (t + 1) * K), best);
      return { confidence: row[result.label[t]!]!, correct: result.label[t] === truth ? 1 : 0 };
    })
    .sort((a, b) => a.confidence - b.confidence);
  const blocks: { from: number; sum: number; n: number }[] = [];
  for (const point of points) {
    blocks.push({ from: point.confidence, sum: point.correct, n: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1]!;
      const previous = blocks[blocks.length - 2]!;
      if (previous.sum / previous.n < last.sum / last.n) break;
      previous.sum += last.sum;
      previous.n += last.n;
      blocks.pop();
    }
  }
  return {
    temperature: best,
    thresholds: blocks.map((b) => b.from),
    accuracies: blocks.map((b) => b.sum / b.n),
    counts: blocks.map((b) => b.n),
    shrinkage,
  };
}

/** The calibrated confidence of a tempered confidence `c`. */
function calibrateTempered(calibration: Calibration, c: number): number {
  const { thresholds, accuracies, counts, shrinkage } = calibration;
  if (thresholds.length === 0) return c;
  let lo = 0;
  let hi = thresholds.length - 1;
  if (c < thresholds[0]!) hi = 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (thresholds[mid]! <= c) lo = mid;
    else hi = mid - 1;
  }
  const n = counts[lo]!;
  return (accuracies[lo]! * n + c * shrinkage) / (n + shrinkage);
}

/**
 * Applies a calibration to one posterior row: tempers it, then sets the leading class to its
 * calibrated confidence and scales the other classes to share the rest in their tempered
 * proportions. The leading class stays the leader unless calibration brings it below another
 * class, in which case the tempered posterior is kept.
 */
export function calibratePosterior(calibration: Calibration, posterior: ArrayLike<number>): Float64Array {
  const row = temperPosterior(posterior, calibration.temperature);
  const K = row.length;
  let top = 0;
  for (let k = 1; k < K; k++) if (row[k]! > row[top]!) top = k;
  const target = calibrateTempered(calibration, row[top]!);
  const rest = 1 - row[top]!;
  const out = new Float64Array(K);
  for (let k = 0; k < K; k++)
    out[k] = k === top ? target : rest > 0 ? (row[k]! * (1 - target)) / rest : (1 - target) / (K - 1);
  for (let k = 0; k < K; k++) if (k !== top && out[k]! > target) return row;
  return out;
}

/** `calibratePosterior` on every task of a result; the labels stay the method's. */
export function applyCalibration(result: TaskPosteriors, calibration: Calibration): TaskPosteriors {
  const K = result.classCount;
  const posterior = new Float64Array(result.posterior.length);
  for (let t = 0; t < result.label.length; t++)
    posterior.set(calibratePosterior(calibration, result.posterior.subarray(t * K, (t + 1) * K)), t * K);
  const summary = summarizePosterior(posterior, K);
  // Keep the method's label (ties in the calibrated row must not move it).
  const confidence = Float64Array.from(result.label, (k, t) => posterior[t * K + k]!);
  return { ...summary, label: result.label, confidence };
}

/**
 * Held-out calibration of an unsupervised fit: the gold tasks are shuffled (seeded) into `folds`
 * groups and each group's confidences are calibrated by a calibration fitted on the other groups'
 * gold. Returns those held-out confidences (other tasks keep theirs) and their expected
 * calibration error, the honest figure for "are the calibrated confidences calibrated".
 */
export function crossValidateCalibration(
  result: TaskPosteriors,
  gold: GoldLabels,
  options: CalibrationOptions & { folds?: number; seed?: number; bins?: number } = {},
): { confidence: Float64Array; ece: number } {
  const folds = Math.min(options.folds ?? 5, gold.size);
  const tasks = [...gold.keys()];
  shuffleInPlace(tasks, mulberry32(options.seed ?? 1));
  const confidence = Float64Array.from(result.confidence);
  const K = result.classCount;
  if (folds >= 2) {
    for (let fold = 0; fold < folds; fold++) {
      const training = new Map<number, number>();
      tasks.forEach((t, i) => {
        if (i % folds !== fold) training.set(t, gold.get(t)!);
      });
      const calibration = fitCalibration(result, training, options);
      tasks.forEach((t, i) => {
        if (i % folds !== fold) return;
        confidence[t] = calibratePosterior(calibration, result.posterior.subarray(t * K, (t + 1) * K))[
          result.label[t]!
        ]!;
      });
    }
  }
  return { confidence, ece: expectedCalibrationError({ label: result.label, confidence }, gold, options.bins) };
}
