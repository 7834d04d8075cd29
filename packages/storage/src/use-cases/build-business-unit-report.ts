import {
  buildCostReport,
  type CostReport,
  currencyFractionDigits,
  monthPeriod,
  notFound,
  previousMonth,
  recentSpendWindow,
  segmentsFromTotals,
} from "@quorum/core";
import type { Kysely } from "kysely";
import { listBudgets } from "../repositories/budgets.js";
import {
  dailySpend,
  periodCost,
  remainingJudgments,
  segmentTotals,
  spendByProject,
} from "../repositories/cost-ledger-sums.js";
import { listInitiatives, realisedSavings } from "../repositories/savings.js";
import type { DB } from "../schema.js";
import { allocateCostPools } from "./allocate-cost-pools.js";

/**
 * Reads everything the monthly report of a business unit needs from the ledger, budgets, pools
 * and initiatives, and builds it (core's `buildCostReport`). The budget shown is the unit's
 * monthly budget of that month, else the quarter holding it, with the spend of its last 7 days
 * for the spending pace's forecast.
 */
export async function buildBusinessUnitReport(
  db: Kysely<DB>,
  options: { businessUnitId: number; month: string; currency: string; now: number },
): Promise<CostReport> {
  const unit = await db
    .selectFrom("business_units")
    .select(["id", "name"])
    .where("id", "=", options.businessUnitId)
    .executeTakeFirst();
  if (!unit) throw notFound("Business unit");
  const { currency } = options;
  const period = monthPeriod(options.month);
  const before = monthPeriod(previousMonth(options.month));
  const scope = { businessUnitId: options.businessUnitId };
  const digits = currencyFractionDigits(currency);
  const budgets = (
    await listBudgets(db, { businessUnitId: options.businessUnitId, from: period.start, to: period.end })
  ).filter((b) => b.currency === currency);
  const budget = budgets.find((b) => b.period === "month") ?? budgets[0];
  const [current, previous, daily, baseTotals, currentTotals, projectsNow, projectsBefore, pools, initiatives] =
    await Promise.all([
      periodCost(db, scope, period.start, period.end, currency),
      periodCost(db, scope, before.start, before.end, currency),
      dailySpend(db, scope, period.start, period.end, currency),
      segmentTotals(db, scope, before.start, before.end, currency, false),
      segmentTotals(db, scope, period.start, period.end, currency, false),
      spendByProject(db, scope, period.start, period.end, currency),
      spendByProject(db, scope, before.start, before.end, currency),
      allocateCostPools(db, { from: period.start, to: period.end }),
      listInitiatives(db, { businessUnitId: options.businessUnitId }),
    ]);
  // A monthly budget's spend is the month's: no second sum over the same rows.
  const budgetSpend = !budget
    ? undefined
    : budget.periodStart === period.start && budget.periodEnd === period.end
      ? current
      : await periodCost(db, scope, budget.periodStart, budget.periodEnd, currency);
  // This week's spend, for the pace the budget card forecasts by (as `readBudgetStatus` reads it).
  const window = budget && recentSpendWindow(budget, options.now);
  const recentSpend = window ? await periodCost(db, scope, window.from, window.to, currency) : undefined;
  const realised = await realisedSavings(
    db,
    initiatives.map((i) => i.id),
  );
  const groups = new Map<string, { key: string; previousMinor: number; currentMinor: number }>();
  for (const row of projectsBefore)
    groups.set(row.name, { key: row.name, previousMinor: row.amountMinor, currentMinor: 0 });
  for (const row of projectsNow) {
    const group = groups.get(row.name) ?? { key: row.name, previousMinor: 0, currentMinor: 0 };
    group.currentMinor += row.amountMinor;
    groups.set(row.name, group);
  }
  return buildCostReport({
    businessUnit: { id: Number(unit.id), name: unit.name },
    month: options.month,
    currency,
    generatedAt: options.now,
    budget:
      budget && budgetSpend
        ? {
            id: budget.id,
            limitMinor: budget.amountMinor,
            periodStart: budget.periodStart,
            periodEnd: budget.periodEnd,
            spentMinor: budgetSpend.total,
            ...(recentSpend ? { recentSpentMinor: recentSpend.total } : {}),
          }
        : null,
    remainingJudgments: budget && options.now < budget.periodEnd ? await remainingJudgments(db, scope) : 0,
    costPerJudgmentMinor: budgetSpend && budgetSpend.judgments > 0 ? budgetSpend.total / budgetSpend.judgments : null,
    dailySpend: daily,
    current,
    previous,
    segments: {
      base: segmentsFromTotals(baseTotals, digits).segments,
      current: segmentsFromTotals(currentTotals, digits).segments,
    },
    allocations: pools
      .filter((p) => p.pool.currency === currency && p.poolMinor !== 0)
      .map((p) => ({
        pool: p.pool.name,
        policy: p.policy
          ? `${p.policy.method}${"driver" in p.policy ? ` by ${p.policy.driver}` : ""} v${p.policy.version}`
          : "no policy",
        poolMinor: p.poolMinor,
        allocatedMinor: p.allocations.find((a) => a.businessUnitId === options.businessUnitId)?.amountMinor ?? 0,
        unallocatedMinor: p.unallocatedMinor,
      })),
    savings: initiatives
      .filter((i) => i.currency === currency)
      .map((i) => ({
        initiative: i.name,
        baselineMinor: i.baselineMinor,
        realisedMinor: realised.find((r) => r.initiativeId === i.id && r.month === period.start)?.realisedMinor ?? 0,
      })),
    groups: [...groups.values()],
  });
}
