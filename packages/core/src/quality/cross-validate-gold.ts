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
