import { COST_COMPONENTS, type CostComponent } from "@quorum/core";
import type { CostSummaryRowView } from "@quorum/server";

export type { CostComponent };
export const COMPONENT_COLORS: Record<CostComponent, string> = {
  base: "#4f46e5",
  overlap: "#0ea5e9",
  gold: "#f59e0b",
  rework: "#ef4444",
  review: "#10b981",
  bonus: "#a855f7",
  fees: "#64748b",
};

/** The summary's rows, largest total first (rows of other currencies after, each currency together). */
export function sortSummaryRows(rows: readonly CostSummaryRowView[]): CostSummaryRowView[] {
  return [...rows].sort((a, b) => a.currency.localeCompare(b.currency) || b.total - a.total);
}

export interface ComponentBars {
  /** One category per row: its label (and currency when the rows have several). */
  labels: string[];
  currency: string;
  /** Per component, each row's cost per accepted label in major units (0 without labels). */
  series: { component: CostComponent; values: number[] }[];
}

/**
 * The stacked bars of cost per accepted label by component, for the rows of one currency (the
 * first of the sorted rows'): each bar adds up to the row's cost per accepted label, as the
 * components add up to the total. Rows without accepted labels have no bar.
 */
export function componentBars(rows: readonly CostSummaryRowView[], limit = 12): ComponentBars | undefined {
  const sorted = sortSummaryRows(rows).filter((r) => r.acceptedLabels > 0);
  const currency = sorted[0]?.currency;
  if (!currency) return undefined;
  const shown = sorted.filter((r) => r.currency === currency).slice(0, limit);
  return {
    labels: shown.map((r) => r.label),
    currency,
    series: COST_COMPONENTS.map((component) => ({
      component,
      values: shown.map((r) => r.components[component] / r.acceptedLabels / 10 ** r.fractionDigits),
    })),
  };
}
