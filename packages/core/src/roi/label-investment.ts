import { invalidInput } from "../errors.js";
import { studentTQuantile } from "../experiments/student-t-quantile.js";
import { type LearningCurveFit, learningCurveGradient, quadraticForm } from "./learning-curve.js";

/** A predicted fall in error, in error-rate units (0.012 = 1.2 points), with its 95% interval. */
export interface ErrorReduction {
  gain: number;
  standardError: number;
  interval: [number, number];
}

/**
 * How much the fitted error falls from `fromLabels` to `toLabels` (effective) labels:
 * err(from) − err(to) = a·(from^(−b) − to^(−b)), with its interval by the delta method on the
 * fit's covariance (the floor c cancels, so its uncertainty does not widen the gain).
 */
export function errorReduction(fit: LearningCurveFit, fromLabels: number, toLabels: number): ErrorReduction {
  if (!(fromLabels >= 1 && toLabels >= 1)) throw invalidInput("label counts must be ≥ 1");
  const from = learningCurveGradient(fit, fromLabels);
  const to = learningCurveGradient(fit, toLabels);
  const gain = fit.a * (from[0] - to[0]);
  const standardError = Math.sqrt(quadraticForm(fit.covariance, [from[0] - to[0], from[1] - to[1], 0]));
  const t = studentTQuantile(0.975, fit.degreesOfFreedom);
  return { gain, standardError, interval: [gain - t * standardError, gain + t * standardError] };
}

/**
 * How many clean labels one label of accuracy `accuracy` is worth, for symmetric noise over
 * `classes` classes: ((K·q − 1)/(K − 1))². Learning from labels flipped at rate η needs about
 * 1/(1 − 2η)² times the clean sample size (Angluin & Laird 1988; Natarajan et al. 2013); this is
 * that factor for K classes. A model of the noise, not a law: check it with a small relabelled
 * batch when the decision is close.
 */
export function labelInformation(accuracy: number, classes = 2): number {
  if (!(Number.isInteger(classes) && classes >= 2)) throw invalidInput("classes must be an integer ≥ 2");
  if (!(accuracy > 1 / classes && accuracy <= 1))
    throw invalidInput("label accuracy must be above chance and at most 1");
  return ((classes * accuracy - 1) / (classes - 1)) ** 2;
}

export interface LabelInvestmentOptions {
  fit: LearningCurveFit;
  /** Labels the model is trained on now. */
  labels: number;
  /** Option 1: buy this many more labels of today's quality... */
  extraLabels: number;
  /** ...at this price each, in minor units. */
  pricePerLabel: number;
  /** Option 2: raise the accuracy of all `labels` labels from `accuracy` to `improvedAccuracy`... */
  accuracy: number;
  improvedAccuracy: number;
  /** ...for this extra price per label (more overlap, expert review), in minor units. */
  upgradePricePerLabel: number;
  /** Classes of the labelling task. Default 2. */
  classes?: number;
}

export interface LabelInvestment {
  /** The fall in error rate it buys. */
  gain: ErrorReduction;
  /** What it costs, in minor units. */
  cost: number;
  /** Its break-even price of one metric point (0.01 of error rate), in minor units, rounded up; undefined when it gains nothing. */
  pricePerPoint: number | undefined;
}

export interface LabelInvestmentComparison {
  moreLabels: LabelInvestment;
  betterLabels: LabelInvestment;
  /** The option with the lower price per point. */
  cheaper: "more_labels" | "better_labels" | "neither";
}

/**
 * The break-even price of one metric point (one percentage point of error, 0.01): what a plan
 * costing `cost` minor units pays for each point it gains. Buy when a point is worth more to you
 * than this. Rounded up to a whole minor unit; undefined when the gain is not positive.
 */
export function breakEvenPricePerPoint(cost: number, gain: number): number | undefined {
  if (!(Number.isInteger(cost) && cost >= 0)) throw invalidInput("cost must be a whole number of minor units");
  if (!(gain > 0)) return undefined;
  // Shave float noise (67500.00000000001) before rounding up.
  return Math.ceil((cost / (gain * 100)) * (1 - 1e-12));
}

/**
 * Compares the two ways to spend on labels, from a fitted learning curve: N more labels of
 * today's quality move along the curve from n to n + N; better labels keep n but each carries
 * more information, so the model behaves as if trained on n·I(q')/I(q) labels (see
 * `labelInformation`). Each option's gain, cost and break-even price per point.
 */
export function compareLabelInvestments(options: LabelInvestmentOptions): LabelInvestmentComparison {
  const { fit, labels, extraLabels, pricePerLabel, accuracy, improvedAccuracy, upgradePricePerLabel } = options;
  if (!(Number.isInteger(extraLabels) && extraLabels >= 1))
    throw invalidInput("extraLabels must be a positive integer");
  for (const [name, price] of [
    ["pricePerLabel", pricePerLabel],
    ["upgradePricePerLabel", upgradePricePerLabel],
  ] as const) {
    if (!(Number.isInteger(price) && price >= 0)) throw invalidInput(`${name} must be a whole number of minor units`);
  }
  if (!(improvedAccuracy >= accuracy)) throw invalidInput("improvedAccuracy must be at least accuracy");
  const factor = labelInformation(improvedAccuracy, options.classes) / labelInformation(accuracy, options.classes);
  const option = (gain: ErrorReduction, cost: number): LabelInvestment => ({
    gain,
    cost,
    pricePerPoint: breakEvenPricePerPoint(cost, gain.gain),
  });
  const moreLabels = option(errorReduction(fit, labels, labels + extraLabels), extraLabels * pricePerLabel);
  const betterLabels = option(errorReduction(fit, labels, labels * factor), labels * upgradePricePerLabel);
  const price = (investment: LabelInvestment) => investment.pricePerPoint ?? Number.POSITIVE_INFINITY;
  const cheaper =
    moreLabels.pricePerPoint === undefined && betterLabels.pricePerPoint === undefined
      ? "neither"
      : price(moreLabels) <= price(betterLabels)
        ? "more_labels"
        : "better_labels";
  return { moreLabels, betterLabels, cheaper };
}
