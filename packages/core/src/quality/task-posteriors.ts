import { invalidInput } from "../errors.js";
import type { EncodedAnswers, GoldLabels } from "./answers.js";

/**
 * What every truth-inference method returns for the tasks: a posterior distribution over the
 * classes, its argmax and the probability of that argmax.
 */
export interface TaskPosteriors {
  /** Number of classes K; `posterior` holds `taskCount × K` numbers, row-major by task. */
  classCount: number;
  /** Inferred class index per task. */
  label: Int32Array;
  /** Posterior probability of `label` per task, in [0, 1]. */
  confidence: Float64Array;
  /** Posterior over classes per task (row `t` is `posterior[t*K … t*K+K-1]`, summing to 1). */
  posterior: Float64Array;
}

/** How an iterative (EM) method ended. */
export interface IterativeFit {
  /** EM iterations run (one E-step and one M-step each). */
  iterations: number;
  /** Log-likelihood of the answers under the final parameters (gold tasks at their known class). */
  logLikelihood: number;
  /** True when the stopping rule fired before `maxIterations`. */
  converged: boolean;
}

/** Options shared by the EM methods. */
export interface EmOptions {
  /** Upper bound on EM iterations. */
  maxIterations?: number;
  /**
   * Stop when the objective (log-likelihood plus log-prior of the smoothed parameters) gains less
   * than `tolerance` per answer in one iteration.
   */
  tolerance?: number;
  /** Tasks whose class is known: clamped to it during EM, and used to fit the worker models. */
  gold?: GoldLabels;
}

/** Index of the largest of `values[offset … offset+count-1]` relative to `offset`; ties go to the lowest index. */
export function argmaxRow(values: ArrayLike<number>, offset: number, count: number): number {
  let best = 0;
  let bestValue = values[offset]!;
  for (let k = 1; k < count; k++) {
    const value = values[offset + k]!;
    if (value > bestValue) {
      best = k;
      bestValue = value;
    }
  }
  return best;
}

/** Labels (argmax, lowest index on ties) and confidences of a row-major posterior matrix. */
export function summarizePosterior(posterior: Float64Array, classCount: number): TaskPosteriors {
  const taskCount = classCount === 0 ? 0 : posterior.length / classCount;
  const label = new Int32Array(taskCount);
  const confidence = new Float64Array(taskCount);
  for (let t = 0; t < taskCount; t++) {
    const k = argmaxRow(posterior, t * classCount, classCount);
    label[t] = k;
    confidence[t] = posterior[t * classCount + k]!;
  }
  return { classCount, label, confidence, posterior };
}

/**
 * Turns row `offset` of unnormalised log-probabilities into probabilities in place and returns
 * the log of the normaliser (log-sum-exp), the row's contribution to the log-likelihood.
 */
export function normalizeLogRow(values: Float64Array, offset: number, count: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < count; k++) if (values[offset + k]! > max) max = values[offset + k]!;
  if (max === Number.NEGATIVE_INFINITY) {
    for (let k = 0; k < count; k++) values[offset + k] = 1 / count;
    return max;
  }
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const p = Math.exp(values[offset + k]! - max);
    values[offset + k] = p;
    sum += p;
  }
  for (let k = 0; k < count; k++) values[offset + k] = values[offset + k]! / sum;
  return max + Math.log(sum);
}

/**
 * Share of each class among each task's answers (tasks with no answers get a uniform row): the
 * usual starting point of EM, as in Dawid and Skene (1979).
 */
export function voteShares(answers: EncodedAnswers): Float64Array {
  const K = answers.classCount;
  const shares = new Float64Array(answers.taskCount * K);
  const totals = new Float64Array(answers.taskCount);
  for (let i = 0; i < answers.task.length; i++) {
    const t = answers.task[i]!;
    const cell = t * K + answers.label[i]!;
    shares[cell] = shares[cell]! + 1;
    totals[t] = totals[t]! + 1;
  }
  for (let t = 0; t < answers.taskCount; t++) {
    const total = totals[t]!;
    for (let k = 0; k < K; k++) shares[t * K + k] = total > 0 ? shares[t * K + k]! / total : 1 / K;
  }
  return shares;
}

/** Throws `invalid_input` when a gold entry points outside the tasks or classes of `answers`. */
export function assertGold(answers: EncodedAnswers, gold: GoldLabels | undefined): void {
  if (!gold) return;
  for (const [t, c] of gold) {
    if (!Number.isInteger(t) || t < 0 || t >= answers.taskCount)
      throw invalidInput(`gold task index ${t} is out of range`);
    if (!Number.isInteger(c) || c < 0 || c >= answers.classCount) {
      throw invalidInput(`gold class index ${c} of task ${t} is out of range`);
    }
  }
}

/** Sets the posterior row of every gold task to its known class (probability 1). */
export function clampGold(posterior: Float64Array, classCount: number, gold: GoldLabels | undefined): void {
  if (!gold) return;
  for (const [t, c] of gold) {
    posterior.fill(0, t * classCount, (t + 1) * classCount);
    posterior[t * classCount + c] = 1;
  }
}

/** Accuracy of inferred labels on the gold tasks: correct, scored and their ratio (NaN when none). */
export interface GoldScore {
  correct: number;
  total: number;
  accuracy: number;
}

/** Scores `label` (one class index per task) against `gold`. */
export function scoreAgainstGold(label: Int32Array, gold: GoldLabels): GoldScore {
  let correct = 0;
  let total = 0;
  for (const [t, c] of gold) {
    if (t < 0 || t >= label.length) continue;
    total++;
    if (label[t] === c) correct++;
  }
  return { correct, total, accuracy: total === 0 ? Number.NaN : correct / total };
}

/** softplus(z) = log(1 + e^z), computed without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** The logistic function 1 / (1 + e^-x). */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
