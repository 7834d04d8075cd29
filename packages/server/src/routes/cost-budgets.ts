import {
  BUDGET_PERIODS,
  budgetPeriodOver,
  budgetPeriodRange,
  checkSegmentCost,
  DEFAULT_BUDGET_THRESHOLDS,
  DomainError,
  invalidInput,
  monthPeriod,
  notFound,
  spendingPace,
  statusHeadline,
} from "@quorum/core";
import {
  type BudgetRecord,
  budgetScope,
  explainBudgetAgainstPlan,
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

/**
 * A budget's plan: the segments (task type × language, named as the ledger names them, e.g.
 * "classify × de") it was costed from; `hourlyRate` in major units of the budget's currency.
 * Each field out of range is refused by name (core's `checkSegmentCost`).
 */
const PlanSegment = z
  .object({
    segment: z.string().min(1).max(200),
    items: z.number(),
    overlap: z.number(),
    goldShare: z.number(),
    reworkShare: z.number(),
    minutesPerJudgment: z.number(),
    hourlyRate: z.number(),
  })
  .strict()
  .superRefine((segment, ctx) => {
    for (const problem of checkSegmentCost(segment))
      ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
  });
const Plan = z
  .array(PlanSegment)
  .max(500)
  .superRefine((segments, ctx) => {
    const seen = new Set<string>();
    segments.forEach((s, i) => {
      if (seen.has(s.segment)) ctx.addIssue({ code: "custom", path: [i, "segment"], message: "is listed twice" });
      seen.add(s.segment);
    });
  });

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
    plan: Plan.optional(),
  })
  .strict();

export const UpdateBudgetBody = z
  .object({
    amountMinor: MinorUnits.min(1).optional(),
    thresholds: Thresholds.optional(),
    /** null removes the plan. */
    plan: Plan.nullable().optional(),
  })
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
    summary:
      "Budgets with their burn, run rate (over the period so far, and over its last 7 days), forecasts to the period end (from the work left, and at each run rate; none once the period is over), the spending pace the headline weighs (with the days it averages), the headline figure the standing is judged by (the final spend, or the higher forecast) and thresholds reached.",
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
    summary:
      "Changes a budget's amount (not once its period is over: its spend is final), thresholds (thresholds already alerted stay alerted) or plan.",
    access: "cost.manage (admin, manager, finance)",
    body: UpdateBudgetBody,
    responses: { 200: "{budget}", 409: "amountMinor of a period that is over" },
  },
  {
    method: "get",
    path: "/cost/budgets/{id}/explain",
    tag: "Cost",
    summary:
      "Actual spend of the budget's period against its plan, by driver (LMDI-I over task type × language segments): the same JSON as GET /cost/explain with the plan as the base, so the drivers sum to actual − planned.",
    access: "cost.read (admin, manager, analyst, finance; not vendor leads)",
    responses: { 200: "{base, current, change, drivers, narrative, segments, unexplained}" },
  },
];

export async function budgetView(deps: AppDeps, budget: BudgetRecord) {
  const { database, now } = deps;
  const status = await readBudgetStatus(database.db, budget, now());
  const headline = statusHeadline(status);
  const pace = spendingPace(status, budget);
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
    plan: budget.plan,
    status: {
      spentMinor: status.spent,
      burn: status.burn,
      elapsed: status.elapsed,
      runRatePerDayMinor: status.runRatePerDay === null ? null : Math.round(status.runRatePerDay),
      forecastMinor: status.forecast,
      forecastAtRunRateMinor: status.forecastAtRunRate,
      recentRunRatePerDayMinor: status.recentRunRatePerDay === null ? null : Math.round(status.recentRunRatePerDay),
      recentDays: status.recentDays,
      forecastAtRecentRateMinor: status.forecastAtRecentRate,
      crossed: status.crossed,
      periodOver: status.periodOver,
      standing: headline.standing,
      /** The figure the budget is headed and judged by: the final spend, or the higher forecast. */
      headline: { basis: headline.basis, amountMinor: headline.amountMinor },
      /** The spending pace the headline weighs (this week's where known, else the period's); null once over. */
      pace: pace && { ...pace, ratePerDayMinor: Math.round(pace.ratePerDayMinor) },
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
      plan: body.plan ?? null,
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
    if (body.amountMinor !== undefined) {
      const current = await getBudget(database.db, id);
      if (!current) throw notFound("Budget");
      // An ended period's spend is final: a new amount would only rewrite how it is judged.
      if (budgetPeriodOver(current, now()))
        throw new DomainError("conflict", "The budget's period is over: its amount can no longer change", [
          { path: "amountMinor", message: "the period is over; its spend is final" },
        ]);
    }
    const budget = await updateBudget(database.db, id, {
      ...(body.amountMinor === undefined ? {} : { amountMinor: body.amountMinor }),
      ...(body.thresholds === undefined ? {} : { thresholds: [...new Set(body.thresholds)].sort((a, b) => a - b) }),
      ...(body.plan === undefined ? {} : { plan: body.plan }),
      now: now(),
    });
    if (!budget) throw notFound("Budget");
    return c.json({ budget: await budgetView(c.get("deps"), budget) });
  });

  app.get("/cost/budgets/:id/explain", async (c) => {
    requireCostRead(c);
    const db = c.get("deps").database.db;
    const budget = await getBudget(db, idParam(c, "id"));
    if (!budget) throw notFound("Budget");
    if (!budget.plan)
      throw invalidInput("The budget has no plan to explain its spend against", [
        { path: "plan", message: "set one with PATCH /cost/budgets/{id}" },
      ]);
    const explained = await explainBudgetAgainstPlan(db, {
      scope: budgetScope(budget),
      from: budget.periodStart,
      to: budget.periodEnd,
      currency: budget.currency,
      plan: budget.plan,
    });
    return c.json(explained);
  });
  return app;
}
