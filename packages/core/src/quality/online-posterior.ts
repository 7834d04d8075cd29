import { invalidInput } from "../errors.js";
import type { EncodedAnswers } from "./answers.js";
import { type Calibration, calibratePosterior, fitCalibration, IDENTITY_CALIBRATION } from "./calibration.js";
import { heldOutPosteriors } from "./cross-validate-gold.js";
import { type DawidSkeneOptions, type DawidSkeneResult, dawidSkene } from "./dawid-skene.js";
import { argmaxRow } from "./task-posteriors.js";

/** Options of `createOnlinePosterior`. */
export interface OnlinePosteriorOptions {
  classCount: number;
  /** Probability that a worker never seen before answers correctly. Default 0.7. */
  priorAccuracy?: number;
  /** Pseudo-answers per confusion row behind that prior (how fast evidence overrides it). Default 4. */
  priorStrength?: number;
  /** Class priors for new tasks (normalised). Default uniform. */
  classPriors?: ArrayLike<number>;
}

/**
 * The mutable state of the online engine. Tasks and workers are dense indices chosen by the
 * caller; the arrays grow as larger indices arrive. Treat the fields as read-only outside this
 * module.
 */
export interface OnlinePosteriorState {
  readonly classCount: number;
  /**
   * K×K Dirichlet pseudo-counts every worker starts with (row = true class). Fixed, unless a
   * refit with `pooledPriorStrength` re-estimates it (the contents change, not the array).
   */
  readonly workerPrior: Float64Array;
  /** Log class priors used for tasks not seen at the last refit. */
  classLogPriors: Float64Array;
  /** 1 + the largest task index seen. */
  taskCount: number;
  /** 1 + the largest worker index seen. */
  workerCount: number;
  /** workers × K × K Dirichlet counts (prior + credited judgments). */
  confusionCounts: Float64Array;
  /** workers × K row sums of `confusionCounts`. */
  confusionRowTotals: Float64Array;
  /** tasks × K unnormalised log-posteriors. */
  taskLogPosterior: Float64Array;
  /** Judgments received per task. */
  taskJudgments: Int32Array;
  /** Every judgment received, for `refitOnlinePosterior`. */
  log: { task: Int32Array; worker: Int32Array; label: Int32Array; length: number };
  /** Scratch row of K numbers. */
  scratch: Float64Array;
  /** Applied to a task's posterior before its confidence is reported; set by a refit on gold. */
  calibration: Calibration;
}

/** What the engine believes about one task. */
export interface OnlineTaskStatus {
  /** Most probable class (lowest index on ties). */
  label: number;
  /** Its posterior probability. */
  confidence: number;
  /** Judgments received for the task. */
  judgments: number;
}

/** A dynamic-overlap policy: ask for at least `min` and at most `max` judgments; stop in between once the leading class reaches `target`. */
export interface OverlapPolicy {
  min: number;
  max: number;
  target: number;
}

/**
 * Creates an empty online engine. Every new worker starts from a symmetric confusion prior:
 * `priorStrength` pseudo-answers per row, a share `priorAccuracy` of them on the diagonal and the
 * rest spread evenly over the other classes.
 */
export function createOnlinePosterior(options: OnlinePosteriorOptions): OnlinePosteriorState {
  const K = options.classCount;
  if (!Number.isInteger(K) || K < 1) throw invalidInput("classCount must be a positive integer");
  const accuracy = options.priorAccuracy ?? 0.7;
  const strength = options.priorStrength ?? 4;
  if (!(accuracy > 0 && accuracy < 1) && K > 1) throw invalidInput("priorAccuracy must be in (0, 1)");
  if (!(strength > 0)) throw invalidInput("priorStrength must be positive");
  const workerPrior = new Float64Array(K * K);
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++)
      workerPrior[k * K + l] =
        K === 1 ? strength : k === l ? strength * accuracy : (strength * (1 - accuracy)) / (K - 1);
  }
  const classLogPriors = new Float64Array(K);
  let total = 0;
  for (let k = 0; k < K; k++) total += options.classPriors?.[k] ?? 1;
  for (let k = 0; k < K; k++) classLogPriors[k] = Math.log((options.classPriors?.[k] ?? 1) / total);
  return {
    classCount: K,
    workerPrior,
    classLogPriors,
    taskCount: 0,
    workerCount: 0,
    confusionCounts: new Float64Array(0),
    confusionRowTotals: new Float64Array(0),
    taskLogPosterior: new Float64Array(0),
    taskJudgments: new Int32Array(0),
    log: { task: new Int32Array(1024), worker: new Int32Array(1024), label: new Int32Array(1024), length: 0 },
    scratch: new Float64Array(K),
    calibration: IDENTITY_CALIBRATION,
  };
}

