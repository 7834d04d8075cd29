import type { ExposureBudget } from "./exposure-budget.js";

/**
 * Hours of harmful content one person can work per day under a budget, for capacity planning
 * (exposure limits are a staffing constraint). The least of: the paid day; the daily minute limit;
 * the daily item limit times the average handling time; and the weekly limits spread over
 * `workdaysPerWeek`. Assumes handling time is spent evenly and that budgets, not demand, bind.
 */
export function harmfulHoursPerDay(
  budget: ExposureBudget,
  work: { averageHandlingSeconds: number; paidHoursPerDay: number; workdaysPerWeek?: number },
): number {
  const workdays = work.workdaysPerWeek ?? 5;
  const perItemHours = work.averageHandlingSeconds / 3600;
  const limits = [work.paidHoursPerDay];
  if (budget.minutesPerDay !== null) limits.push(budget.minutesPerDay / 60);
  if (budget.itemsPerDay !== null) limits.push(budget.itemsPerDay * perItemHours);
  if (budget.minutesPerWeek !== null) limits.push(budget.minutesPerWeek / 60 / workdays);
  if (budget.itemsPerWeek !== null) limits.push((budget.itemsPerWeek * perItemHours) / workdays);
  return Math.max(0, Math.min(...limits));
}
