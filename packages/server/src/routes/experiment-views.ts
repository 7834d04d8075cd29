import type { ArmPayStanding, BonusRule, ExperimentResults, MetricRoi } from "@quorum/core";
import type { ExperimentRecord, LabelPrices } from "@quorum/storage";
import { iso } from "./cost-params.js";

/** One experiment as the API shows it: times as ISO text. */
export type ExperimentView = Omit<ExperimentRecord, "startedAt" | "stoppedAt" | "createdAt"> & {
  startedAt: string | null;
  stoppedAt: string | null;
  createdAt: string | null;
};
export function experimentView(experiment: ExperimentRecord): ExperimentView {
  return {
    ...experiment,
    startedAt: iso(experiment.startedAt),
    stoppedAt: iso(experiment.stoppedAt),
    createdAt: iso(experiment.createdAt),
  };
}
export interface ExperimentList {
  experiments: ExperimentView[];
}
export interface ExperimentResponse {
  experiment: ExperimentView;
}
/** `GET /experiments/{id}`: per arm, whether the cards in force pay its pay (null: the arm sets none). */
export interface ExperimentDetail extends ExperimentResponse {
  armPay: (ArmPayStanding | null)[];
}
/** `GET /experiments/{id}/results`. */
export interface ExperimentResultsView extends ExperimentResults {
  experiment: ExperimentView;
  armPay: (ArmPayStanding | null)[];
  exposed: number[];
  /** The currency of the money metrics' means (minor units per label, per hour); null: nothing priced yet. */
  currency: string | null;
  window: { from: string | null; to: string | null };
}
/** `POST /experiments/plan`. */
export interface ExperimentPlanView {
  designEffect: number;
  observationsPerArm: number;
  unitsPerArm: number;
  minimumDetectableLift: number;
  standardDeviation: number;
}
export interface BonusSchemeView {
  id: number;
  projectId: number;
  name: string;
  rule: BonusRule;
  currency: string;
  budgetMinor: number;
  spentMinor: number;
  remainingMinor: number;
  status: "open" | "closed";
  settledTo: string | null;
  createdAt: string | null;
  closedAt: string | null;
}
export interface BonusSchemeList {
  bonusSchemes: BonusSchemeView[];
}
export interface DatasetVersionView {
  id: number;
  projectId: number;
  name: string;
  frozenAt: string | null;
  taskCount: number;
  labelCount: number;
}
/** `GET /projects/{id}/roi`. */
export interface RoiView {
  prices: LabelPrices;
  assumptions: {
    pricePerLabel: number;
    upgradePricePerLabel: number;
    accuracy: number;
    improvedAccuracy: number;
    extraLabels: number;
    classes: number;
  } | null;
  datasetVersions: DatasetVersionView[];
  evaluations: {
    id: number;
    datasetVersionId: number;
    metric: string;
    value: number;
    labels: number;
    createdAt: string | null;
  }[];
  metrics: MetricRoi[];
}
