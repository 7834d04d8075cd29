import { describeCostChange } from "./cost-change-narrative.js";
import { type CostChangeDecomposition, decomposeCostChange } from "./decompose-cost-change.js";
import { currencyFractionDigits, roundCostChange } from "./round-cost-change.js";
import { COST_DRIVERS, type CostDrivers, type SegmentCost } from "./segment-cost.js";

/** The public JSON of `quorum cost explain`: currency units, drivers adding up to the change exactly. */
export interface CostExplanation {
  base: number;
  current: number;
  change: number;
  drivers: CostDrivers;
}

/** A cost explanation with its sentences and the exact decompositions behind it. */
export interface ExplainedCostChange extends CostExplanation {
  /** The change of total cost, then of cost per accepted label, each in one sentence. */
  narrative: string[];
  total: CostChangeDecomposition;
  perAcceptedLabel: CostChangeDecomposition;
}

/**
 * Explains a cost change between two sets of segments the way `quorum cost explain` does: the
 * LMDI-I decomposition of the total rounded to the currency's minor units (the drivers still add
 * up to the change exactly), in currency units, plus one sentence for the total (quoting the
 * rounded figures) and one for cost per accepted label, their money written for `locale`.
 */
export function explainCostChange(
  base: readonly SegmentCost[],
  current: readonly SegmentCost[],
  currency: string,
  locale?: string,
): ExplainedCostChange {
  const digits = currencyFractionDigits(currency);
  const total = decomposeCostChange(base, current);
  const perAcceptedLabel = decomposeCostChange(base, current, "per_accepted_label");
  const rounded = roundCostChange(total, digits);
  const unit = (minor: number) => minor / 10 ** digits;
  const explanation: CostExplanation = {
    base: unit(rounded.base),
    current: unit(rounded.current),
    change: unit(rounded.change),
    drivers: Object.fromEntries(COST_DRIVERS.map((driver) => [driver, unit(rounded.drivers[driver])])) as CostDrivers,
  };
  return {
    ...explanation,
    narrative: [
      describeCostChange({ ...total, ...explanation }, currency, locale),
      describeCostChange(perAcceptedLabel, currency, locale),
    ],
    total,
    perAcceptedLabel,
  };
}
