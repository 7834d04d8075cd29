import { DomainError } from "../errors.js";
import { compareLabelInvestments, type LabelInvestmentComparison } from "./label-investment.js";
import { fitLearningCurve, type LearningCurveFit, predictError } from "./learning-curve.js";

/** A model evaluation as the ML pipeline records it against a dataset version. */
export interface ModelEvaluationPoint {
  metric: string;
  value: number;
  labels: number;
}

const ERROR_METRIC = /(error|loss|wer|cer|mae|rmse)$/i;

/** Metrics named like an error (…error, loss, WER, CER, MAE, RMSE) are errors; others (accuracy, F1) are 1 − error. */
export function evaluationError(metric: string, value: number): number {
  return ERROR_METRIC.test(metric) ? value : 1 - value;
}

export interface MetricRoi {
  metric: string;
  points: { labels: number; error: number }[];
  fit?: Pick<LearningCurveFit, "a" | "b" | "c" | "intervals" | "exponentAtBound">;
  /** Predicted error along the curve, for the chart, with 95% intervals. */
  curve: { labels: number; error: number; lower: number; upper: number }[];
  investment?: LabelInvestmentComparison;
  /** Why no fit (fewer than 4 evaluations at 3 sizes, ...). */
  unavailable?: string;
}

export interface RoiPrices {
  /** Cost of one more label of today's quality (cost per accepted label), minor units. */
  pricePerLabel: number;
  /** Extra cost per label for better labels (one more judgment each), minor units. */
  upgradePricePerLabel: number;
  accuracy: number;
  improvedAccuracy: number;
  extraLabels: number;
  classes: number;
}

/**
 * Per metric: the learning curve err = a·n^(−b) + c through its evaluations (`fitLearningCurve`),
 * its predictions to twice the largest size, and the two ways to spend on the next labels
 * (`compareLabelInvestments`) from the largest size evaluated.
 */
export function projectRoi(evaluations: readonly ModelEvaluationPoint[], prices: RoiPrices | undefined): MetricRoi[] {
  const byMetric = new Map<string, { labels: number; error: number }[]>();
  for (const e of evaluations) {
    const list = byMetric.get(e.metric) ?? [];
    list.push({ labels: e.labels, error: evaluationError(e.metric, e.value) });
    byMetric.set(e.metric, list);
  }
  return [...byMetric].map(([metric, points]) => {
    points.sort((a, b) => a.labels - b.labels);
    try {
      const fit = fitLearningCurve(points);
      const largest = points[points.length - 1]!.labels;
      const smallest = points[0]!.labels;
      const curve = Array.from({ length: 25 }, (_, i) => {
        const labels = Math.round(smallest * ((2 * largest) / smallest) ** (i / 24));
        const p = predictError(fit, Math.max(1, labels));
        return { labels, error: p.error, lower: p.interval[0], upper: p.interval[1] };
      });
      let investment: LabelInvestmentComparison | undefined;
      if (prices && prices.accuracy > 1 / prices.classes && prices.improvedAccuracy >= prices.accuracy) {
        investment = compareLabelInvestments({ fit, labels: largest, ...prices });
      }
      const { a, b, c, intervals, exponentAtBound } = fit;
      return {
        metric,
        points,
        fit: { a, b, c, intervals, exponentAtBound },
        curve,
        ...(investment ? { investment } : {}),
      };
    } catch (error) {
      if (error instanceof DomainError) return { metric, points, curve: [], unavailable: error.message };
      throw error;
    }
  });
}