function grow<T extends Float64Array | Int32Array>(array: T, needed: number, make: (size: number) => T): T {
  if (needed <= array.length) return array;
  const grown = make(Math.max(needed, array.length * 2, 16));
  grown.set(array);
  return grown;
}

function ensureTask(state: OnlinePosteriorState, task: number): void {
  if (task < state.taskCount) return;
  const K = state.classCount;
  state.taskLogPosterior = grow(state.taskLogPosterior, (task + 1) * K, (n) => new Float64Array(n));
  state.taskJudgments = grow(state.taskJudgments, task + 1, (n) => new Int32Array(n));
  for (let t = state.taskCount; t <= task; t++) state.taskLogPosterior.set(state.classLogPriors, t * K);
  state.taskCount = task + 1;
}

function ensureWorker(state: OnlinePosteriorState, worker: number): void {
  if (worker < state.workerCount) return;
  const K = state.classCount;
  state.confusionCounts = grow(state.confusionCounts, (worker + 1) * K * K, (n) => new Float64Array(n));
  state.confusionRowTotals = grow(state.confusionRowTotals, (worker + 1) * K, (n) => new Float64Array(n));
  for (let w = state.workerCount; w <= worker; w++) resetWorker(state, w);
  state.workerCount = worker + 1;
}

function resetWorker(state: OnlinePosteriorState, worker: number): void {
  const K = state.classCount;
  state.confusionCounts.set(state.workerPrior, worker * K * K);
  for (let k = 0; k < K; k++) {
    let total = 0;
    for (let l = 0; l < K; l++) total += state.workerPrior[k * K + l]!;
    state.confusionRowTotals[worker * K + k] = total;
  }
}

/** Normalised posterior of `task` into `out` (length K). */
function posteriorInto(state: OnlinePosteriorState, task: number, out: Float64Array): void {
  const K = state.classCount;
  const offset = task * K;
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < K; k++) max = Math.max(max, state.taskLogPosterior[offset + k]!);
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const p = Math.exp(state.taskLogPosterior[offset + k]! - max);
    out[k] = p;
    sum += p;
  }
  for (let k = 0; k < K; k++) out[k] = out[k]! / sum;
}

function checkIndex(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw invalidInput(`${name} must be a non-negative integer index`);
}

/**
 * Adds one judgment (worker `worker` gave class `label` to task `task`) in O(K) time, K the
 * number of classes (amortised: arrays grow by doubling), without recomputing anything else:
 * 1. the task's log-posterior gains log P(label | true class k) for each k, read from the
 *    worker's current Dirichlet counts (posterior-mean confusion matrix);
 * 2. the worker's counts in column `label` gain the task's posterior from *before* this
 *    judgment (leave-one-out, so a worker is never scored against their own answer).
 * Earlier judges of the task are not re-credited with the sharper posterior until
 * `refitOnlinePosterior`. `known`: the task's true class when it is gold; the worker is then
 * credited exactly (one answer in row `known`), as the live engine credits a gold judgment
 * (`applyJudgment`). Mutates `state`; returns the task's new status.
 */
export function addJudgment(
  state: OnlinePosteriorState,
  task: number,
  worker: number,
  label: number,
  known?: number,
): OnlineTaskStatus {
  checkIndex("task", task);
  checkIndex("worker", worker);
  const K = state.classCount;
  if (!Number.isInteger(label) || label < 0 || label >= K) throw invalidInput(`label must be a class index below ${K}`);
  if (known !== undefined && !(Number.isInteger(known) && known >= 0 && known < K))
    throw invalidInput(`known must be a class index below ${K}`);
  ensureTask(state, task);
  ensureWorker(state, worker);
  const before = state.scratch;
  if (known === undefined) posteriorInto(state, task, before);
  else for (let k = 0; k < K; k++) before[k] = k === known ? 1 : 0;
  const base = worker * K * K;
  for (let k = 0; k < K; k++) {
    const cell = base + k * K + label;
    const row = worker * K + k;
    state.taskLogPosterior[task * K + k] =
      state.taskLogPosterior[task * K + k]! + Math.log(state.confusionCounts[cell]! / state.confusionRowTotals[row]!);
    state.confusionCounts[cell] = state.confusionCounts[cell]! + before[k]!;
    state.confusionRowTotals[row] = state.confusionRowTotals[row]! + before[k]!;
  }
  state.taskJudgments[task] = state.taskJudgments[task]! + 1;
  const log = state.log;
  if (log.length === log.task.length) {
    log.task = grow(log.task, log.length + 1, (n) => new Int32Array(n));
    log.worker = grow(log.worker, log.length + 1, (n) => new Int32Array(n));
    log.label = grow(log.label, log.length + 1, (n) => new Int32Array(n));
  }
  log.task[log.length] = task;
  log.worker[log.length] = worker;
  log.label[log.length] = label;
  log.length++;
  return onlineTaskStatus(state, task);
}

