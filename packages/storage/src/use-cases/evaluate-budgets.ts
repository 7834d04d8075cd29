import { currencyFractionDigits, DEFAULT_DATE_READER, daySlot, storedSentence } from "@quorum/core";
import type { Database } from "../database.js";
import { type Alert, openBudgetAlert } from "../repositories/alerts.js";
import { listBudgets, setAlertedThresholds } from "../repositories/budgets.js";
import { readBudgetStatus } from "./read-budget-status.js";

function money(minor: number, currency: string): string {
  const digits = currencyFractionDigits(currency);
  return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;
}

/**
 * Raises an alert for each threshold a budget in force has newly reached, its period named as
 * the UTC months it is: "April 2026" in the stored text, in each reader's language when read (its
 * months kept as instants, as a risk alert's days). Run on the monitor evaluation schedule rather
 * than on every ledger write: a budget's spend is one indexed sum per budget in force, while a
 * check per write would tax every judgment. Each threshold of a budget is raised once (a unique
 * index on the alert's budget and threshold), even when evaluators race.
 */
export async function evaluateBudgets(database: Database, options: { now: number }): Promise<Alert[]> {
  const { db } = database;
  const raised: Alert[] = [];
  for (const budget of await listBudgets(db, { from: options.now, to: options.now + 1 })) {
    const status = await readBudgetStatus(db, budget, options.now);
    if (status.alerts.length === 0) continue;
    for (const alert of status.alerts) {
      const scope =
        budget.projectId !== null ? `project ${budget.projectId}` : `business unit ${budget.businessUnitId}`;
      const forecast = alert.forecast === null ? "" : `; forecast ${money(alert.forecast, budget.currency)}`;
      const opened = await openBudgetAlert(db, {
        budgetId: budget.id,
        threshold: alert.threshold,
        projectId: budget.projectId,
        value: alert.spent,
        expected: alert.limit,
        // The period is UTC months, whatever the zone: only its name follows the reader.
        ...storedSentence(
          `Budget ${budget.id} (${scope}, ${daySlot.months(budget.periodStart, budget.periodEnd)}) reached ${alert.threshold}%: spent ${money(alert.spent, budget.currency)} of ${money(alert.limit, budget.currency)}${forecast}`,
          DEFAULT_DATE_READER,
          options.now,
        ),
        now: options.now,
      });
      if (opened) raised.push(opened);
    }
    await setAlertedThresholds(
      db,
      budget.id,
      [...new Set([...budget.alertedThresholds, ...status.crossed])].sort((a, b) => a - b),
    );
  }
  return raised;
}
