import type { ExperimentMetric } from "@quorum/core";
import { formatMoney, formatUnitCost } from "./money.js";

/**
 * An arm's mean of an experiment metric the way its reader reads it: shares as percentages, the
 * money metrics (their means are minor units) as money in `currency`, handling time in seconds,
 * throughput as judgments per active hour; all in `locale`. Without a currency a money metric's
 * mean is a plain number of minor units, never scientific notation.
 */
export function formatArmMean(
  metric: ExperimentMetric,
  mean: number,
  options: { locale: string; currency: string | null },
): string {
  const { locale, currency } = options;
  switch (metric) {
    case "gold_accuracy":
    case "agreement":
    case "retention":
      return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(mean);
    case "cost_per_accepted_label":
      if (currency) return formatUnitCost(mean, currency, { locale });
      break;
    case "earnings_per_hour":
      if (currency) return formatMoney(mean, currency, { locale });
      break;
    case "handling_time":
      return new Intl.NumberFormat(locale, { style: "unit", unit: "second", maximumFractionDigits: 1 }).format(mean);
  }
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(mean);
}
