import {
  currencyFractionDigits,
  explainCostChange,
  type LedgerSegments,
  type SegmentCost,
  segmentsFromTotals,
} from "@quorum/core";
import type { Kysely } from "kysely";
import { type LedgerScope, segmentTotals } from "../repositories/cost-ledger-sums.js";
import type { DB } from "../schema.js";

/**
 * Why cost moved between a base period and a current one, from the ledger: the segments (task
 * type × language, × vendor when asked) of each period factored so that each segment's cost is
 * its ledger cost (core's `segmentsFromTotals`), then the same explanation as `quorum cost
 * explain` on those segments. Cost no segment can carry (no accepted items or no active time)
 * is reported apart as unexplained.
 */
export async function explainLedgerCostChange(
  db: Kysely<DB>,
  options: {
    scope: LedgerScope;
    base: { from: number; to: number };
    current: { from: number; to: number };
    currency: string;
    byVendor: boolean;
    /** The reader's locale the narrative writes money for (core's default, en-US, without). */
    locale?: string;
  },
) {
  const digits = currencyFractionDigits(options.currency);
  const [baseTotals, currentTotals] = await Promise.all([
    segmentTotals(db, options.scope, options.base.from, options.base.to, options.currency, options.byVendor),
    segmentTotals(db, options.scope, options.current.from, options.current.to, options.currency, options.byVendor),
  ]);
  return explainSegments(segmentsFromTotals(baseTotals, digits), segmentsFromTotals(currentTotals, digits), {
    currency: options.currency,
    digits,
    ...(options.locale ? { locale: options.locale } : {}),
  });
}

/**
 * Actual spend of a budget's period (its ledger segments, task type × language) explained
 * against its plan: the plan is the base, so the drivers sum to actual − planned. The plan's
 * amounts are in major units of the budget's currency, like the ledger segments.
 */
export async function explainBudgetAgainstPlan(
  db: Kysely<DB>,
  budget: { scope: LedgerScope; from: number; to: number; currency: string; plan: readonly SegmentCost[] },
) {
  const digits = currencyFractionDigits(budget.currency);
  const totals = await segmentTotals(db, budget.scope, budget.from, budget.to, budget.currency, false);
  return explainSegments({ segments: [...budget.plan], unexplainedMinor: 0 }, segmentsFromTotals(totals, digits), {
    currency: budget.currency,
    digits,
  });
}

function explainSegments(
  base: LedgerSegments,
  current: LedgerSegments,
  options: { currency: string; digits: number; locale?: string },
) {
  const { digits } = options;
  const explained = explainCostChange(base.segments, current.segments, options.currency, options.locale);
  const unit = (minor: number) => minor / 10 ** digits;
  return {
    base: explained.base,
    current: explained.current,
    change: explained.change,
    drivers: explained.drivers,
    narrative: explained.narrative,
    currency: options.currency,
    quality: explained.total.quality,
    segments: { base: base.segments, current: current.segments },
    unexplained: { base: unit(base.unexplainedMinor), current: unit(current.unexplainedMinor) },
  };
}
