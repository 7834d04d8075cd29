import type { EncodedAnswers } from "./answers.js";
import { fitClassPriors, runTaskPosteriorEm } from "./em-loop.js";
import {
  assertGold,
  clampGold,
  type EmOptions,
  type IterativeFit,
  summarizePosterior,
  type TaskPosteriors,
  voteShares,
} from "./task-posteriors.js";

/** Options of `oneCoinDawidSkene`; all optional. */
export interface OneCoinOptions extends EmOptions {
  /**
   * Beta pseudo-counts on each worker's accuracy: `correct` pseudo-answers right and `wrong`
   * pseudo-answers wrong. Default { correct: 1, wrong: 1 } (Laplace).
   */
  accuracyPrior?: { correct: number; wrong: number };
  /**
   * Re-estimate the class priors each iteration (pseudo-count `priorSmoothing` per class)
   * instead of keeping them uniform. Default false: with one parameter per worker, biased
   * workers make free priors drift towards one class (seen on S_Rel and D_Duck).
   */
  estimateClassPriors?: boolean;
  /** Pseudo-count added to each class when estimating the class priors. Default 1. */
  priorSmoothing?: number;
}

/** Task posteriors plus each worker's fitted accuracy. */
export interface OneCoinResult extends TaskPosteriors, IterativeFit {
  /** Class priors used: uniform, or estimated when `estimateClassPriors` is set. */
  classPriors: Float64Array;
  /** Per worker, the probability of answering the true class. */
  workerAccuracy: Float64Array;
}

/**
 * One-coin Dawid-Skene EM: each worker `w` answers the true class with probability `p_w` and
 * otherwise picks one of the other K-1 classes uniformly; workers are independent given the
 * true class. One parameter per worker, so it needs far fewer answers per worker than full
 * Dawid-Skene, at the price of ignoring systematic confusions. Class priors stay uniform unless
 * `estimateClassPriors` is set.
 *
 * Starts from the soft majority vote, gold tasks clamped. Stops after `maxIterations`
 * (default 100) or when the objective (log-likelihood + log Beta/Dirichlet priors) gains less than
 * `tolerance` (default 1e-6) per answer. With one class every task is trivially that class.
 * Returns task posteriors, worker accuracies, class priors, iterations and log-likelihood.
 */
export function oneCoinDawidSkene(answers: EncodedAnswers, options: OneCoinOptions = {}): OneCoinResult {
  const K = answers.classCount;
  const T = answers.taskCount;
  const W = answers.workerCount;
  const N = answers.task.length;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  const priorCorrect = options.accuracyPrior?.correct ?? 1;
  const priorWrong = options.accuracyPrior?.wrong ?? 1;
  const priorSmoothing = options.priorSmoothing ?? 1;
  const estimatePriors = options.estimateClassPriors ?? false;
  const gold = options.gold;
  assertGold(answers, gold);

  const posterior = voteShares(answers);
  clampGold(posterior, K, gold);
  const workerAccuracy = new Float64Array(W);
  const logRight = new Float64Array(W);
  const logWrong = new Float64Array(W);
  const correct = new Float64Array(W);
  const given = new Float64Array(W);
  for (let i = 0; i < N; i++) given[answers.worker[i]!]!++;
  const classPriors = new Float64Array(K);
  const logPriors = new Float64Array(K);

  const mStep = (): number => {
    correct.fill(0);
    for (let i = 0; i < N; i++) {
      const w = answers.worker[i]!;
      correct[w] = correct[w]! + posterior[answers.task[i]! * K + answers.label[i]!]!;
    }
    let logPrior = 0;
    for (let w = 0; w < W; w++) {
      const p = (correct[w]! + priorCorrect) / (given[w]! + priorCorrect + priorWrong);
      workerAccuracy[w] = p;
      logRight[w] = Math.log(p);
      logWrong[w] = K > 1 ? Math.log((1 - p) / (K - 1)) : 0;
      logPrior += priorCorrect * Math.log(p) + priorWrong * Math.log(1 - p);
    }
    return fitClassPriors(posterior, T, estimatePriors, priorSmoothing, classPriors, logPriors, logPrior);
  };

  /** E-step scores: per task, log prior + per answer log p_w on its label, log((1-p_w)/(K-1)) elsewhere. */
  const scoreTasks = (): void => {
    for (let t = 0; t < T; t++) posterior.set(logPriors, t * K);
    for (let i = 0; i < N; i++) {
      const row = answers.task[i]! * K;
      const w = answers.worker[i]!;
      const cell = row + answers.label[i]!;
      const wrong = logWrong[w]!;
      for (let k = 0; k < K; k++) posterior[row + k] = posterior[row + k]! + wrong;
      posterior[cell] = posterior[cell]! - wrong + logRight[w]!;
    }
  };

  const { iterations, logLikelihood, converged } = runTaskPosteriorEm(
    { mStep, scoreTasks },
    { answers, posterior, gold, maxIterations, tolerance },
  );
  return { ...summarizePosterior(posterior, K), classPriors, workerAccuracy, iterations, logLikelihood, converged };
}
