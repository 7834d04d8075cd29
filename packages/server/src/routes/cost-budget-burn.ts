import { localDate, notFound, statusHeadline } from "@quorum/core";
import { budgetScope, dailySpend, getBudget, readBudgetStatus } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readQuery } from "../validate.js";
import { iso, requireCostRead } from "./cost-access.js";
import type { BudgetBurn } from "./cost-views.js";
import { reportingTimeZone, TimeZoneQuery } from "./time-zone-param.js";

export const BudgetBurnQuery = z.object({ timeZone: TimeZoneQuery });

export const budgetBurnDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/cost/budgets/{id}/burn",
    tag: "Cost",
    summary:
      "A budget's spend day by day over its period so far (cumulative; local days of `timeZone`, default the workspace's zone), with the amount, thresholds and forecast to the period's end: the series of the console's burn chart.",
    access: "cost.read (admin, manager, analyst, finance); not vendor leads",
    query: BudgetBurnQuery,
    responses: { 200: "{budgetId, currency, periodStart, periodEnd, amountMinor, thresholds, forecastMinor, days}" },
  },
];

export function budgetBurnRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/cost/budgets/:id/burn", async (c) => {
    requireCostRead(c);
    const { database, now } = c.get("deps");
    const budget = await getBudget(database.db, idParam(c, "id"));
    if (!budget) throw notFound("Budget");
    const at = now();
    const timeZone = await reportingTimeZone(c, readQuery(c, BudgetBurnQuery).timeZone);
    const [daily, status] = await Promise.all([
      dailySpend(
        database.db,
        budgetScope(budget),
        budget.periodStart,
        Math.min(at, budget.periodEnd),
        budget.currency,
        timeZone,
      ),
      readBudgetStatus(database.db, budget, at),
    ]);
    let cumulative = 0;
    const days = daily.map((day) => {
      cumulative += day.amountMinor;
      return {
        day: localDate(day.day, timeZone),
        spentMinor: day.amountMinor,
        cumulativeMinor: cumulative,
      };
    });
    return c.json({
      budgetId: budget.id,
      currency: budget.currency,
      periodStart: iso(budget.periodStart)!,
      periodEnd: iso(budget.periodEnd)!,
      amountMinor: budget.amountMinor,
      thresholds: budget.thresholds,
      spentMinor: status.spent,
      forecastMinor: status.forecast,
      forecastAtRunRateMinor: status.forecastAtRunRate,
      headlineForecastMinor: status.periodOver ? null : statusHeadline(status).amountMinor,
      days,
    } satisfies BudgetBurn);
  });
  return app;
}
