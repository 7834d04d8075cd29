import type { CostGroup, CostSummaryRow, earningsOf, explainLedgerCostChange, listCostPools } from "@quorum/storage";
import type { allocationView } from "./cost-allocation.js";
import type { budgetView } from "./cost-budgets.js";
import type { initiativeView } from "./cost-savings.js";
import type { rateCardView } from "./rate-cards.js";

/*
 * The cost routes' answers, for the web client (`import type`). Derived from the functions that
 * build them where those exist, so a change to a view changes its type here.
 */

export type RateCardView = ReturnType<typeof rateCardView>;
export interface RateCardList {
  rateCards: RateCardView[];
}
export interface RateCardResponse {
  rateCard: RateCardView;
}

export type CostSummaryRowView = CostSummaryRow & { fractionDigits: number };
export interface CostSummaryResponse {
  from: string;
  to: string;
  groupBy: CostGroup;
  rows: CostSummaryRowView[];
  unpricedJudgments: number;
}

type EarningsDay = Awaited<ReturnType<typeof earningsOf>>[number];
type WithWage<T> = T & { fractionDigits: number; hourlyWageMinor: number | null };
export interface EarningsResponse {
  from: string;
  to: string;
  /** The IANA zone whose local days `days` are. */
  timeZone: string;
  days: WithWage<Omit<EarningsDay, "day"> & { day: string }>[];
  totals: WithWage<{ currency: string; payMinor: number; activeMs: number; judgments: number }>[];
}

export type BudgetView = Awaited<ReturnType<typeof budgetView>>;
export interface BudgetList {
  budgets: BudgetView[];
}
export interface BudgetBurn {
  budgetId: number;
  currency: string;
  periodStart: string;
  periodEnd: string;
  amountMinor: number;
  thresholds: number[];
  spentMinor: number;
  forecastMinor: number | null;
  forecastAtRunRateMinor: number | null;
  /** The forecast the budget is headed and judged by (the higher one); null once the period is over. */
  headlineForecastMinor: number | null;
  days: { day: string; spentMinor: number; cumulativeMinor: number }[];
}

export type CostExplanation = Awaited<ReturnType<typeof explainLedgerCostChange>>;

export type PoolAllocationView = ReturnType<typeof allocationView>;
export interface AllocationsResponse {
  month: string;
  pools: PoolAllocationView[];
}
export type CostPoolView = Awaited<ReturnType<typeof listCostPools>>[number];

export type SavingsInitiativeView = ReturnType<typeof initiativeView>;
export interface InitiativeList {
  initiatives: SavingsInitiativeView[];
}
