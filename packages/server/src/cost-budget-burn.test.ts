import { monthPeriod, ROLES } from "@quorum/core";
import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const DAY = 86_400_000;
const apr = monthPeriod("2026-04");
const NOW = apr.start + 9 * DAY + 3_600_000; // 2026-04-10, 01:00

function ledgerRow(projectId: number, businessUnitId: number, at: number, amountMinor: number, key: string) {
  return {
    project_id: projectId,
    business_unit_id: businessUnitId,
    vendor: null,
    annotator_id: null,
    language: "de",
    task_type: "single_choice",
    kind: "judgment",
    component: "base",
    amount_minor: amountMinor,
    currency: "USD",
    active_ms: 60_000,
    accepted_labels: 1,
    judgments: 1,
    task_id: null,
    judgment_id: null,
    judgment_ordinal: 1,
    is_gold: 0,
    rejected: 0,
    rate_card_id: null,
    source_key: key,
    note: null,
    created_by: null,
    at,
  };
}

describe.each(targets)("a budget's burn series on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let roles: Record<string, TestSession>;
  let budgetId = 0;
  let unitId = 0;

  beforeAll(async () => {
    t = await openTestApp(target, { now: NOW });
    roles = await signInEveryRole(t);
    const created = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Search", businessUnit: "Search", schema: { type: "single_choice", options: ["a", "b"] } },
    });
    const unit = await t.database.db
      .selectFrom("business_units")
      .select("id")
      .where("name", "=", "Search")
      .executeTakeFirstOrThrow();
    const projectId = created.json.id as number;
    unitId = Number(unit.id);
    await t.database.db
      .insertInto("cost_ledger")
      .values([
        ledgerRow(projectId, unitId, apr.start - DAY, 999, "march"), // before the period: not counted
        ledgerRow(projectId, unitId, apr.start + 2 * 3_600_000, 300, "a"),
        ledgerRow(projectId, unitId, apr.start + 5 * 3_600_000, 200, "b"),
        ledgerRow(projectId, unitId, apr.start + 3 * DAY, 700, "c"),
        ledgerRow(projectId, unitId, apr.start + 9 * DAY, 100, "d"),
      ])
      .execute();
    const budget = await t.call("POST", "/cost/budgets", {
      cookie: roles.manager!.cookie,
      body: { businessUnitId: unitId, period: "month", start: "2026-04", amountMinor: 2000, currency: "USD" },
    });
    expect(budget.status).toBe(201);
    budgetId = budget.json.budget.id;
  });
  afterAll(() => t.close());

  it("gives the spend of each UTC day of the period so far, cumulative, beside the amount", async () => {
    const burn = await t.call("GET", `/cost/budgets/${budgetId}/burn`, { cookie: roles.analyst!.cookie });
    expect(burn.status).toBe(200);
    expect(burn.json.days).toEqual([
      { day: "2026-04-01", spentMinor: 500, cumulativeMinor: 500 },
      { day: "2026-04-04", spentMinor: 700, cumulativeMinor: 1200 },
      { day: "2026-04-10", spentMinor: 100, cumulativeMinor: 1300 },
    ]);
    expect(burn.json).toMatchObject({
      amountMinor: 2000,
      spentMinor: 1300,
      currency: "USD",
      periodStart: "2026-04-01T00:00:00.000Z",
      periodEnd: "2026-05-01T00:00:00.000Z",
      thresholds: [50, 80, 100],
    });
  });

  it("gives finance the spending pace: spend per day over the last 7 days and where it ends the period", async () => {
    const { status, json } = await t.call("GET", `/cost/budgets/${budgetId}`, { cookie: roles.finance!.cookie });
    expect(status).toBe(200);
    const figures = json.budget.status;
    // The last 7 days (Apr 3, 01:00 to Apr 10, 01:00) spent 700 + 100.
    expect(figures.recentDays).toBe(7);
    expect(figures.recentRunRatePerDayMinor).toBe(114); // 800 / 7
    // 1300 spent + 800/7 a day for the 20 days 23 hours left: 3695, past the 2000; the work left
    // (none: the project has no tasks) forecasts only what is spent.
    expect(figures.forecastAtRecentRateMinor).toBe(3695);
    expect(figures.forecastMinor).toBe(1300);
    // The existing figures are still there, unchanged.
    expect(figures.spentMinor).toBe(1300);
    expect(figures.runRatePerDayMinor).toBe(Math.round((1300 / (9 * DAY + 3_600_000)) * DAY));
    // The pace the headline weighs, as core names it, so the card need not choose it again.
    expect(figures.pace).toEqual({ window: "recent", days: 7, ratePerDayMinor: 114, forecastMinor: 3695 });
  });

  it("heads the budget with the forecast its standing is judged by, and says which it is", async () => {
    const { json } = await t.call("GET", `/cost/budgets/${budgetId}`, { cookie: roles.finance!.cookie });
    expect(json.budget.status).toMatchObject({
      periodOver: false,
      standing: "at_risk",
      headline: { basis: "spending_pace", amountMinor: 3695 },
    });
    // The burn chart's forecast line ends at the same figure.
    const burn = await t.call("GET", `/cost/budgets/${budgetId}/burn`, { cookie: roles.finance!.cookie });
    expect(burn.json.headlineForecastMinor).toBe(3695);
  });

  it("gives the business unit's cost report the same forecasts and headline as the budget card", async () => {
    const path = `/reports/cost?businessUnitId=${unitId}&month=2026-04`;
    const { status, json } = await t.call("GET", path, { cookie: roles.finance!.cookie });
    expect(status).toBe(200);
    expect(json.report.spend.budget).toMatchObject({
      forecast: 1300,
      forecastAtRecentRate: 3695,
      pace: { window: "recent", days: 7, forecastMinor: 3695 },
      headline: { basis: "spending_pace", amountMinor: 3695, standing: "at_risk" },
    });
    const csv = await t.call("GET", `${path}&format=csv`, { cookie: roles.finance!.cookie });
    expect(csv.text).toContain(
      'Summary,"Forecast at period end (at the spending pace: 1.14 USD a day, the average of the last 7 days)",Value,36.95,USD',
    );
  });

  it("gives an ended period's spend as final: its forecasts are that spend, and the headline says final", async () => {
    const created = await t.call("POST", "/cost/budgets", {
      cookie: roles.finance!.cookie,
      body: { businessUnitId: unitId, period: "month", start: "2026-03", amountMinor: 800, currency: "USD" },
    });
    expect(created.status).toBe(201);
    const { json } = await t.call("GET", `/cost/budgets/${created.json.budget.id}`, { cookie: roles.finance!.cookie });
    expect(json.budget.status).toMatchObject({
      spentMinor: 999,
      periodOver: true,
      forecastMinor: 999,
      forecastAtRunRateMinor: 999,
      forecastAtRecentRateMinor: 999,
      standing: "over",
      headline: { basis: "final", amountMinor: 999 },
      pace: null,
    });
    const burn = await t.call("GET", `/cost/budgets/${created.json.budget.id}/burn`, { cookie: roles.finance!.cookie });
    // No headline forecast for a period that is over; the chart draws no forecast line past its end.
    expect([burn.json.forecastMinor, burn.json.forecastAtRunRateMinor, burn.json.headlineForecastMinor]).toEqual([
      999,
      999,
      null,
    ]);
  });

  it("is read by admins, managers, analysts and finance only, and 404s for an unknown budget", async () => {
    expect((await t.call("GET", `/cost/budgets/${budgetId}/burn`)).status).toBe(401);
    for (const role of ROLES) {
      const cookie = role === "admin" ? t.admin : roles[role]!.cookie;
      const status = (await t.call("GET", `/cost/budgets/${budgetId}/burn`, { cookie })).status;
      expect(status, role).toBe(["admin", "manager", "analyst", "finance"].includes(role) ? 200 : 403);
    }
    expect((await t.call("GET", "/cost/budgets/9999/burn", { cookie: t.admin })).status).toBe(404);
  });
});
