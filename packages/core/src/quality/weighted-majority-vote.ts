import type { EncodedAnswers, GoldLabels } from "./answers.js";
import { assertGold, clampGold, normalizeLogRow, summarizePosterior, type TaskPosteriors } from "./task-posteriors.js";

/** Options of `weightedMajorityVoteByTask`. */
export interface WeightedMajorityVoteOptions {
  /** Known answers used to score the workers. */
  gold: GoldLabels;
  /**
   * Pseudo-answers that pull each worker's gold accuracy towards the pooled gold accuracy of all
   * workers, so a worker with two gold answers is not judged perfect or useless. Default 2.
   */
  priorStrength?: number;
  /** Set gold tasks to their known label in the output (default true). */
  clampGold?: boolean;
}

/** Task posteriors plus each worker's gold accuracy and vote weight. */
export interface WeightedMajorityVoteResult extends TaskPosteriors {
  /** Per worker, the smoothed gold accuracy (the pooled accuracy for a worker without gold answers). */
  workerAccuracy: Float64Array;
  /** Per worker, the vote weight log((K-1)·accuracy / (1-accuracy)): 0 at chance, negative below. */
  workerWeight: Float64Array;
  /** Per worker, the number of their answers on gold tasks. */
  goldAnswers: Int32Array;
}

/**
 * Gold-weighted majority vote. Each worker's accuracy is estimated on the gold tasks they
 * answered (smoothed towards the pooled gold accuracy, see `priorStrength`), and their vote
 * weighs log((K-1)·a / (1-a)): the optimal weight when a worker is right with probability `a`
 * and spreads errors evenly over the other classes (one-coin model, independent workers, uniform
 * class prior). Under that model the posterior is the softmax of the weighted votes, which is what
 * is returned. Without any gold answer every weight is 1 (plain majority vote). Not iterative.
 */
export function weightedMajorityVoteByTask(
  answers: EncodedAnswers,
  options: WeightedMajorityVoteOptions,
): WeightedMajorityVoteResult {
  assertGold(answers, options.gold);
  const K = answers.classCount;
  const strength = options.priorStrength ?? 2;
  const correct = new Float64Array(answers.workerCount);
  const goldAnswers = new Int32Array(answers.workerCount);
  let pooledCorrect = 0;
  let pooledTotal = 0;
  for (let i = 0; i < answers.task.length; i++) {
    const truth = options.gold.get(answers.task[i]!);
    if (truth === undefined) continue;
    const w = answers.worker[i]!;
    goldAnswers[w]!++;
    pooledTotal++;
    if (answers.label[i] === truth) {
      correct[w]!++;
      pooledCorrect++;
    }
  }
  const pooled = (pooledCorrect + 1) / (pooledTotal + 2);
  const workerAccuracy = new Float64Array(answers.workerCount);
  const workerWeight = new Float64Array(answers.workerCount);
  for (let w = 0; w < answers.workerCount; w++) {
    const accuracy = (correct[w]! + strength * pooled) / (goldAnswers[w]! + strength);
    workerAccuracy[w] = accuracy;
    workerWeight[w] = pooledTotal === 0 || K < 2 ? 1 : Math.log(((K - 1) * accuracy) / (1 - accuracy));
  }
  const posterior = new Float64Array(answers.taskCount * K);
  for (let i = 0; i < answers.task.length; i++) {
    const cell = answers.task[i]! * K + answers.label[i]!;
    posterior[cell] = posterior[cell]! + workerWeight[answers.worker[i]!]!;
  }
  for (let t = 0; t < answers.taskCount; t++) normalizeLogRow(posterior, t * K, K);
  if (options.clampGold ?? true) clampGold(posterior, K, options.gold);
  return { ...summarizePosterior(posterior, K), workerAccuracy, workerWeight, goldAnswers };
}
