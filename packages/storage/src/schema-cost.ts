import type { Generated } from "kysely";

/** Tables of cost, pay and budgets (migration 20261201220000-cost). Money: integer minor units of `currency`. */
export interface CostTables {
  rate_cards: RateCardsTable;
  cost_ledger: CostLedgerTable;
  budgets: BudgetsTable;
  cost_pools: CostPoolsTable;
  cost_pool_amounts: CostPoolAmountsTable;
  allocation_policies: AllocationPoliciesTable;
  savings_initiatives: SavingsInitiativesTable;
  savings_realised: SavingsRealisedTable;
  fair_pay_floors: FairPayFloorsTable;
}

/** Core's `RateCard`; a null scope field means "any". */
export interface RateCardsTable {
  id: Generated<number>;
  name: Generated<string>;
  currency: string;
  effective_from: number;
  effective_to: number | null;
  project_id: number | null;
  task_type: string | null;
  language: string | null;
  vendor: string | null;
  pay_per_judgment_minor: number;
  pay_per_active_hour_minor: number;
  review_pay_per_review_minor: number;
  review_pay_per_hour_minor: number;
  training_pay_per_hour_minor: number;
  platform_fee_bps: number;
  vendor_markup_bps: number;
  pay_rejected: number;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

/** One cost event (core's `CostEvent`), append-only, its dimensions as they were at `at`. */
export interface CostLedgerTable {
  id: Generated<number>;
  project_id: number | null;
  business_unit_id: number | null;
  vendor: string | null;
  annotator_id: number | null;
  language: string | null;
  task_type: string | null;
  /** Core's `CostEventKind`. */
  kind: string;
  /** Core's `CostComponent` (classifyCostEvent), stored so summaries group without reclassifying. */
  component: string;
  /** Signed. */
  amount_minor: number;
  currency: string;
  /** Paid time behind the row (effective hourly wage); negative on a correction that takes pay back. */
  active_ms: Generated<number>;
  /** +1 on the row that counts its task as an accepted label, −1 on the correction that takes it back. */
  accepted_labels: Generated<number>;
  /** +1 on a judgment's pay row, −1 on its correction. */
  judgments: Generated<number>;
  task_id: number | null;
  judgment_id: number | null;
  judgment_ordinal: number | null;
  is_gold: Generated<number>;
  rejected: Generated<number>;
  rate_card_id: number | null;
  /** What caused the row (`judgment:<project>:<id>`, ...): unique, so a retried cause never pays twice. */
  source_key: string;
  note: string | null;
  created_by: number | null;
  at: number;
}

export interface BudgetsTable {
  id: Generated<number>;
  /** Exactly one of project_id and business_unit_id is set. */
  project_id: number | null;
  business_unit_id: number | null;
  /** month | quarter */
  period: string;
  period_start: number;
  amount_minor: number;
  currency: string;
  /** JSON array of percentages of the amount that raise an alert. */
  thresholds: Generated<string>;
  /** JSON array of the thresholds already alerted this period. */
  alerted_thresholds: Generated<string>;
  /** JSON array of core's `SegmentCost`: the plan actual spend is explained against; null when none. */
  plan: Generated<string | null>;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface CostPoolsTable {
  id: Generated<number>;
  name: string;
  /** qa | tooling | management | idle_capacity | other */
  category: string;
  description: Generated<string>;
  currency: string;
  created_by: number | null;
  created_at: number;
  archived_at: number | null;
}

export interface CostPoolAmountsTable {
  pool_id: number;
  period_start: number;
  period_end: number;
  amount_minor: number;
  note: string | null;
  created_by: number | null;
  created_at: number;
}

/** Core's `AllocationPolicy`: one row per version of a pool's policy. */
export interface AllocationPoliciesTable {
  id: Generated<number>;
  pool_id: number;
  version: number;
  effective_from: number;
  /** even | driver | weights */
  method: string;
  driver: string | null;
  /** JSON `{ businessUnitId, weight }[]` for `weights`. */
  weights: string | null;
  created_by: number | null;
  created_at: number;
}

export interface SavingsInitiativesTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  project_id: number | null;
  business_unit_id: number | null;
  currency: string;
  /** The monthly cost before the initiative, the savings are measured against. */
  baseline_minor: number;
  baseline_note: Generated<string>;
  started_at: number;
  ended_at: number | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface SavingsRealisedTable {
  initiative_id: number;
  /** Epoch ms of the month's first instant (UTC). */
  month: number;
  realised_minor: number;
  note: string | null;
  created_at: number;
}

export interface FairPayFloorsTable {
  id: Generated<number>;
  region: string;
  currency: string;
  floor_per_hour_minor: number;
  effective_from: number;
  effective_to: number | null;
  created_by: number | null;
  created_at: number;
}
