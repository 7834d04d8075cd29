import type { EncodedAnswers } from "./answers.js";
import { type DawidSkeneOptions, type DawidSkeneResult, dawidSkene } from "./dawid-skene.js";

/** Options of `ordinalDawidSkene`: those of `dawidSkene` except the prior, which is built here. */
export interface OrdinalDawidSkeneOptions extends Omit<DawidSkeneOptions, "confusionPrior" | "smoothing"> {
  /** Total Dirichlet pseudo-count per confusion-matrix row. Default 0.01·K (0.01 per cell, as `dawidSkene`). */
  priorStrength?: number;
  /**
   * How fast the prior mass falls with the distance between true and given grade: a cell
   * `d` grades off the diagonal gets `decay^d` times the diagonal's mass. Default 1 (no decay).
   * On zhou-web (5 grades, priorStrength 5) decay 0.5 lowered gold accuracy from 0.854 to 0.775
   * and decay 0.9 to 0.846, so the decaying prior is opt-in.
   */
  decay?: number;
  /**
   * How a task's grade is read from its posterior: "median" (the smallest grade whose
   * cumulative posterior reaches 1/2: minimises the expected absolute error in grades) or
   * "mode" (the most probable grade: minimises the expected number of wrong grades).
   * Default "median".
   */
  decision?: "median" | "mode";
}

/** `dawidSkene`'s result with the ordinal decision applied, plus each task's mean grade. */
export interface OrdinalDawidSkeneResult extends DawidSkeneResult {
  /** Posterior mean grade per task, in class-index units (0 … K-1). */
  expectedGrade: Float64Array;
}

/**
 * The pseudo-count matrix of `ordinalDawidSkene`: row `k` (true grade) puts mass proportional
 * to `decay^|k-l|` on given grade `l`, scaled so that each row sums to `strength`.
 */
export function distanceDecayPrior(classCount: number, strength: number, decay: number): Float64Array {
  const prior = new Float64Array(classCount * classCount);
  for (let k = 0; k < classCount; k++) {
    let total = 0;
    for (let l = 0; l < classCount; l++) total += decay ** Math.abs(k - l);
    for (let l = 0; l < classCount; l++) prior[k * classCount + l] = (strength * decay ** Math.abs(k - l)) / total;
  }
  return prior;
}

/**
 * Dawid-Skene for ordinal ratings (grades ordered by class index, e.g. relevance 0-4). The
 * order is respected in two ways:
 * 1. the reported grade is by default the posterior median, which minimises the expected
 *    absolute grade error, rather than the mode. On zhou-web it lowered the mean absolute error
 *    in every setting tried (0.216 → 0.214 grades with the default prior, 0.185 → 0.176 with
 *    `priorStrength` 5) and raised accuracy slightly (0.8221 → 0.8228, 0.849 → 0.854);
 * 2. optionally (`decay` < 1) each worker's confusion matrix gets a Dirichlet prior whose mass
 *    decays with the distance between true and given grade (`distanceDecayPrior`), so a sparse
 *    worker is presumed to err by one grade more often than by four. Off by default because it
 *    did not help on the data we measured (see `decay`); a stronger flat prior
 *    (`priorStrength` ≈ K) did, at the risk `dawidSkene`'s `smoothing` describes.
 * Everything else (EM, gold clamping, stopping rule, returned fields) is `dawidSkene`'s; the
 * confidence is the posterior probability of the reported grade.
 */
export function ordinalDawidSkene(
  answers: EncodedAnswers,
  options: OrdinalDawidSkeneOptions = {},
): OrdinalDawidSkeneResult {
  const K = answers.classCount;
  const { priorStrength = 0.01 * K, decay = 1, decision = "median", ...rest } = options;
  const fit = dawidSkene(answers, { ...rest, confusionPrior: distanceDecayPrior(K, priorStrength, decay) });
  const expectedGrade = new Float64Array(answers.taskCount);
  for (let t = 0; t < answers.taskCount; t++) {
    let mean = 0;
    let cumulative = 0;
    let median = -1;
    for (let k = 0; k < K; k++) {
      const p = fit.posterior[t * K + k]!;
      mean += k * p;
      cumulative += p;
      if (median < 0 && cumulative >= 0.5 - 1e-12) median = k;
    }
    expectedGrade[t] = mean;
    if (decision === "median") {
      fit.label[t] = median;
      fit.confidence[t] = fit.posterior[t * K + median]!;
    }
  }
  return { ...fit, expectedGrade };
}
