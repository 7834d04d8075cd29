import type { EncodedAnswers } from "./answers.js";
import { runTaskPosteriorEm } from "./em-loop.js";
import { mulberry32 } from "./random.js";
import {
  assertGold,
  clampGold,
  type EmOptions,
  type IterativeFit,
  summarizePosterior,
  type TaskPosteriors,
  voteShares,
} from "./task-posteriors.js";

/** Options of `mace`; all optional. */
export interface MaceOptions extends EmOptions {
  /**
   * "vb" (default): variational Bayes as in the reference implementation — the E-step uses
   * exp(E[log θ]) under Beta/Dirichlet posteriors, which discounts workers with few answers.
   * "em": maximum a posteriori EM, priors used as pseudo-counts.
   */
  inference?: "vb" | "em";
  /**
   * Beta prior on spamming vs knowing per worker. Default { spamming: 0.5, knowing: 0.5 } for
   * "vb" (the reference's) and { spamming: 1, knowing: 1 } pseudo-counts for "em".
   */
  spamPrior?: { spamming: number; knowing: number };
  /**
   * Dirichlet prior on each worker's spam distribution, pseudo-counts per class. Default 200 for
   * "vb", 1 for "em". The paper's code uses 10, with which a worker's most frequent answer is
   * easily explained away as spam on imbalanced data (D_Product, 88% non-matches: 0.854 against
   * 0.930 with 200). crowd-kit's MACE, which uses 10, gets 0.929 there only because it applies each
   * worker's spam distribution to another worker (rows grouped by sorted worker id, read by order
   * of appearance); replaying that mistake reproduces its figures on 8 of the 10 datasets.
   */
  spamSmoothing?: number;
  /**
   * Extra runs from random starting posteriors (seeded by `seed`), besides the run started
   * from the soft majority vote; the run with the best log-likelihood wins. Default 0.
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

/** Task posteriors plus each worker's fitted MACE parameters. */
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
 * the paper; see `estimateClassPriors`); workers independent given the true class.
 *
 * Variational Bayes by default, like the reference implementation (Beta(0.5, 0.5) on
 * spamming; Dirichlet(200) on ξ where the reference has 10, see `spamSmoothing`), or MAP EM. Starts from the soft majority vote rather than the
 * reference's random parameters, plus `restarts` random starts; gold tasks stay clamped. Each run
 * stops after `maxIterations` (default 50, the reference's) or when the objective (log-likelihood,
 * plus log-priors for "em") gains less than `tolerance` (default 1e-6) per answer; VB does not
 * guarantee a monotone log-likelihood, so a dip also stops it. Returns the best run's task
 * posteriors and, per worker, the posterior-mean spamming probability, spam distribution and
 * competence.
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

/** Digamma ψ(x) for x > 0: recurrence up to 6, then the asymptotic series (error < 1e-12). */
export function digamma(x: number): number {
  let result = 0;
  while (x < 6) {
    result -= 1 / x;
    x += 1;
  }
  const inverse = 1 / (x * x);
  return (
    result +
    Math.log(x) -
    0.5 / x -
    inverse * (1 / 12 - inverse * (1 / 120 - inverse * (1 / 252 - inverse * (1 / 240 - inverse * (1 / 132)))))
  );
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
  const variational = (options.inference ?? "vb") === "vb";
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-6;
  const spamPseudo = options.spamPrior?.spamming ?? (variational ? 0.5 : 1);
  const knowPseudo = options.spamPrior?.knowing ?? (variational ? 0.5 : 1);
  const spamSmoothing = options.spamSmoothing ?? (variational ? 200 : 1);
  const gold = options.gold;
  clampGold(posterior, K, gold);

  // Weights used by the E-step: probabilities for "em", exp(E[log ·]) for "vb".
  const spamWeight = new Float64Array(W);
  const knowWeight = new Float64Array(W);
  const xiWeight = new Float64Array(W * K);
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
      // k/(k + s·ξ(l)); given another class it was spam. Before any fit (starting from the
      // votes) an answer counts as known exactly as much as its label is believed true.
      const known = fitted
        ? (pTrue * knowWeight[w]!) / (knowWeight[w]! + spamWeight[w]! * xiWeight[w * K + l]!)
        : pTrue;
      spamTotals[w] = spamTotals[w]! + (1 - known);
      spamCounts[w * K + l] = spamCounts[w * K + l]! + (1 - known);
    }
    let logPrior = 0;
    for (let w = 0; w < W; w++) {
      const total = given[w]! + spamPseudo + knowPseudo;
      let spamTotal = 0;
      for (let k = 0; k < K; k++) spamTotal += spamCounts[w * K + k]! + spamSmoothing;
      if (variational) {
        const norm = digamma(total);
        spamWeight[w] = Math.exp(digamma(spamTotals[w]! + spamPseudo) - norm);
        knowWeight[w] = Math.exp(digamma(given[w]! - spamTotals[w]! + knowPseudo) - norm);
        const xiNorm = digamma(spamTotal);
        for (let k = 0; k < K; k++)
          xiWeight[w * K + k] = Math.exp(digamma(spamCounts[w * K + k]! + spamSmoothing) - xiNorm);
      } else {
        const spamming = (spamTotals[w]! + spamPseudo) / total;
        spamWeight[w] = spamming;
        knowWeight[w] = 1 - spamming;
        logPrior += spamPseudo * Math.log(spamming) + knowPseudo * Math.log(1 - spamming);
        for (let k = 0; k < K; k++) {
          const p = (spamCounts[w * K + k]! + spamSmoothing) / spamTotal;
          xiWeight[w * K + k] = p;
          logPrior += spamSmoothing * Math.log(p);
        }
      }
    }
    for (let i = 0; i < N; i++) {
      const w = answers.worker[i]!;
      const spam = spamWeight[w]! * xiWeight[w * K + answers.label[i]!]!;
      logMatch[i] = Math.log(knowWeight[w]! + spam);
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

  /** E-step scores: per task, log prior + per answer log(know + spam) on its label, log(spam) elsewhere. */
  const scoreTasks = (): void => {
    for (let t = 0; t < T; t++) posterior.set(logClassPriors, t * K);
    for (let i = 0; i < N; i++) {
      const row = answers.task[i]! * K;
      const other = logOther[i]!;
      for (let k = 0; k < K; k++) posterior[row + k] = posterior[row + k]! + other;
      const cell = row + answers.label[i]!;
      posterior[cell] = posterior[cell]! - other + logMatch[i]!;
    }
  };

  const { iterations, logLikelihood, converged, objective } = runTaskPosteriorEm(
    { mStep, scoreTasks },
    { answers, posterior, gold, maxIterations, tolerance },
  );
  // Report posterior means (for "em" these are the MAP estimates up to the pseudo-count convention).
  const spamProbability = new Float64Array(W);
  const spamDistribution = new Float64Array(W * K);
  for (let w = 0; w < W; w++) {
    spamProbability[w] = (spamTotals[w]! + spamPseudo) / (given[w]! + spamPseudo + knowPseudo);
    let total = 0;
    for (let k = 0; k < K; k++) total += spamCounts[w * K + k]! + spamSmoothing;
    for (let k = 0; k < K; k++) spamDistribution[w * K + k] = (spamCounts[w * K + k]! + spamSmoothing) / total;
  }
  const workerAccuracy = spamProbability.map((spamming) => 1 - spamming);
  return {
    result: {
      ...summarizePosterior(posterior, K),
      spamProbability,
      spamDistribution,
      workerAccuracy,
      iterations,
      logLikelihood,
      converged,
    },
    objective,
  };
}
