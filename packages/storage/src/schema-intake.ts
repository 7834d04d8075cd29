import type { Generated } from "kysely";

/** Intake requests and their feasibility reports (migration 20261202050000-intake). */
export interface IntakeTables {
  intake_requests: IntakeRequestsTable;
}

export interface IntakeRequestsTable {
  id: Generated<number>;
  name: string;
  /** draft | assessed | accepted */
  status: string;
  /** Tasks to label. */
  volume: number;
  task_type: string;
  /** JSON label schema, as core's `parseLabelSchema` returns it. */
  label_schema: string;
  /** JSON array of BCP 47 tags. */
  languages: string;
  /** JSON skill requirements {skill: level}. */
  skills: string;
  /** Accuracy wanted of the aggregated labels, in (0, 1). */
  quality_target: number;
  overlap: number;
  deadline: number;
  budget_minor: number;
  currency: string;
  /** Expected active seconds per judgment of this task type, when the requester knows it. */
  seconds_per_judgment: number | null;
  guidelines: string;
  /** JSON `FeasibilityReport`, once assessed. */
  feasibility: string | null;
  assessed_at: number | null;
  /** The project the accepted request became. */
  project_id: number | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}
