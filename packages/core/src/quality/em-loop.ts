import type { EncodedAnswers, GoldLabels } from "./answers.js";
import type { IterativeFit } from "./task-posteriors.js";
import { normalizeLogRow } from "./task-posteriors.js";

/** What one truth-inference model plugs into `runTaskPosteriorEm`. */
export interface TaskPosteriorEmModel {
  /**
   * M-step: re-fits the model's parameters (worker models, class priors) from the current
   * `posterior` and returns the log-prior of the fitted parameters (0 for plain maximum
   * likelihood), which joins the log-likelihood in the objective.
   */
  mStep(): number;
  /**
   * First half of the E-step: overwrites every row of `posterior` with the task's unnormalised
   * log-scores, log P(class k) + Σ over the task's answers of log P(answer | class k).
   */
  scoreTasks(): void;
  /**
   * Optional stopping loss, evaluated right after each M-step on the posterior that step was
   * fitted to. When given, the loop stops before the E-step once this loss gains less than
   * `tolerance` per answer over the previous M-step's (the first M-step, on the starting
   * posterior, is never compared), and the posterior stays the one the last M-step saw. This is
   * how crowd-kit stops its Dawid-Skene and GLAD, whose losses are not the log-likelihood and may
   * fall, so the reference's results are reproduced rather than approximated.
   */
  loss?(): number;
}

/** Settings of the EM loop. */
export interface TaskPosteriorEmSettings {
  /** The answers being fitted: their task, class and answer counts size the loop. */
  answers: EncodedAnswers;
  /** Row-major task posteriors (taskCount × classCount), updated in place. */
  posterior: Float64Array;
  /** Tasks clamped to their known class after every E-step. */
  gold: GoldLabels | undefined;
  maxIterations: number;
  /** Stop when the objective gains less than `tolerance` per answer in one iteration. */
  tolerance: number;
}

/**
 * Second half of the E-step: turns the log-scores of tasks 0 … taskCount-1 in `posterior`
 * (row-major, `classCount` per task) into posteriors in place and returns the log-likelihood of
 * the answers. A free task contributes the log of its normaliser (log-sum-exp of its row); a gold
 * task contributes its score at the known class and its row is clamped to that class.
 */
export function normalizeTaskScores(
  posterior: Float64Array,
  taskCount: number,
  classCount: number,
  gold: GoldLabels | undefined,
): number {
  const K = classCount;
  const T = taskCount;
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
}

/**
 * The EM loop shared by the latent-class truth-inference methods (Dawid-Skene, one-coin,
 * GLAD, MACE). Each iteration runs the model's M-step, then the E-step: `scoreTasks` followed by
 * `normalizeTaskScores` (gold tasks clamped). Stops after `maxIterations` or once the objective
 * (log-likelihood + the M-step's log-prior) gains less than `tolerance` per answer;
 * a decrease also stops it, which matters for generalised EM and variational Bayes. A model with
 * a `loss` is stopped by that loss instead (see `TaskPosteriorEmModel.loss`). With
 * `maxIterations` 0 it still runs one M-step so that the parameters are fitted to the start.
 *
 * Returns how the fit ended, plus the final objective (used to compare restarts).
 */
export function runTaskPosteriorEm(
  model: TaskPosteriorEmModel,
  settings: TaskPosteriorEmSettings,
): IterativeFit & { objective: number } {
  const { answers, posterior, gold, maxIterations, tolerance } = settings;
  const answerCount = answers.task.length;
  let iterations = 0;
  let converged = false;
  let logLikelihood = Number.NEGATIVE_INFINITY;
  let objective = Number.NEGATIVE_INFINITY;
  let lastLoss = Number.NEGATIVE_INFINITY;
  while (iterations < maxIterations) {
    const logPrior = model.mStep();
    if (model.loss) {
      const loss = model.loss();
      if (iterations > 0 && loss - lastLoss < tolerance * Math.max(1, answerCount)) {
        converged = true;
        break;
      }
      lastLoss = loss;
    }
    model.scoreTasks();
    logLikelihood = normalizeTaskScores(posterior, answers.taskCount, answers.classCount, gold);
    iterations++;
    const next = logLikelihood + logPrior;
    const gain = next - objective;
    objective = next;
    if (!model.loss && gain < tolerance * Math.max(1, answerCount)) {
      converged = true;
      break;
    }
  }
  if (iterations === 0) model.mStep();
  return { iterations, logLikelihood, converged, objective };
}

/**
 * M-step of the class priors for the models that keep them uniform by default (one-coin, GLAD).
 * Uniform unless `estimate`; otherwise each class's expected share of the tasks under `posterior`,
 * smoothed by `smoothing` pseudo-counts per class (a Dirichlet prior). Fills `classPriors` and
 * `logPriors` (K each) and returns `logPrior` plus the Dirichlet log-prior of the estimate.
 */
export function fitClassPriors(
  posterior: Float64Array,
  taskCount: number,
  estimate: boolean,
  smoothing: number,
  classPriors: Float64Array,
  logPriors: Float64Array,
  logPrior: number,
): number {
  const K = classPriors.length;
  const T = taskCount;
  if (!estimate) {
    classPriors.fill(1 / K);
    logPriors.fill(-Math.log(K));
    return logPrior;
  }
  classPriors.fill(smoothing);
  for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) classPriors[k] = classPriors[k]! + posterior[t * K + k]!;
  for (let k = 0; k < K; k++) {
    classPriors[k] = classPriors[k]! / (T + K * smoothing);
    logPriors[k] = Math.log(classPriors[k]!);
    logPrior += smoothing * logPriors[k]!;
  }
  return logPrior;
}
