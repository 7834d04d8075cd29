import { type BudgetStatus, budgetPeriodOver, budgetStatus, recentSpendWindow } from "@quorum/core";
import type { Kysely } from "kysely";
import type { BudgetRecord } from "../repositories/budgets.js";
import { type LedgerScope, periodCost, remainingJudgments } from "../repositories/cost-ledger-sums.js";
import type { DB } from "../schema.js";

export function budgetScope(budget: BudgetRecord): LedgerScope {
  return budget.projectId !== null ? { projectId: budget.projectId } : { businessUnitId: budget.businessUnitId! };
}

/**
 * Where a budget stands at `now` (core's `budgetStatus`): spend from the ledger in the budget's
 * period and currency, and the forecast from the open work of its project (or of its business
 * unit's projects) at the period's cost per judgment so far; the spend of the last 7 days gives
 * the recent run rate.
 */
export async function readBudgetStatus(db: Kysely<DB>, budget: BudgetRecord, now: number): Promise<BudgetStatus> {
  const scope = budgetScope(budget);
  const cost = await periodCost(db, scope, budget.periodStart, budget.periodEnd, budget.currency);
  const window = recentSpendWindow(budget, now);
  const recent = window && (await periodCost(db, scope, window.from, window.to, budget.currency));
  return budgetStatus({
    budget: {
      id: budget.id,
      currency: budget.currency,
      limitMinor: budget.amountMinor,
      periodStart: budget.periodStart,
      periodEnd: budget.periodEnd,
    },
    spentMinor: cost.total,
    now,
    remainingJudgments: budgetPeriodOver(budget, now) ? 0 : await remainingJudgments(db, scope),
    costPerJudgmentMinor: cost.judgments > 0 ? cost.total / cost.judgments : null,
    thresholds: budget.thresholds,
    alreadyAlerted: budget.alertedThresholds,
    ...(recent ? { recentSpentMinor: recent.total } : {}),
  });
}
