import { invalidInput } from "../errors.js";
import type { GoldLabels } from "./answers.js";
import { mulberry32, shuffleInPlace } from "./random.js";
import { type GoldScore, scoreAgainstGold, type TaskPosteriors } from "./task-posteriors.js";

/**
 * Held-out accuracy of a method that learns from gold: the gold tasks are shuffled (seeded) into
 * `folds` groups; each group is scored by a fit that saw only the other groups' gold. Use it
 * instead of scoring a fit on the very gold it was given, which is trivially perfect when gold
 * tasks are clamped. `fit` receives the training gold and returns labels for every task.
 * Runs `fit` `min(folds, gold.size)` times; with fewer than two gold tasks nothing is scored.
 */
export function crossValidateGold(
  gold: GoldLabels,
  fit: (trainingGold: GoldLabels) => Pick<TaskPosteriors, "label">,
  options: { folds?: number; seed?: number } = {},
): GoldScore {
  const folds = Math.min(options.folds ?? 5, gold.size);
  if (!Number.isInteger(folds) || folds < 0) throw invalidInput("folds must be a non-negative integer");
  const tasks = [...gold.keys()];
  shuffleInPlace(tasks, mulberry32(options.seed ?? 1));
  let correct = 0;
  let total = 0;
  if (folds < 2) return { correct, total, accuracy: Number.NaN };
  for (let fold = 0; fold < folds; fold++) {
    const training = new Map<number, number>();
    const held = new Map<number, number>();
    tasks.forEach((task, index) => {
      (index % folds === fold ? held : training).set(task, gold.get(task)!);
    });
    const score = scoreAgainstGold(fit(training).label, held);
    correct += score.correct;
    total += score.total;
  }
  return { correct, total, accuracy: total === 0 ? Number.NaN : correct / total };
}

/**
 * Like `crossValidateGold`, but also returns, for every gold task, the posterior row of the fit
 * that did not see its gold (other tasks: the fit on all of `gold`, whose posteriors and labels
 * are `result` otherwise). That is what a calibration must be fitted on when the method learns
 * from gold: its own gold tasks are clamped to certainty.
 */
export function heldOutPosteriors(
  gold: GoldLabels,
  fit: (trainingGold: GoldLabels) => TaskPosteriors,
  full: TaskPosteriors,
  options: { folds?: number; seed?: number } = {},
): { result: TaskPosteriors; score: GoldScore } {
  const K = full.classCount;
  const posterior = Float64Array.from(full.posterior);
  const label = Int32Array.from(full.label);
  const confidence = Float64Array.from(full.confidence);
  const score = crossValidateGold(
    gold,
    (training) => {
      const fold = fit(training);
      for (const t of gold.keys()) {
        if (training.has(t)) continue;
        posterior.set(fold.posterior.subarray(t * K, (t + 1) * K), t * K);
        label[t] = fold.label[t]!;
        confidence[t] = fold.confidence[t]!;
      }
      return fold;
    },
    options,
  );
  return { result: { classCount: K, posterior, label, confidence }, score };
}