/** The current posterior over classes of `task` (uniform prior row for a task never seen). */
export function onlineTaskPosterior(state: OnlinePosteriorState, task: number): Float64Array {
  checkIndex("task", task);
  const out = new Float64Array(state.classCount);
  if (task >= state.taskCount) {
    for (let k = 0; k < state.classCount; k++) out[k] = Math.exp(state.classLogPriors[k]!);
    return out;
  }
  posteriorInto(state, task, out);
  return out;
}

/**
 * Leading class, its calibrated probability (`state.calibration`, the identity until a refit
 * calibrates on gold) and the number of judgments of `task`. O(K).
 */
export function onlineTaskStatus(state: OnlinePosteriorState, task: number): OnlineTaskStatus {
  const posterior = calibratePosterior(state.calibration, onlineTaskPosterior(state, task));
  const label = argmaxRow(posterior, 0, state.classCount);
  return { label, confidence: posterior[label]!, judgments: task < state.taskCount ? state.taskJudgments[task]! : 0 };
}

/**
 * Dynamic overlap: true when the task needs no more judgments, i.e. it has `max` judgments, or
 * at least `min` and its leading class has posterior probability ≥ `target`.
 */
export function shouldStop(status: Pick<OnlineTaskStatus, "judgments" | "confidence">, policy: OverlapPolicy): boolean {
  if (status.judgments >= policy.max) return true;
  return status.judgments >= policy.min && status.confidence >= policy.target;
}

/**
 * The confusion matrix of a typical annotator (K×K, rows summing to 1): the worker prior every
 * newcomer starts from, which after a refit with `pooledPriorStrength` is the crowd's average.
 * The stopping rule uses it to value one more judgment before knowing who will give it.
 */
export function typicalConfusion(state: OnlinePosteriorState): Float64Array {
  const K = state.classCount;
  const out = new Float64Array(K * K);
  for (let k = 0; k < K; k++) {
    let total = 0;
    for (let l = 0; l < K; l++) total += state.workerPrior[k * K + l]!;
    for (let l = 0; l < K; l++) out[k * K + l] = state.workerPrior[k * K + l]! / total;
  }
  return out;
}

/** Options of `refitOnlinePosterior`: those of `dawidSkene` (e.g. gold) plus how the engine continues. */
export interface OnlineRefitOptions extends Omit<DawidSkeneOptions, "confusionPrior" | "smoothing"> {
  /**
   * Empirical-Bayes worker prior: after the fit, every worker (new ones included) starts from the
   * average confusion matrix of the fitted workers, scaled to this many pseudo-answers per row,
   * instead of the fixed `priorAccuracy` prior. Two agreeing workers nobody knows yet then weigh
   * what an average worker of this project weighs, not what a 0.7-accurate symmetric one would.
   * Unset (default): the prior stays as it is.
   */
  pooledPriorStrength?: number;
  /**
   * With `gold`: refit the engine's calibration on the gold tasks, from their posteriors in two
   * more fits that each hide half of the gold, so the confidences the engine reports and stops on
   * are calibrated. Triples the refit's cost. Default false (the calibration is kept).
   */
  calibrateOnGold?: boolean;
}

/**
 * The average confusion matrix of the workers: each worker's row is estimated from their
 * expected counts (`expected`, workers × K × K) plus `prior`, and weighted by their expected
 * answers in that row capped at 2K (a worker with one answer counts little, a worker with
 * thousands counts as one worker, not thousands). Returned as K×K pseudo-counts with `strength`
 * per row.
 */
