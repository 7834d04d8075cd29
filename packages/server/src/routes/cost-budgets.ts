import {
  BUDGET_PERIODS,
  budgetPeriodRange,
  DEFAULT_BUDGET_THRESHOLDS,
  invalidInput,
  monthPeriod,
  notFound,
} from "@quorum/core";
import {
  type BudgetRecord,
  getBudget,
  insertBudget,
  listBudgets,
  readBudgetStatus,
  updateBudget,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import type { AppDeps, AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, queryId, readJson, readQuery } from "../validate.js";
import { Currency, iso, MinorUnits, Month, requireCostManage, requireCostRead } from "./cost-access.js";

const Thresholds = z.array(z.number().int().min(1).max(1000)).min(1).max(10);

export const CreateBudgetBody = z
  .object({
    projectId: z.number().int().positive().optional(),
    businessUnitId: z.number().int().positive().optional(),
    period: z.enum(BUDGET_PERIODS),
    /** The period's first month. */
    start: Month,
    amountMinor: MinorUnits.min(1),
    currency: Currency,
    thresholds: Thresholds.optional(),
  })
  .strict();

export const UpdateBudgetBody = z
  .object({ amountMinor: MinorUnits.min(1).optional(), thresholds: Thresholds.optional() })
  .strict();

export const ListBudgetsQuery = z.object({
  projectId: queryId().optional(),
  businessUnitId: queryId().optional(),
  month: Month.optional().describe("Only budgets whose period holds this month"),
});

export const budgetDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/cost/budgets",
    tag: "Cost",
    summary:
      "Creates a budget of a project or a business unit for a month or a quarter, with alert thresholds (default 50/80/100%).",
    access: "cost.manage (admin, manager, finance)",
    body: CreateBudgetBody,
    example: { businessUnitId: 1, period: "quarter", start: "2026-10", amountMinor: 5_000_000, currency: "USD" },
    responses: { 201: "{budget}" },
  },
  {
    method: "get",
    path: "/cost/budgets",
    tag: "Cost",
    summary: "Budgets with their burn, run rate, forecast to the period end and thresholds reached.",
    access: "cost.read (admin, manager, analyst, finance; not vendor leads)",
    query: ListBudgetsQuery,
    responses: { 200: "{budgets}" },
  },
  {
    method: "get",
    path: "/cost/budgets/{id}",
    tag: "Cost",
    summary: "One budget and its status.",
    access: "cost.read (admin, manager, analyst, finance; not vendor leads)",
    responses: { 200: "{budget}" },
  },
  {
    method: "patch",
    path: "/cost/budgets/{id}",
    tag: "Cost",
    summary: "Changes a budget's amount or thresholds (thresholds already alerted stay alerted).",
    access: "cost.manage (admin, manager, finance)",
    body: UpdateBudgetBody,
    responses: { 200: "{budget}" },
  },
];

export async function budgetView(deps: AppDeps, budget: BudgetRecord) {
  const { database, now } = deps;
  const status = await readBudgetStatus(database.db, budget, now());
  return {
    id: budget.id,
    projectId: budget.projectId,
    businessUnitId: budget.businessUnitId,
    period: budget.period,
    periodStart: iso(budget.periodStart),
    periodEnd: iso(budget.periodEnd),
    amountMinor: budget.amountMinor,
    currency: budget.currency,
    thresholds: budget.thresholds,
    alertedThresholds: budget.alertedThresholds,
    status: {
      spentMinor: status.spent,
      burn: status.burn,
      elapsed: status.elapsed,
      runRatePerDayMinor: status.runRatePerDay === null ? null : Math.round(status.runRatePerDay),
      forecastMinor: status.forecast,
      forecastAtRunRateMinor: status.forecastAtRunRate,
      crossed: status.crossed,
    },
  };
}

export function budgetRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/cost/budgets", async (c) => {
    const user = requireCostManage(c);
    const body = await readJson(c, CreateBudgetBody);
    if ((body.projectId === undefined) === (body.businessUnitId === undefined))
      throw invalidInput("Give exactly one of projectId and businessUnitId", [
        { path: "projectId", message: "give a project or a business unit, not both nor neither" },
      ]);
    const { database, now } = c.get("deps");
    const db = database.db;
    if (
      body.projectId !== undefined &&
      !(await db.selectFrom("projects").select("id").where("id", "=", body.projectId).executeTakeFirst())
    )
      throw invalidInput("No such project", [{ path: "projectId", message: "no such project" }]);
    if (
      body.businessUnitId !== undefined &&
      !(await db.selectFrom("business_units").select("id").where("id", "=", body.businessUnitId).executeTakeFirst())
    )
      throw invalidInput("No such business unit", [{ path: "businessUnitId", message: "no such business unit" }]);
    const periodStart = monthPeriod(body.start).start;
    budgetPeriodRange(body.period, periodStart);
    const budget = await insertBudget(db, {
      projectId: body.projectId ?? null,
      businessUnitId: body.businessUnitId ?? null,
      period: body.period,
      periodStart,
      amountMinor: body.amountMinor,
      currency: body.currency,
      thresholds: [...new Set(body.thresholds ?? DEFAULT_BUDGET_THRESHOLDS)].sort((a, b) => a - b),
      createdBy: user.id,
      now: now(),
    });
    return c.json({ budget: await budgetView(c.get("deps"), budget) }, 201);
  });

  app.get("/cost/budgets", async (c) => {
    requireCostRead(c);
    const query = readQuery(c, ListBudgetsQuery);
    const period = query.month === undefined ? undefined : monthPeriod(query.month);
    const budgets = await listBudgets(c.get("deps").database.db, {
      ...(query.projectId === undefined ? {} : { projectId: query.projectId }),
      ...(query.businessUnitId === undefined ? {} : { businessUnitId: query.businessUnitId }),
      ...(period ? { from: period.start, to: period.end } : {}),
    });
    return c.json({ budgets: await Promise.all(budgets.map((b) => budgetView(c.get("deps"), b))) });
  });

  app.get("/cost/budgets/:id", async (c) => {
    requireCostRead(c);
    const budget = await getBudget(c.get("deps").database.db, idParam(c, "id"));
    if (!budget) throw notFound("Budget");
    return c.json({ budget: await budgetView(c.get("deps"), budget) });
  });

  app.patch("/cost/budgets/:id", async (c) => {
    requireCostManage(c);
    const id = idParam(c, "id");
    const body = await readJson(c, UpdateBudgetBody);
    const { database, now } = c.get("deps");
    const budget = await updateBudget(database.db, id, {
      ...(body.amountMinor === undefined ? {} : { amountMinor: body.amountMinor }),
      ...(body.thresholds === undefined ? {} : { thresholds: [...new Set(body.thresholds)].sort((a, b) => a - b) }),
      now: now(),
    });
    if (!budget) throw notFound("Budget");
    return c.json({ budget: await budgetView(c.get("deps"), budget) });
  });
  return app;
}
