import { type Calibration, calibratePosterior } from "../quality/calibration.js";
/**
 * Online truth inference for one task, on state that lives in the database: the task's
 * log-posterior scores per class and the annotator's K×K Dirichlet confusion counts (row: true
 * class, column: answer). Same update as `addJudgment` in `quality/online-posterior.ts`, on plain
 * arrays: O(K) per judgment, no recompute of other tasks.
 */
export interface PosteriorUpdate {
  /** The task's new log-posterior scores (unnormalised). */
  taskLogPosterior: number[];
  /** The annotator's new confusion counts. */
  workerCounts: number[];
  /** Normalised posterior, its leading class and probability. */
  posterior: number[];
  label: number;
  confidence: number;
}

/** A new annotator's counts: `strength` pseudo-answers per row, `accuracy` of them on the diagonal. */
export function priorConfusion(classCount: number, accuracy = 0.7, strength = 4): number[] {
  const K = classCount;
  const counts: number[] = [];
  for (let k = 0; k < K; k++)
    for (let l = 0; l < K; l++)
      counts.push(K === 1 ? strength : k === l ? strength * accuracy : (strength * (1 - accuracy)) / (K - 1));
  return counts;
}

export function normalise(logScores: readonly number[]): number[] {
  const max = Math.max(...logScores);
  const exp = logScores.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}

/**
 * Adds the answer `label` of an annotator to a task. `known` is the true class when the task is
 * gold (the annotator is then credited exactly); otherwise the annotator is credited with the
 * task's posterior from before this answer (leave-one-out). The returned posterior and confidence
 * go through `calibration` when given (as `onlineTaskStatus` does with the engine's), the
 * log-posterior scores never do.
 */
export function applyJudgment(options: {
  taskLogPosterior: readonly number[];
  workerCounts: readonly number[];
  label: number;
  known?: number | undefined;
  calibration?: Calibration | undefined;
}): PosteriorUpdate {
  const K = options.taskLogPosterior.length;
  const before = options.known === undefined ? normalise(options.taskLogPosterior) : oneHot(K, options.known);
  const counts = [...options.workerCounts];
  const scores = [...options.taskLogPosterior];
  for (let k = 0; k < K; k++) {
    let rowTotal = 0;
    for (let l = 0; l < K; l++) rowTotal += counts[k * K + l]!;
    scores[k] = scores[k]! + Math.log(counts[k * K + options.label]! / rowTotal);
    counts[k * K + options.label] = counts[k * K + options.label]! + before[k]!;
  }
  const posterior = options.calibration
    ? Array.from(calibratePosterior(options.calibration, normalise(scores)))
    : normalise(scores);
  let label = 0;
  for (let k = 1; k < K; k++) if (posterior[k]! > posterior[label]!) label = k;
  return { taskLogPosterior: scores, workerCounts: counts, posterior, label, confidence: posterior[label]! };
}

function oneHot(K: number, index: number): number[] {
  return Array.from({ length: K }, (_, k) => (k === index ? 1 : 0));
}

/**
 * An annotator's agreement with the inferred labels: the diagonal share of their confusion counts
 * once the prior's pseudo-answers are taken out, and the number of answers behind it.
 */
export function inferredAccuracy(
  counts: readonly number[],
  prior: readonly number[],
): { accuracy: number; answers: number } {
  const K = Math.round(Math.sqrt(counts.length));
  let diagonal = 0;
  let total = 0;
  for (let k = 0; k < K; k++)
    for (let l = 0; l < K; l++) {
      const credited = Math.max(0, counts[k * K + l]! - prior[k * K + l]!);
      total += credited;
      if (k === l) diagonal += credited;
    }
  return { accuracy: total > 0 ? diagonal / total : 0, answers: total };
}
