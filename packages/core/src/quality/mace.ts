import type { EncodedAnswers } from "./answers.js";
import { mulberry32 } from "./random.js";
import {
  assertGold,
  clampGold,
  type EmOptions,
  type IterativeFit,
  normalizeLogRow,
  summarizePosterior,
  type TaskPosteriors,
  voteShares,
} from "./task-posteriors.js";

export interface MaceOptions extends EmOptions {
  /**
   * Beta pseudo-counts on each worker's spamming probability θ: `spamming` pseudo-answers
   * spammed and `knowing` pseudo-answers known. Default { spamming: 1, knowing: 1 }.
   */
  spamPrior?: { spamming: number; knowing: number };
  /** Dirichlet pseudo-count added to each class of a worker's spam distribution. Default 1. */
  spamSmoothing?: number;
  /**
   * Extra EM runs from random starting posteriors (seeded by `seed`), besides the run started
   * from the soft majority vote; the run with the best objective wins. Default 0.
   */
  restarts?: number;
  /** Seed of the random restarts. Default 1. */
  seed?: number;
  /**
   * Re-estimate the class priors each iteration (pseudo-count 1 per class) instead of keeping
   * them uniform as the paper does.
   */
  estimateClassPriors?: boolean;
}

export interface MaceResult extends TaskPosteriors, IterativeFit {
  /** Per worker, θ: the probability that an answer is spam (drawn from the spam distribution). */
  spamProbability: Float64Array;
  /** Per worker, the distribution of spam answers over classes, workerCount × K. */
  spamDistribution: Float64Array;
  /** Per worker, the competence 1 - θ (probability that an answer is the true class, knowingly). */
  workerAccuracy: Float64Array;
}

/**
 * MACE, Multi-Annotator Competence Estimation (Hovy, Berg-Kirkpatrick, Vaswani and Hovy 2013):
 * for each answer, worker `w` spams with probability θ_w, drawing a label from their own spam
 * distribution ξ_w, and otherwise gives the true class. True classes are uniform a priori (as in
 * the paper); workers independent given the true class.
 *
 * Plain EM with MAP smoothing (Beta pseudo-counts on θ, Dirichlet on ξ) rather than the paper's
 * variational Bayes. Starts from the soft majority vote, plus `restarts` random starts; gold tasks
 * stay clamped. Each run stops after `maxIterations` (default 100) or when the objective
 * (log-likelihood + log-priors) gains less than `tolerance` (default 1e-6) per answer.
 * Returns the best run's task posteriors, θ, ξ and competence per worker.
 */
export function mace(answers: EncodedAnswers, options: MaceOptions = {}): MaceResult {
  assertGold(answers, options.gold);
  let best = runMace(answers, voteShares(answers), options);
  const random = mulberry32(options.seed ?? 1);
  for (let r = 0; r < (options.restarts ?? 0); r++) {
    const start = new Float64Array(answers.taskCount * answers.classCount);
    for (let i = 0; i < start.length; i++) start[i] = random();
    for (let t = 0; t < answers.taskCount; t++) {
      const row = start.subarray(t * answers.classCount, (t + 1) * answers.classCount);
      const sum = row.reduce((a, b) => a + b, 0);
      for (let k = 0; k < row.length; k++) row[k] = row[k]! / sum;
    }
    const candidate = runMace(answers, start, options);
    if (candidate.objective > best.objective) best = candidate;
  }
  return best.result;
}

