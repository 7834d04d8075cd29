import { invalidInput } from "../errors.js";

/**
 * The expected rise in a task's accuracy from asking `judgments` more answers (1 or 2) of an
 * annotator whose confusion matrix is `confusion` (K×K, row = true class, column = answer, rows
 * summing to 1), divided by `judgments`: Σ over the possible answers of max_k P(k)·P(answers | k),
 * minus max_k P(k), the accuracy of deciding now. Zero when no answer could change the decision;
 * large for a tie, which another answer breaks. Assumes the answers are independent given the
 * true class (as Dawid-Skene does) and that `posterior` is calibrated: an overconfident posterior
 * understates the gain. O(K^(judgments+1)).
 */
export function expectedAccuracyGain(
  posterior: ArrayLike<number>,
  confusion: ArrayLike<number>,
  judgments: 1 | 2 = 1,
): number {
  const K = posterior.length;
  if (confusion.length !== K * K) throw invalidInput("confusion must hold K×K probabilities");
  let now = 0;
  for (let k = 0; k < K; k++) now = Math.max(now, posterior[k]!);
  let after = 0;
  if (judgments === 1) {
    for (let l = 0; l < K; l++) {
      let best = 0;
      for (let k = 0; k < K; k++) best = Math.max(best, posterior[k]! * confusion[k * K + l]!);
      after += best;
    }
  } else {
    for (let l = 0; l < K; l++)
      for (let m = 0; m < K; m++) {
        let best = 0;
        for (let k = 0; k < K; k++)
          best = Math.max(best, posterior[k]! * confusion[k * K + l]! * confusion[k * K + m]!);
        after += best;
      }
  }
  return Math.max(0, after - now) / judgments;
}

/**
 * The most a task gains per judgment from one or two more answers of that annotator: the larger
 * of `expectedAccuracyGain` for one and for two (per judgment). Looking two ahead matters when a
 * single dissenting answer cannot overturn the leader but two can.
 */
export function judgmentValue(posterior: ArrayLike<number>, confusion: ArrayLike<number>): number {
  return Math.max(expectedAccuracyGain(posterior, confusion, 1), expectedAccuracyGain(posterior, confusion, 2));
}

/**
 * Softens (temperature > 1) or sharpens a posterior: p_k^(1/T), renormalised. Temperature
 * scaling is how an overconfident posterior is calibrated (Guo et al. 2017).
 */
export function temperPosterior(posterior: ArrayLike<number>, temperature: number): Float64Array {
  if (!(temperature > 0)) throw invalidInput("temperature must be positive");
  const K = posterior.length;
  const out = new Float64Array(K);
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < K; k++) {
    out[k] = Math.log(Math.max(posterior[k]!, 1e-300)) / temperature;
    max = Math.max(max, out[k]!);
  }
  let sum = 0;
  for (let k = 0; k < K; k++) {
    out[k] = Math.exp(out[k]! - max);
    sum += out[k]!;
  }
  for (let k = 0; k < K; k++) out[k] = out[k]! / sum;
  return out;
}