function pooledConfusion(
  expected: Float64Array,
  workerCount: number,
  K: number,
  prior: Float64Array,
  strength: number,
): Float64Array {
  const cap = 2 * K;
  const sums = new Float64Array(K * K);
  const weights = new Float64Array(K);
  for (let w = 0; w < workerCount; w++) {
    for (let k = 0; k < K; k++) {
      const base = w * K * K + k * K;
      let n = 0;
      for (let l = 0; l < K; l++) n += expected[base + l]!;
      if (n <= 0) continue;
      let rowPrior = 0;
      for (let l = 0; l < K; l++) rowPrior += prior[k * K + l]!;
      const weight = Math.min(n, cap);
      for (let l = 0; l < K; l++)
        sums[k * K + l] = sums[k * K + l]! + (weight * (expected[base + l]! + prior[k * K + l]!)) / (n + rowPrior);
      weights[k] = weights[k]! + weight;
    }
  }
  const out = new Float64Array(K * K);
  for (let k = 0; k < K; k++) {
    let rowPrior = 0;
    for (let l = 0; l < K; l++) rowPrior += prior[k * K + l]!;
    for (let l = 0; l < K; l++)
      out[k * K + l] =
        weights[k]! > 0 ? (strength * sums[k * K + l]!) / weights[k]! : (strength * prior[k * K + l]!) / rowPrior;
  }
  return out;
}

/**
 * Runs full Dawid-Skene on every judgment received so far (the state's worker prior as the
 * Dirichlet pseudo-counts, run to convergence of the likelihood unless `options.stopping` says
 * otherwise, `options` passed through, e.g. gold) and resets the state from it:
 * each worker's counts become prior + expected counts under the new task posteriors, each task's
 * log-posterior the new posterior, and the class priors for new tasks the estimated ones. With
 * `pooledPriorStrength` the worker prior itself is re-estimated first (see `OnlineRefitOptions`).
 * Costs one Dawid-Skene fit; call it periodically (every few thousand judgments, or nightly).
 */
export function refitOnlinePosterior(state: OnlinePosteriorState, options: OnlineRefitOptions = {}): DawidSkeneResult {
  const K = state.classCount;
  const n = state.log.length;
  const answers: EncodedAnswers = {
    taskCount: state.taskCount,
    workerCount: state.workerCount,
    classCount: K,
    task: state.log.task.subarray(0, n),
    worker: state.log.worker.subarray(0, n),
    label: state.log.label.subarray(0, n),
    taskIds: [],
    workerIds: [],
    classes: [],
  };
  const { pooledPriorStrength, calibrateOnGold, ...dsOptions } = options;
  if (pooledPriorStrength !== undefined && !(pooledPriorStrength > 0))
    throw invalidInput("pooledPriorStrength must be positive");
  const fitPrior = Float64Array.from(state.workerPrior);
  const fit = dawidSkene(answers, {
    stopping: "likelihood",
    ...dsOptions,
    confusionPrior: state.workerPrior,
  });
  const expected = new Float64Array(state.workerCount * K * K);
  for (let i = 0; i < n; i++) {
    const t = answers.task[i]!;
    const base = answers.worker[i]! * K * K + answers.label[i]!;
    for (let k = 0; k < K; k++) expected[base + k * K] = expected[base + k * K]! + fit.posterior[t * K + k]!;
  }
  if (pooledPriorStrength !== undefined && n > 0)
    state.workerPrior.set(pooledConfusion(expected, state.workerCount, K, state.workerPrior, pooledPriorStrength));
  for (let w = 0; w < state.workerCount; w++) {
    resetWorker(state, w);
    for (let k = 0; k < K; k++) {
      for (let l = 0; l < K; l++) {
        const c = w * K * K + k * K + l;
        state.confusionCounts[c] = state.confusionCounts[c]! + expected[c]!;
        state.confusionRowTotals[w * K + k] = state.confusionRowTotals[w * K + k]! + expected[c]!;
      }
    }
  }
  for (let i = 0; i < state.taskCount * K; i++) state.taskLogPosterior[i] = Math.log(fit.posterior[i]!);
  if (calibrateOnGold && options.gold && options.gold.size >= 2) {
    // Two more fits, each hiding half of the gold: the hidden tasks' posteriors are then fitted
    // exactly as the engine's other tasks are, self-confirmation included, and the calibration
    // learnt on them carries over (calibrating on the clamped rows, or on rows recomputed from the
    // final confusions, does not: the first are certain, the second look underconfident).
    const held = heldOutPosteriors(
      options.gold,
      (training) =>
        dawidSkene(answers, { stopping: "likelihood", ...dsOptions, gold: training, confusionPrior: fitPrior }),
      fit,
      { folds: 2, seed: 1 },
    );
    state.calibration = fitCalibration(held.result, options.gold);
  }
  for (let k = 0; k < K; k++) state.classLogPriors[k] = Math.log(fit.classPriors[k]!);
  return fit;
}
