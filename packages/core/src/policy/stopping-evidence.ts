import { invalidInput } from "../errors.js";
import { type Calibration, calibratePosterior } from "../quality/calibration.js";
import { normalise } from "./posterior-update.js";

/**
 * How the stopping rule reads the online posterior when no calibration fitted on the project's
 * gold is at hand: temperature 1.5 (the online posterior is overconfident early, when worker
 * confusions rest on few answers; 1.5 was chosen on the gold of the tuning half of the replay,
 * among 1, 1.5 and 2.5).
 */
export const STOPPING_CALIBRATION: Calibration = {
  temperature: 1.5,
  thresholds: [],
  accuracies: [],
  counts: [],
  shrinkage: 0,
};

/** What `isSettled` values another judgment with. */
export interface StoppingEvidence {
  /** The task's calibrated posterior over the classes. */
  posterior: Float64Array;
  /** The confusion matrix (K×K, rows summing to 1) of the annotator whose next judgment is valued. */
  confusion: Float64Array;
}

/**
 * The inputs of the gain rule from the engine's state, the same for the live engine (the task's
 * stored log-posterior, the crowd prior's counts) and the replay (the online engine's log-posterior
 * row and worker prior): the posterior normalised and calibrated (`STOPPING_CALIBRATION` unless
 * given), and the Dirichlet counts (K×K) normalised row by row. O(K²).
 */
export function stoppingEvidence(
  logPosterior: ArrayLike<number>,
  confusionCounts: ArrayLike<number>,
  calibration: Calibration = STOPPING_CALIBRATION,
): StoppingEvidence {
  const K = logPosterior.length;
  if (confusionCounts.length !== K * K) throw invalidInput("confusion counts must hold K×K numbers for K classes");
  const confusion = new Float64Array(K * K);
  for (let k = 0; k < K; k++) {
    let total = 0;
    for (let l = 0; l < K; l++) total += confusionCounts[k * K + l]!;
    for (let l = 0; l < K; l++) confusion[k * K + l] = total > 0 ? confusionCounts[k * K + l]! / total : 1 / K;
  }
  return { posterior: calibratePosterior(calibration, normalise(Array.from(logPosterior))), confusion };
}
