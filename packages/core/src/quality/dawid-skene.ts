import { invalidInput } from "../errors.js";
import type { EncodedAnswers } from "./answers.js";
import { runTaskPosteriorEm } from "./em-loop.js";
import {
  assertGold,
  clampGold,
  type EmOptions,
  type IterativeFit,
  summarizePosterior,
  type TaskPosteriors,
  voteShares,
} from "./task-posteriors.js";

/** Options of `dawidSkene`; all optional. */
export interface DawidSkeneOptions extends EmOptions {
  /**
   * Dirichlet pseudo-count added to every cell of every confusion matrix (MAP estimate instead
   * of maximum likelihood); avoids log(0). Default 0.01, nearly maximum likelihood. Larger values
   * (1 = Laplace) help when many workers have few answers (zhou-web: gold accuracy 0.822 → 0.849)
   * but on small data pull the rarer classes into the common one (3 tasks, 2 agreeing workers,
   * 4 classes: Laplace relabels the minority task).
   */
  smoothing?: number;
  /**
   * Pseudo-counts per cell as a K×K matrix (row = true class, column = given label), added to
   * every worker's counts; replaces `smoothing`. `ordinalDawidSkene` passes a distance-decaying one.
   */
  confusionPrior?: Float64Array;
  /** Pseudo-count added to each class when estimating the class priors. Default 1. */
  priorSmoothing?: number;
  /** Starting task posteriors (taskCount × K); default: each task's vote shares (soft majority vote). */
  initialPosterior?: Float64Array;
  /**
   * When to stop. "reference" (default): as crowd-kit's DawidSkene, once its loss — the expected
   * complete-data log-likelihood with the class log-prior counted once per answer, plus the
   * posterior's entropy, per answer — gains less than `tolerance` (default 1e-5); that loss may
   * fall after one or two iterations (S_Adult, D_Duck), which stops EM early, and early is what
   * the published figures are (S_Adult 0.766 after two E-steps, 0.748 at convergence).
   * "likelihood": at convergence of the log-likelihood plus log-prior (tolerance default 1e-6),
   * which EM never decreases.
   */
  stopping?: "reference" | "likelihood";
}

/** Task posteriors plus the fitted Dawid-Skene parameters. */
export interface DawidSkeneResult extends TaskPosteriors, IterativeFit {
  /** Estimated share of each true class among the tasks. */
  classPriors: Float64Array;
  /**
   * Per-worker confusion matrices, workerCount × K × K: `confusion[(w*K + k)*K + l]` is the
   * probability that worker `w` answers `l` when the true class is `k` (rows sum to 1).
   */
  confusion: Float64Array;
  /** Per worker, the probability of a correct answer: Σ_k prior(k)·confusion(w, k, k). */
  workerAccuracy: Float64Array;
}

/** Defaults shared with the online engine so that `refit` matches `dawidSkene`. */
export const DAWID_SKENE_DEFAULTS = {
  maxIterations: 100,
  tolerance: 1e-6,
  referenceTolerance: 1e-5,
  smoothing: 0.01,
  priorSmoothing: 1,
} as const;

/**
 * Dawid-Skene EM (Dawid and Skene 1979): each worker has a full confusion matrix, workers are
 * independent given a task's true class, and true classes follow the class priors.
 *
 * Starts from the soft majority vote (or `initialPosterior`), then alternates an M-step (MAP
 * confusion matrices and priors from the expected counts, with Dirichlet smoothing) and an E-step
 * (task posteriors). Gold tasks stay clamped to their known class throughout. Stops after
 * `maxIterations` (default 100) or by `stopping`: crowd-kit's rule by default, or the
 * log-likelihood + log Dirichlet prior (which EM never decreases) gaining less than `tolerance`.
 *
 * Returns the task posteriors, their argmax and confidence, the worker confusion matrices, the
 * class priors, the iterations run and the final log-likelihood. Cost per iteration
 * O(answers·K + workers·K²); memory O(tasks·K + workers·K² + answers).
 */
