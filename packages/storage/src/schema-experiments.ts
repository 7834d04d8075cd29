import type { Generated } from "kysely";

/** Tables of experiments, incentives and ROI (migration 20261202070000-experiments). */
export interface ExperimentTables {
  experiments: ExperimentsTable;
  experiment_units: ExperimentUnitsTable;
  experiment_exposures: ExperimentExposuresTable;
  bonus_schemes: BonusSchemesTable;
  dataset_versions: DatasetVersionsTable;
  dataset_version_labels: DatasetVersionLabelsTable;
  model_evaluations: ModelEvaluationsTable;
}

export interface ExperimentsTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  hypothesis: Generated<string>;
  /** annotator | task */
  unit: string;
  /** draft | running | stopped */
  status: Generated<string>;
  salt: number;
  /** JSON array of core's `ExperimentArm` without `payCurrency`, the control first. */
  arms: string;
  /** The currency of every arm's `payRateMinor` (ISO 4217); null when no arm sets a pay, or unknown. */
  pay_currency: string | null;
  primary_metric: string;
  /** JSON array of `{metric, margin}`. */
  guardrails: Generated<string>;
  planned_units: number;
  started_at: number | null;
  stopped_at: number | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

/** The stratified draw at the start: one row per annotator with a history in the project. */
export interface ExperimentUnitsTable {
  project_id: number;
  experiment_id: number;
  unit_id: number;
  /** Index into the experiment's arms. */
  arm: number;
  stratum: number;
}

/** A unit's first lease in the experiment (annotator or task id). */
export interface ExperimentExposuresTable {
  project_id: number;
  experiment_id: number;
  unit_id: number;
  arm: number;
  exposed_at: number;
}

export interface BonusSchemesTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  /** JSON core `BonusRule`. */
  rule: string;
  currency: string;
  budget_minor: number;
  spent_minor: Generated<number>;
  /** open | closed */
  status: Generated<string>;
  /** Work up to here is settled (epoch ms). */
  settled_to: number;
  created_by: number | null;
  created_at: number;
  closed_at: number | null;
}

export interface DatasetVersionsTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  frozen_at: number;
  task_count: number;
  label_count: number;
  created_by: number | null;
  created_at: number;
}

/** A task's aggregate label as it was when the version was frozen. */
export interface DatasetVersionLabelsTable {
  project_id: number;
  version_id: number;
  task_id: number;
  label: string;
  judgments: number;
}

export interface ModelEvaluationsTable {
  id: Generated<number>;
  project_id: number;
  dataset_version_id: number;
  metric: string;
  value: number;
  labels: number;
  created_by: number | null;
  created_at: number;
}
