import { invalidInput } from "../errors.js";
import {
  type BudgetHeadline,
  type BudgetStatus,
  budgetStatus,
  type SpendingPace,
  spendingPace,
  statusHeadline,
} from "./budget-status.js";
import { COST_COMPONENTS, type CostComponents, zeroComponents } from "./cost-event.js";
import { type ExplainedCostChange, explainCostChange } from "./cost-explanation.js";
import { currencyFractionDigits } from "./round-cost-change.js";
import type { SegmentCost } from "./segment-cost.js";

const DAY_MS = 86_400_000;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A calendar month "YYYY-MM" as the UTC period [start, end). */
export function monthPeriod(month: string): { month: string; start: number; end: number } {
  const match = MONTH.exec(month);
  if (!match) throw invalidInput("month must be YYYY-MM", [{ path: "month", message: "must be YYYY-MM" }]);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { month, start: Date.UTC(year, index, 1), end: Date.UTC(year, index + 1, 1) };
}

/** The month before "YYYY-MM". */
export function previousMonth(month: string): string {
  const { start } = monthPeriod(month);
  const date = new Date(start - DAY_MS);
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** A period's cost and accepted labels, split into components (minor units). */
export interface PeriodCost {
  total: number;
  acceptedLabels: number;
  components: CostComponents;
}

/** What the report of one business unit's month is built from (all money in minor units of `currency`). */
export interface CostReportInput {
  businessUnit: { id: number; name: string };
  month: string;
  currency: string;
  generatedAt: number;
  /**
   * The month's budget of the unit, if any (its own period may be a quarter); `recentSpentMinor`
   * is what was spent in its `recentSpendWindow` at `generatedAt`, for this week's pace.
   */
  budget: {
    id: number;
    limitMinor: number;
    periodStart: number;
    periodEnd: number;
    spentMinor: number;
    recentSpentMinor?: number;
  } | null;
  /** For the budget's forecast: judgments still expected in its period and the current cost per judgment. */
  remainingJudgments: number;
  costPerJudgmentMinor: number | null;
  /** Spend per UTC day of the month (missing days spent nothing). */
  dailySpend: readonly { day: number; amountMinor: number }[];
  current: PeriodCost;
  previous: PeriodCost;
  /** Segments (task type × language) of the previous and this month, for the drivers. */
  segments: { base: readonly SegmentCost[]; current: readonly SegmentCost[] };
  /** Shared pools this unit received a part of in the month. */
  allocations: readonly {
    pool: string;
    policy: string;
    poolMinor: number;
    allocatedMinor: number;
    unallocatedMinor: number;
  }[];
  savings: readonly { initiative: string; baselineMinor: number; realisedMinor: number }[];
  /** Spend by project (or any group) in both months, for the top changes. */
  groups: readonly { key: string; previousMinor: number; currentMinor: number }[];
}

export interface CostReport {
  businessUnit: { id: number; name: string };
  month: string;
  previousMonth: string;
  currency: string;
  fractionDigits: number;
  generatedAt: number;
  spend: {
    spentMinor: number;
    /** Direct cost plus shared pools allocated to the unit. */
    withAllocationsMinor: number;
    /**
     * The budget's status with its headline (the final spend, or the higher of the work left's
     * forecast and the spending pace's) and the pace that forecast assumes, as the budget card has them.
     */
    budget:
      | (BudgetStatus & { periodStart: number; periodEnd: number; headline: BudgetHeadline; pace: SpendingPace | null })
      | null;
    /** Cumulative spend at the end of each day of the month gone by at `generatedAt` (for the burn chart). */
    burn: { day: number; cumulativeMinor: number }[];
    daysInMonth: number;
  };
  perLabel: {
    current: PeriodCost & { perAcceptedLabelMinor: number | null };
    previous: PeriodCost & { perAcceptedLabelMinor: number | null };
    /** Each component per accepted label this month and last (minor units, not rounded). */
    components: {
      component: keyof CostComponents;
      currentMinor: number;
      previousMinor: number;
      perLabelMinor: number | null;
    }[];
  };
  /** Drivers of the change from last month, in currency units, adding up to the change exactly. */
  drivers: Pick<ExplainedCostChange, "base" | "current" | "change" | "drivers" | "narrative">;
  allocations: CostReportInput["allocations"];
  savings: { rows: CostReportInput["savings"]; totalRealisedMinor: number };
  topChanges: {
    key: string;
    previousMinor: number;
    currentMinor: number;
    changeMinor: number;
    percent: number | null;
  }[];
}

const TOP_CHANGES = 5;

function withPerLabel(period: PeriodCost) {
  return { ...period, perAcceptedLabelMinor: period.acceptedLabels > 0 ? period.total / period.acceptedLabels : null };
}

/**
 * The monthly cost report of one business unit: spend against its budget (burn, run rate,
 * the forecasts from the work left and at the spending pace, the headline the budget card gives,
 * thresholds reached) with the cumulative burn by day, cost per accepted label and its
 * components this month and last, the drivers of the change from last month (LMDI-I, rounded so
 * they add up to the change) with their sentences, the shared pools allocated to the unit,
 * savings realised, and the five largest changes by group. Pure: the caller reads the ledger.
 */
export function buildCostReport(input: CostReportInput): CostReport {
  const period = monthPeriod(input.month);
  const fractionDigits = currencyFractionDigits(input.currency);
  let cumulative = 0;
  const byDay = new Map<number, number>();
  for (const { day, amountMinor } of input.dailySpend) {
    if (day < period.start || day >= period.end) throw invalidInput(`dailySpend: day ${day} is outside ${input.month}`);
    byDay.set(day, (byDay.get(day) ?? 0) + amountMinor);
  }
  const burn: CostReport["spend"]["burn"] = [];
  // Days not begun at `generatedAt` are left out: the chart's line stops at today.
  for (let day = period.start; day < Math.min(period.end, input.generatedAt); day += DAY_MS) {
    cumulative += byDay.get(day) ?? 0;
    burn.push({ day, cumulativeMinor: cumulative });
  }
  const budget = input.budget ? reportBudget(input.budget, input) : null;
  const current = withPerLabel(input.current);
  const previous = withPerLabel(input.previous);
  const explained = explainCostChange(input.segments.base, input.segments.current, input.currency);
  const topChanges = input.groups
    .map((group) => ({
      ...group,
      changeMinor: group.currentMinor - group.previousMinor,
      percent:
        group.previousMinor !== 0 ? ((group.currentMinor - group.previousMinor) / group.previousMinor) * 100 : null,
    }))
    .filter((group) => group.changeMinor !== 0)
    .sort((a, b) => Math.abs(b.changeMinor) - Math.abs(a.changeMinor) || (a.key < b.key ? -1 : 1))
    .slice(0, TOP_CHANGES);
  const allocated = input.allocations.reduce((sum, row) => sum + row.allocatedMinor, 0);
  return {
    businessUnit: input.businessUnit,
    month: input.month,
    previousMonth: previousMonth(input.month),
    currency: input.currency,
    fractionDigits,
    generatedAt: input.generatedAt,
    spend: {
      spentMinor: input.current.total,
      withAllocationsMinor: input.current.total + allocated,
      budget,
      burn,
      daysInMonth: Math.round((period.end - period.start) / DAY_MS),
    },
    perLabel: {
      current,
      previous,
      components: COST_COMPONENTS.map((component) => ({
        component,
        currentMinor: input.current.components[component],
        previousMinor: input.previous.components[component],
        perLabelMinor: current.acceptedLabels > 0 ? input.current.components[component] / current.acceptedLabels : null,
      })),
    },
    drivers: {
      base: explained.base,
      current: explained.current,
      change: explained.change,
      drivers: explained.drivers,
      narrative: explained.narrative,
    },
    allocations: input.allocations,
    savings: {
      rows: input.savings,
      totalRealisedMinor: input.savings.reduce((sum, row) => sum + row.realisedMinor, 0),
    },
    topChanges,
  };
}

function reportBudget(
  budget: NonNullable<CostReportInput["budget"]>,
  input: CostReportInput,
): NonNullable<CostReport["spend"]["budget"]> {
  const status = budgetStatus({
    budget: { ...budget, currency: input.currency },
    spentMinor: budget.spentMinor,
    now: Math.min(input.generatedAt, budget.periodEnd),
    remainingJudgments: input.remainingJudgments,
    costPerJudgmentMinor: input.costPerJudgmentMinor,
    ...(budget.recentSpentMinor === undefined ? {} : { recentSpentMinor: budget.recentSpentMinor }),
  });
  return {
    ...status,
    periodStart: budget.periodStart,
    periodEnd: budget.periodEnd,
    headline: statusHeadline(status),
    pace: spendingPace(status, budget),
  };
}

/** An empty period (no cost, no labels). */
export function emptyPeriodCost(): PeriodCost {
  return { total: 0, acceptedLabels: 0, components: zeroComponents() };
}
