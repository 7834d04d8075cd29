import { invalidInput } from "../errors.js";
import { type Random, randomInt, standardNormal } from "../quality/random.js";
import type { ExperimentUnit } from "./ratio-metric.js";

export interface SimulatedExperimentOptions {
  /** Arm names, the control first. Default ["A", "B"]. */
  arms?: readonly string[];
  /** Units per arm, in the order of `arms`. */
  unitsPerArm: readonly number[];
  /** The true relative lift of each arm over the control (the control's is 0). At most 0.1. */
  lifts: readonly number[];
  /** Mean accuracy of a unit. Default 0.7. */
  baseRate?: number;
  /** Standard deviation of the units' accuracies around it (what CUPED can explain). Default 0.1. */
  unitSpread?: number;
  /** Each unit answers between these many items, uniformly, in each period. Default [5, 15]. */
  itemsPerUnit?: readonly [number, number];
  /** Also draw a pre-period from the same unit accuracies. Default false. */
  prePeriod?: boolean;
}

/**
 * Simulated units of an accuracy experiment with a known answer, for tests and demos: each unit
 * has its own accuracy q (normal around `baseRate`, clipped to [0.05, 0.9]), answers a uniform
 * number of items and gets each right with probability q·(1 + lift of its arm). Item counts are
 * independent of q, so the true relative lift of Σ correct / Σ answered is exactly the arm's lift.
 */
export function simulateExperimentUnits(random: Random, options: SimulatedExperimentOptions): ExperimentUnit[] {
  const { arms = ["A", "B"], unitsPerArm, lifts, baseRate = 0.7, unitSpread = 0.1, prePeriod = false } = options;
  const [minItems, maxItems] = options.itemsPerUnit ?? [5, 15];
  if (unitsPerArm.length !== arms.length || lifts.length !== arms.length)
    throw invalidInput("unitsPerArm and lifts need one entry per arm");
  if (lifts.some((lift) => !(lift >= -1 && lift <= 0.1))) throw invalidInput("lifts must be in [-1, 0.1]");
  const answer = (rate: number) => {
    const items = minItems + randomInt(random, maxItems - minItems + 1);
    let correct = 0;
    for (let i = 0; i < items; i++) if (random() < rate) correct++;
    return { correct, items };
  };
  const units: ExperimentUnit[] = [];
  arms.forEach((arm, a) => {
    for (let i = 0; i < unitsPerArm[a]!; i++) {
      const accuracy = Math.min(0.9, Math.max(0.05, baseRate + unitSpread * standardNormal(random)));
      const post = answer(accuracy * (1 + lifts[a]!));
      const unit: ExperimentUnit = { unit: `${arm}-${i}`, arm, numerator: post.correct, denominator: post.items };
      if (prePeriod) {
        const pre = answer(accuracy);
        unit.preNumerator = pre.correct;
        unit.preDenominator = pre.items;
      }
      units.push(unit);
    }
  });
  return units;
}
