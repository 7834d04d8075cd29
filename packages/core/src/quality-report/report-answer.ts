import type { LabelValue } from "../label-schema.js";

/** A judgment as the quality report reads it, with what is known of its task's truth. */
export interface ReportAnswer {
  taskId: number;
  annotatorId: number;
  value: LabelValue;
  guidelineVersion: number;
  /** "" when the task has no language. */
  language: string;
  gold: LabelValue | null;
  /** The task's current aggregate label, if any. */
  aggregate: LabelValue | null;
}

/** A judgment keyed for agreement statistics: ids and labels as strings (`labelKey`). */
export interface KeyedAnswer {
  task: string;
  worker: string;
  label: string;
  value: LabelValue;
  language: string;
  version: string;
  gold: string | null;
  aggregate: string | null;
}