export function dawidSkene(answers: EncodedAnswers, options: DawidSkeneOptions = {}): DawidSkeneResult {
  const K = answers.classCount;
  const T = answers.taskCount;
  const W = answers.workerCount;
  const N = answers.task.length;
  const maxIterations = options.maxIterations ?? DAWID_SKENE_DEFAULTS.maxIterations;
  const stopping = options.stopping ?? "reference";
  const tolerance =
    options.tolerance ??
    (stopping === "reference" ? DAWID_SKENE_DEFAULTS.referenceTolerance : DAWID_SKENE_DEFAULTS.tolerance);
  const priorSmoothing = options.priorSmoothing ?? DAWID_SKENE_DEFAULTS.priorSmoothing;
  const gold = options.gold;
  assertGold(answers, gold);

  const confusionPrior =
    options.confusionPrior ?? new Float64Array(K * K).fill(options.smoothing ?? DAWID_SKENE_DEFAULTS.smoothing);
  if (confusionPrior.length !== K * K) throw invalidInput("confusionPrior must hold K×K pseudo-counts");
  const priorRowTotals = new Float64Array(K);
  for (let k = 0; k < K; k++)
    for (let l = 0; l < K; l++) priorRowTotals[k] = priorRowTotals[k]! + confusionPrior[k * K + l]!;

  let posterior: Float64Array;
  if (options.initialPosterior) {
    if (options.initialPosterior.length !== T * K)
      throw invalidInput("initialPosterior must hold taskCount × K numbers");
    posterior = Float64Array.from(options.initialPosterior);
  } else {
    posterior = voteShares(answers);
  }
  clampGold(posterior, K, gold);

  // cell[i] points at the (worker, true class 0, given label) entry; add k*K for true class k.
  const KK = K * K;
  const cell = new Int32Array(N);
  for (let i = 0; i < N; i++) cell[i] = answers.worker[i]! * KK + answers.label[i]!;

  const counts = new Float64Array(W * KK);
  const confusion = new Float64Array(W * KK);
  const logConfusion = new Float64Array(W * KK);
  const classPriors = new Float64Array(K);
  const logPriors = new Float64Array(K);

  const mStep = (): number => {
    counts.fill(0);
    for (let i = 0; i < N; i++) {
      const row = answers.task[i]! * K;
      const c = cell[i]!;
      for (let k = 0; k < K; k++) counts[c + k * K] = counts[c + k * K]! + posterior[row + k]!;
    }
    let logPrior = 0;
    for (let w = 0; w < W; w++) {
      for (let k = 0; k < K; k++) {
        const base = w * KK + k * K;
        let total = priorRowTotals[k]!;
        for (let l = 0; l < K; l++) total += counts[base + l]!;
        for (let l = 0; l < K; l++) {
          const p = total > 0 ? (counts[base + l]! + confusionPrior[k * K + l]!) / total : 1 / K;
          confusion[base + l] = p;
          const logP = Math.log(p);
          logConfusion[base + l] = logP;
          if (confusionPrior[k * K + l]! > 0) logPrior += confusionPrior[k * K + l]! * logP;
        }
      }
    }
    classPriors.fill(priorSmoothing);
    for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) classPriors[k] = classPriors[k]! + posterior[t * K + k]!;
    const priorTotal = T + K * priorSmoothing;
    for (let k = 0; k < K; k++) {
      classPriors[k] = priorTotal > 0 ? classPriors[k]! / priorTotal : 1 / K;
      logPriors[k] = Math.log(classPriors[k]!);
      logPrior += priorSmoothing * logPriors[k]!;
    }
    return logPrior;
  };

  /** E-step scores: per task, log prior + Σ over its answers of log confusion(worker, k, label). */
  const scoreTasks = (): void => {
    for (let t = 0; t < T; t++) posterior.set(logPriors, t * K);
    for (let i = 0; i < N; i++) {
      const row = answers.task[i]! * K;
      const c = cell[i]!;
      for (let k = 0; k < K; k++) posterior[row + k] = posterior[row + k]! + logConfusion[c + k * K]!;
    }
  };

  /** crowd-kit's loss: Σ answers Σ_k q(k)·(log confusion + log prior) + Σ tasks entropy(q). */
  const loss = (): number => {
    let total = 0;
    for (let i = 0; i < N; i++) {
      const row = answers.task[i]! * K;
      const c = cell[i]!;
      for (let k = 0; k < K; k++) total += posterior[row + k]! * (logConfusion[c + k * K]! + logPriors[k]!);
    }
    for (let j = 0; j < T * K; j++) if (posterior[j]! > 0) total -= posterior[j]! * Math.log(posterior[j]!);
    return total;
  };

  const { iterations, logLikelihood, converged } = runTaskPosteriorEm(
    stopping === "reference" ? { mStep, scoreTasks, loss } : { mStep, scoreTasks },
    { answers, posterior, gold, maxIterations, tolerance },
  );

  const workerAccuracy = new Float64Array(W);
  for (let w = 0; w < W; w++) {
    let accuracy = 0;
    for (let k = 0; k < K; k++) accuracy += classPriors[k]! * confusion[w * KK + k * K + k]!;
    workerAccuracy[w] = accuracy;
  }
  return {
    ...summarizePosterior(posterior, K),
    classPriors,
    confusion,
    workerAccuracy,
    iterations,
    logLikelihood,
    converged,
  };
}