function runMace(
  answers: EncodedAnswers,
  posterior: Float64Array,
  options: MaceOptions,
): { result: MaceResult; objective: number } {
  const K = answers.classCount;
  const T = answers.taskCount;
  const W = answers.workerCount;
  const N = answers.task.length;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  const spamPseudo = options.spamPrior?.spamming ?? 1;
  const knowPseudo = options.spamPrior?.knowing ?? 1;
  const spamSmoothing = options.spamSmoothing ?? 1;
  const gold = options.gold;
  clampGold(posterior, K, gold);

  const theta = new Float64Array(W);
  const xi = new Float64Array(W * K);
  const spamTotals = new Float64Array(W);
  const spamCounts = new Float64Array(W * K);
  const given = new Float64Array(W);
  for (let i = 0; i < N; i++) given[answers.worker[i]!]!++;
  // Per answer: log P(answer | true class = its label) and log P(answer | any other class).
  const logMatch = new Float64Array(N);
  const logOther = new Float64Array(N);
  const logClassPriors = new Float64Array(K).fill(-Math.log(K));
  const estimatePriors = options.estimateClassPriors ?? false;
  let fitted = false;

  const mStep = (): number => {
    spamTotals.fill(0);
    spamCounts.fill(0);
    for (let i = 0; i < N; i++) {
      const w = answers.worker[i]!;
      const l = answers.label[i]!;
      const pTrue = posterior[answers.task[i]! * K + l]!;
      // Expected "knew it": given true class l the answer was known with probability
      // (1-θ)/((1-θ)+θ·ξ(l)); given another class it was spam. Before any fit (starting from
      // the votes) an answer counts as known exactly as much as its label is believed true.
      const known = fitted ? (pTrue * (1 - theta[w]!)) / (1 - theta[w]! + theta[w]! * xi[w * K + l]!) : pTrue;
      spamTotals[w] = spamTotals[w]! + (1 - known);
      spamCounts[w * K + l] = spamCounts[w * K + l]! + (1 - known);
    }
    let logPrior = 0;
    for (let w = 0; w < W; w++) {
      const spamming = (spamTotals[w]! + spamPseudo) / (given[w]! + spamPseudo + knowPseudo);
      theta[w] = spamming;
      logPrior += spamPseudo * Math.log(spamming) + knowPseudo * Math.log(1 - spamming);
      let total = 0;
      for (let k = 0; k < K; k++) total += spamCounts[w * K + k]! + spamSmoothing;
      for (let k = 0; k < K; k++) {
        const p = (spamCounts[w * K + k]! + spamSmoothing) / total;
        xi[w * K + k] = p;
        logPrior += spamSmoothing * Math.log(p);
      }
    }
    for (let i = 0; i < N; i++) {
      const w = answers.worker[i]!;
      const spam = theta[w]! * xi[w * K + answers.label[i]!]!;
      logMatch[i] = Math.log(1 - theta[w]! + spam);
      logOther[i] = Math.log(spam);
    }
    if (estimatePriors) {
      const totals = new Float64Array(K).fill(1);
      for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) totals[k] = totals[k]! + posterior[t * K + k]!;
      for (let k = 0; k < K; k++) {
        logClassPriors[k] = Math.log(totals[k]! / (T + K));
        logPrior += logClassPriors[k]!;
      }
    }
    fitted = true;
    return logPrior;
  };

  const eStep = (): number => {
    for (let t = 0; t < T; t++) posterior.set(logClassPriors, t * K);
    for (let i = 0; i < N; i++) {
      const row = answers.task[i]! * K;
      const other = logOther[i]!;
      for (let k = 0; k < K; k++) posterior[row + k] = posterior[row + k]! + other;
      const cell = row + answers.label[i]!;
      posterior[cell] = posterior[cell]! - other + logMatch[i]!;
    }
    let logLikelihood = 0;
    for (let t = 0; t < T; t++) {
      const known = gold?.get(t);
      if (known === undefined) {
        logLikelihood += normalizeLogRow(posterior, t * K, K);
      } else {
        logLikelihood += posterior[t * K + known]!;
        posterior.fill(0, t * K, (t + 1) * K);
        posterior[t * K + known] = 1;
      }
    }
    return logLikelihood;
  };

  let iterations = 0;
  let converged = false;
  let logLikelihood = Number.NEGATIVE_INFINITY;
  let objective = Number.NEGATIVE_INFINITY;
  while (iterations < maxIterations) {
    const logPrior = mStep();
    logLikelihood = eStep();
    iterations++;
    const next = logLikelihood + logPrior;
    const gain = next - objective;
    objective = next;
    if (gain < tolerance * Math.max(1, N)) {
      converged = true;
      break;
    }
  }
  if (iterations === 0) mStep();
  const workerAccuracy = theta.map((t) => 1 - t);
  return {
    result: {
      ...summarizePosterior(posterior, K),
      spamProbability: theta,
      spamDistribution: xi,
      workerAccuracy,
      iterations,
      logLikelihood,
      converged,
    },
    objective,
  };
}
