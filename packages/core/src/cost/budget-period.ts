import { invalidInput } from "../errors.js";

export const BUDGET_PERIODS = ["month", "quarter"] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/**
 * The UTC period [start, end) of a budget that starts at `start`: a calendar month, or a
 * calendar quarter (starting in January, April, July or October). Refuses other starts, naming
 * the field `periodStart`.
 */
export function budgetPeriodRange(period: BudgetPeriod, start: number): { start: number; end: number } {
  const date = new Date(start);
  const month = date.getUTCMonth();
  if (start !== Date.UTC(date.getUTCFullYear(), month, 1))
    throw invalidInput("periodStart must be the first instant (UTC) of a month", [
      { path: "periodStart", message: "must be the first instant (UTC) of a month" },
    ]);
  if (period === "quarter" && month % 3 !== 0)
    throw invalidInput("periodStart of a quarter must be in January, April, July or October", [
      { path: "periodStart", message: "must start a calendar quarter" },
    ]);
  const length = period === "month" ? 1 : 3;
  return { start, end: Date.UTC(date.getUTCFullYear(), month + length, 1) };
}
