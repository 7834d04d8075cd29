import { monthPeriod } from "@quorum/core";
import { type Database, evaluateBudgets, testTargets } from "@quorum/storage";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMonitoringWorker } from "./monitoring/monitoring-worker.js";
import type { TestSession } from "./test-client.js";
import { openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const MINUTE = 60_000;
const feb = monthPeriod("2026-02");
const mar = monthPeriod("2026-03");
const apr = monthPeriod("2026-04");
const NOW = apr.start + 9 * 86_400_000; // 2026-04-10

/**
 * Ledger rows of judgments: `items` tasks × `overlap` judgments each (the first counts the
 * accepted label), each paid `payMinor` for `minutes` of active time; `gold` more on gold tasks.
 */
function judgments(options: {
  key: string;
  at: number;
  businessUnitId: number;
  projectId: number;
  language: string;
  items: number;
  overlap: number;
  payMinor: number;
  minutes: number;
  gold?: number;
  annotatorId?: number;
}) {
  const rows = [];
  for (let task = 0; task < options.items + (options.gold ?? 0); task++) {
    const gold = task >= options.items;
    for (let ordinal = 1; ordinal <= (gold ? 1 : options.overlap); ordinal++) {
      rows.push({
        project_id: options.projectId,
        business_unit_id: options.businessUnitId,
        vendor: null,
        annotator_id: options.annotatorId ?? null,
        language: options.language,
        task_type: "classify",
        kind: "judgment",
        component: gold ? "gold" : ordinal > 1 ? "overlap" : "base",
        amount_minor: options.payMinor,
        currency: "USD",
        active_ms: options.minutes * MINUTE,
        accepted_labels: !gold && ordinal === 1 ? 1 : 0,
        judgments: 1,
        task_id: task,
        judgment_id: null,
        judgment_ordinal: ordinal,
        is_gold: gold ? 1 : 0,
        rejected: 0,
        rate_card_id: null,
        source_key: `${options.key}:${options.language}:${task}:${ordinal}`,
        note: null,
        created_by: null,
        at: options.at + task * MINUTE,
      });
    }
  }
  return rows;
}

async function seedLedger(
  database: Database,
  units: { search: number; ads: number },
  projects: { search: number; ads: number },
  annotatorId: number,
) {
  const common = { businessUnitId: units.search, projectId: projects.search };
  const rows = [
    ...judgments({
      ...common,
      key: "feb",
      at: feb.start,
      language: "de",
      items: 10,
      overlap: 2,
      payMinor: 100,
      minutes: 1,
      gold: 2,
    }),
    ...judgments({
      ...common,
      key: "feb",
      at: feb.start,
      language: "fr",
      items: 10,
      overlap: 2,
      payMinor: 120,
      minutes: 1,
    }),
    // March: overlap in German went from 2 to 3.
    ...judgments({
      ...common,
      key: "mar",
      at: mar.start,
      language: "de",
      items: 10,
      overlap: 3,
      payMinor: 100,
      minutes: 1,
      gold: 2,
    }),
    ...judgments({
      ...common,
      key: "mar",
      at: mar.start,
      language: "fr",
      items: 10,
      overlap: 2,
      payMinor: 120,
      minutes: 1,
      annotatorId,
    }),
    ...judgments({
      key: "mar-ads",
      at: mar.start,
      businessUnitId: units.ads,
      projectId: projects.ads,
      language: "en",
      items: 10,
      overlap: 1,
      payMinor: 50,
      minutes: 1,
    }),
    // April so far: 6,000 of the search unit's budget of 10,000.
    ...judgments({
      ...common,
      key: "apr",
      at: apr.start,
      language: "de",
      items: 20,
      overlap: 3,
      payMinor: 100,
      minutes: 1,
    }),
  ];
  await database.db.insertInto("cost_ledger").values(rows).execute();
}

describe.each(targets)("cost analysis over HTTP on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let roles: Record<string, TestSession>;
  const units = { search: 0, ads: 0 };
  const projects = { search: 0, ads: 0 };
  let budgetId = 0;

  beforeAll(async () => {
    t = await openTestApp(target, { now: NOW });
    roles = await signInEveryRole(t);
    for (const [key, unit] of [
      ["search", "Search"],
      ["ads", "Ads"],
    ] as const) {
      const created = await t.call("POST", "/projects", {
        cookie: t.admin,
        body: { name: `${unit} project`, businessUnit: unit, schema: { type: "single_choice", options: ["a", "b"] } },
      });
      projects[key] = created.json.id;
      const row = await t.database.db
        .selectFrom("business_units")
        .select("id")
        .where("name", "=", unit)
        .executeTakeFirstOrThrow();
      units[key] = Number(row.id);
    }
    await seedLedger(t.database, units, projects, roles.annotator!.id);
  });
  afterAll(() => t.close());

  it("lets admins, managers, finance and analysts read and only admins, managers and finance change, on every cost route", async () => {
    const readers = ["admin", "manager", "analyst", "finance"];
    const changers = ["admin", "manager", "finance"];
    const routes: [string, string, string[]][] = [
      ["GET", "/cost/budgets", readers],
      ["GET", "/cost/budgets/1", readers],
      ["GET", "/cost/pools", readers],
      ["GET", "/cost/allocations?month=2026-03", readers],
      ["GET", "/cost/explain?from=2026-03-01&to=2026-04-01&baseFrom=2026-02-01&baseTo=2026-03-01", readers],
      ["GET", "/cost/initiatives", readers],
      ["GET", `/reports/cost?businessUnitId=${units.search}&month=2026-03&format=csv`, readers],
      ["POST", "/cost/budgets", changers],
      ["PATCH", "/cost/budgets/1", changers],
      ["POST", "/cost/pools", changers],
      ["POST", "/cost/pools/1/amounts", changers],
      ["POST", "/cost/pools/1/policies", changers],
      ["POST", "/cost/initiatives", changers],
      ["PATCH", "/cost/initiatives/1", changers],
      ["POST", "/cost/initiatives/1/realised", changers],
      ["POST", "/cost/pay-periods/close", changers],
    ];
    for (const [method, path, allowed] of routes) {
      expect(
        (await t.call(method, path, method === "GET" ? {} : { body: {} })).status,
        `${method} ${path} anonymous`,
      ).toBe(401);
      for (const role of ["admin", "manager", "reviewer", "annotator", "vendor_lead", "analyst", "finance"]) {
        const cookie = role === "admin" ? t.admin : roles[role]!.cookie;
        // An empty body: allowed roles get past the role check (to a 400, 404 or success), the others get 403.
        const response = await t.call(method, path, { cookie, ...(method === "GET" ? {} : { body: {} }) });
        if (allowed.includes(role)) expect([200, 400, 404], `${method} ${path} as ${role}`).toContain(response.status);
        else expect(response.status, `${method} ${path} as ${role}`).toBe(403);
      }
    }
    // Nothing was written by the refused or invalid calls.
    expect(await t.database.db.selectFrom("budgets").select("id").execute()).toEqual([]);
  });

  it("budgets: created by managers, read by analysts, refused to annotators; bad input names the field", async () => {
    const body = {
      businessUnitId: units.search,
      period: "month",
      start: "2026-04",
      amountMinor: 10_000,
      currency: "USD",
    };
    for (const role of ["analyst", "annotator", "reviewer", "vendor_lead"]) {
      expect((await t.call("POST", "/cost/budgets", { cookie: roles[role]!.cookie, body })).status).toBe(403);
    }
    const bad = await t.call("POST", "/cost/budgets", {
      cookie: roles.manager!.cookie,
      body: { ...body, start: "2026-4" },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.error.details)).toContain("start");
    const quarter = await t.call("POST", "/cost/budgets", {
      cookie: roles.manager!.cookie,
      body: { ...body, period: "quarter", start: "2026-05" },
    });
    expect(quarter.status).toBe(400);
    expect(JSON.stringify(quarter.json.error.details)).toContain("periodStart");
    const both = await t.call("POST", "/cost/budgets", {
      cookie: roles.manager!.cookie,
      body: { ...body, projectId: projects.search },
    });
    expect(both.status).toBe(400);
    expect((await t.database.db.selectFrom("budgets").select("id").execute()).length).toBe(0);

    const created = await t.call("POST", "/cost/budgets", { cookie: roles.manager!.cookie, body });
    expect(created.status).toBe(201);
    budgetId = created.json.budget.id;
    expect(created.json.budget.status).toMatchObject({ spentMinor: 6_000, burn: 0.6, crossed: [50] });
    expect(created.json.budget.periodEnd).toBe("2026-05-01T00:00:00.000Z");

    const listed = await t.call("GET", `/cost/budgets?businessUnitId=${units.search}`, {
      cookie: roles.analyst!.cookie,
    });
    expect(listed.status).toBe(200);
    expect(listed.json.budgets).toHaveLength(1);
    expect((await t.call("GET", "/cost/budgets", { cookie: roles.annotator!.cookie })).status).toBe(403);
    expect(
      (await t.call("PATCH", `/cost/budgets/${budgetId}`, { cookie: roles.analyst!.cookie, body: { amountMinor: 1 } }))
        .status,
    ).toBe(403);
  });

  it("raises each threshold's alert once, in the alerts inbox, on the monitor evaluation schedule", async () => {
    // The monitoring worker's round evaluates budgets too: it raises the 50% alert.
    const lines: string[] = [];
    const worker = createMonitoringWorker({ database: t.database, now: () => NOW, log: (line) => lines.push(line) });
    await worker.evaluateOnce();
    expect(lines.join("\n")).toContain("reached 50%");
    expect(await evaluateBudgets(t.database, { now: NOW })).toEqual([]);
    // Lowering the budget to 7,000 takes spending past 80%: one new alert, 50% not again.
    const lowered = await t.call("PATCH", `/cost/budgets/${budgetId}`, {
      cookie: roles.manager!.cookie,
      body: { amountMinor: 7_000 },
    });
    expect(lowered.status).toBe(200);
    const second = await evaluateBudgets(t.database, { now: NOW });
    expect(second.map((a) => a.threshold)).toEqual([80]);
    await evaluateBudgets(t.database, { now: NOW });
    const inbox = await t.call("GET", "/alerts?status=open", { cookie: roles.analyst!.cookie });
    const budgetAlerts = inbox.json.alerts.filter((a: { budgetId: number | null }) => a.budgetId === budgetId);
    expect(budgetAlerts.map((a: { threshold: number }) => a.threshold).sort()).toEqual([50, 80]);
    expect(budgetAlerts[0].monitorId).toBeNull();
    expect(budgetAlerts[0].message).toContain("reached 80%");
    // The period is named as the UTC month it is, not as an ISO day.
    expect(budgetAlerts[0].message).toContain(`Budget ${budgetId} (business unit ${units.search}, April 2026) reached`);
    // Each reader reads the month in their language, as the risk alerts' days.
    const spanish = await t.call("GET", "/alerts?status=open&locale=es", { cookie: roles.analyst!.cookie });
    const spanishAlert = spanish.json.alerts.find((a: { id: number }) => a.id === budgetAlerts[0].id);
    expect(spanishAlert.message).toContain(`(business unit ${units.search}, abril de 2026) reached`);
  });

  it("allocates a shared pool to business units summing exactly to the pool, unallocated visible", async () => {
    const pool = await t.call("POST", "/cost/pools", {
      cookie: roles.manager!.cookie,
      body: { name: "QA team", category: "qa", currency: "USD" },
    });
    expect(pool.status).toBe(201);
    const id = pool.json.pool.id;
    expect(
      (
        await t.call("POST", `/cost/pools/${id}/amounts`, {
          cookie: roles.analyst!.cookie,
          body: { month: "2026-03", amountMinor: 1 },
        })
      ).status,
    ).toBe(403);
    await t.call("POST", `/cost/pools/${id}/amounts`, {
      cookie: roles.manager!.cookie,
      body: { month: "2026-03", amountMinor: 100_001 },
    });
    const noPolicy = await t.call("GET", "/cost/allocations?month=2026-03", { cookie: roles.analyst!.cookie });
    expect(noPolicy.json.pools[0]).toMatchObject({ poolMinor: 100_001, unallocatedMinor: 100_001, allocatedMinor: 0 });

    const missingDriver = await t.call("POST", `/cost/pools/${id}/policies`, {
      cookie: roles.manager!.cookie,
      body: { effectiveFrom: "2026-01", method: "driver" },
    });
    expect(missingDriver.status).toBe(400);
    expect(JSON.stringify(missingDriver.json.error.details)).toContain("driver");
    const even = await t.call("POST", `/cost/pools/${id}/policies`, {
      cookie: roles.manager!.cookie,
      body: { effectiveFrom: "2026-01", method: "even" },
    });
    expect(even.json.policy.version).toBe(1);
    const byJudgments = await t.call("POST", `/cost/pools/${id}/policies`, {
      cookie: roles.manager!.cookie,
      body: { effectiveFrom: "2026-03", method: "driver", driver: "judgments" },
    });
    expect(byJudgments.json.policy.version).toBe(2);

    const march = await t.call("GET", "/cost/allocations?month=2026-03", { cookie: roles.analyst!.cookie });
    const result = march.json.pools[0];
    expect(result.policy).toMatchObject({ version: 2, method: "driver", driver: "judgments" });
    // March judgments: search 30 + 2 gold + 20 = 52, ads 10.
    const parts = Object.fromEntries(
      result.allocations.map((a: { businessUnitId: number; amountMinor: number }) => [a.businessUnitId, a.amountMinor]),
    );
    expect(parts[units.search] + parts[units.ads] + result.unallocatedMinor).toBe(100_001);
    expect(parts[units.search]).toBe(83_872);
    expect(parts[units.ads]).toBe(16_129);
    const february = await t.call("GET", "/cost/allocations?month=2026-02", { cookie: roles.analyst!.cookie });
    expect(february.json.pools[0]).toMatchObject({ poolMinor: 0 });
    expect((await t.call("GET", "/cost/allocations?month=2026-03", { cookie: roles.annotator!.cookie })).status).toBe(
      403,
    );
  });

  it("explains March against February from the ledger: drivers sum to the change, overlap in German", async () => {
    const query = `from=2026-03-01&to=2026-04-01&baseFrom=2026-02-01&baseTo=2026-03-01&businessUnitId=${units.search}`;
    const explained = await t.call("GET", `/cost/explain?${query}`, { cookie: roles.analyst!.cookie });
    expect(explained.status).toBe(200);
    const { base, current, change, drivers, narrative } = explained.json;
    // February: de 20×1.00 + 2 gold 1.00, fr 20×1.20 = 46.00; March: de 30 + 2 = 32.00, fr 24.00 = 56.00.
    expect(base).toBe(46);
    expect(current).toBe(56);
    expect(change).toBe(10);
    const sum = Object.values(drivers as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(Math.round(sum * 100)).toBe(1000);
    expect(drivers.overlap).toBeGreaterThan(9);
    expect(narrative[0]).toMatch(/overlap .*classify × de/);
    expect(explained.json.segments.current).toHaveLength(2);
    const bad = await t.call(
      "GET",
      `/cost/explain?from=yesterday&to=2026-04-01&baseFrom=2026-02-01&baseTo=2026-03-01`,
      { cookie: roles.analyst!.cookie },
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.error.details)).toContain("query.from");
    expect((await t.call("GET", `/cost/explain?${query}`, { cookie: roles.annotator!.cookie })).status).toBe(403);
  });

  it("writes the narrative's money the reader's way in the locale asked for, and refuses a bad locale by name", async () => {
    const query = `from=2026-03-01&to=2026-04-01&baseFrom=2026-02-01&baseTo=2026-03-01&businessUnitId=${units.search}`;
    const english = await t.call("GET", `/cost/explain?${query}`, { cookie: roles.finance!.cookie });
    const german = await t.call("GET", `/cost/explain?${query}&locale=de`, { cookie: roles.finance!.cookie });
    expect(german.status).toBe(200);
    // Same figures; the total's sentence quotes dollars as a German reader writes them.
    expect(german.json.drivers).toEqual(english.json.drivers);
    expect(english.json.narrative[0]).toMatch(/\+\$\d+\.\d\d/);
    expect(german.json.narrative[0]).toMatch(/\+\d+,\d\d\u00a0\$/);
    expect(german.json.narrative[0]).not.toMatch(/\$\d/);
    const bad = await t.call("GET", `/cost/explain?${query}&locale=not_a*locale`, { cookie: roles.finance!.cookie });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.error.details)).toContain("query.locale");
  });

  it("savings initiatives keep their realised savings by month", async () => {
    const created = await t.call("POST", "/cost/initiatives", {
      cookie: roles.manager!.cookie,
      body: {
        name: "Dynamic overlap, German",
        businessUnitId: units.search,
        currency: "USD",
        baselineMinor: 5_600,
        startMonth: "2026-03",
      },
    });
    expect(created.status).toBe(201);
    const id = created.json.initiative.id;
    await t.call("POST", `/cost/initiatives/${id}/realised`, {
      cookie: roles.manager!.cookie,
      body: { month: "2026-03", realisedMinor: 450 },
    });
    await t.call("POST", `/cost/initiatives/${id}/realised`, {
      cookie: roles.manager!.cookie,
      body: { month: "2026-04", realisedMinor: 700 },
    });
    const corrected = await t.call("POST", `/cost/initiatives/${id}/realised`, {
      cookie: roles.manager!.cookie,
      body: { month: "2026-03", realisedMinor: 500 },
    });
    expect(corrected.json.initiative.realised).toEqual([
      { month: "2026-03", realisedMinor: 500, note: null },
      { month: "2026-04", realisedMinor: 700, note: null },
    ]);
    expect(corrected.json.initiative.totalRealisedMinor).toBe(1_200);
    const bad = await t.call("POST", `/cost/initiatives/${id}/realised`, {
      cookie: roles.manager!.cookie,
      body: { month: "March", realisedMinor: 1 },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.error.details)).toContain("month");
    expect((await t.call("GET", "/cost/initiatives", { cookie: roles.analyst!.cookie })).json.initiatives).toHaveLength(
      1,
    );
    expect(
      (
        await t.call("POST", `/cost/initiatives/${id}/realised`, {
          cookie: roles.analyst!.cookie,
          body: { month: "2026-03", realisedMinor: 1 },
        })
      ).status,
    ).toBe(403);
  });

  it("fair-pay close tops up annotators below their region's floor, once", async () => {
    const annotator = roles.annotator!.id;
    await t.database.db.updateTable("users").set({ region: "DE" }).where("id", "=", annotator).execute();
    // The annotator earned 20 × 1.20 = 24.00 for 20 minutes in March: 72.00/h; the floor is 90.00/h → 6.00 due.
    await t.database.db
      .insertInto("fair_pay_floors")
      .values({
        region: "DE",
        currency: "USD",
        floor_per_hour_minor: 9_000,
        effective_from: 0,
        effective_to: null,
        created_by: null,
        created_at: 0,
      })
      .execute();
    expect(
      (
        await t.call("POST", "/cost/pay-periods/close", {
          cookie: roles.analyst!.cookie,
          body: { month: "2026-03", currency: "USD" },
        })
      ).status,
    ).toBe(403);
    const notClosed = await t.call("POST", "/cost/pay-periods/close", {
      cookie: roles.manager!.cookie,
      body: { month: "2026-04", currency: "USD" },
    });
    expect(notClosed.status).toBe(400);
    const first = await t.call("POST", "/cost/pay-periods/close", {
      cookie: roles.manager!.cookie,
      body: { month: "2026-03", currency: "USD" },
    });
    expect(first.status).toBe(200);
    expect(first.json.lines).toEqual([
      expect.objectContaining({ annotatorId: annotator, topUpMinor: 600, added: true, hourlyWageMinor: 7_200 }),
    ]);
    const second = await t.call("POST", "/cost/pay-periods/close", {
      cookie: roles.manager!.cookie,
      body: { month: "2026-03", currency: "USD" },
    });
    expect(second.json.lines).toEqual([
      expect.objectContaining({ annotatorId: annotator, topUpMinor: 0, added: false }),
    ]);
    const topUps = await t.database.db
      .selectFrom("cost_ledger")
      .select(["amount_minor", "at"])
      .where("kind", "=", "top_up")
      .execute();
    expect(topUps.map((r) => Number(r.amount_minor))).toEqual([600]);
    expect(Number(topUps[0]!.at)).toBe(mar.end - 1);
  });

  it("reports a business unit's month as XLSX, PDF and CSV; analysts read, annotators may not", async () => {
    const path = `/reports/cost?businessUnitId=${units.search}&month=2026-03`;
    const budget = await t.call("POST", "/cost/budgets", {
      cookie: roles.finance!.cookie,
      body: { businessUnitId: units.search, period: "month", start: "2026-03", amountMinor: 5_000, currency: "USD" },
    });
    expect(budget.status).toBe(201);
    const json = await t.call("GET", path, { cookie: roles.analyst!.cookie });
    expect(json.status).toBe(200);
    expect(json.json.report.spend.budget).toMatchObject({
      spent: 5_600,
      limit: 5_000,
      crossed: [50, 80, 100],
      // March is over at the report's time (April 10): its spend is final, and so is its forecast.
      periodOver: true,
      forecast: 5_600,
    });
    // The top-up belongs to no business unit (the annotator may work for several).
    expect(json.json.report.spend.spentMinor).toBe(5_600);
    expect(json.json.report.drivers.change).toBe(10);

    const xlsx = await t.app.request(`/api/v1${path}&format=xlsx`, { headers: { cookie: roles.analyst!.cookie } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-disposition")).toContain("cost-report-search-2026-03.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toContain("Allocation");
    expect(workbook.getWorksheet("Summary")!.getCell("B5").value).toBe(56);
    expect(workbook.getWorksheet("Allocation")!.getCell("D2").value).toBe(838.72);
    const summary = workbook.getWorksheet("Summary")!;
    expect(summary.getCell("A10").value).toBe("Burn");
    expect(summary.getCell("B10").value).toBe(1.12);
    expect(summary.getCell("B10").numFmt).toBe("0.0%");
    expect(summary.getCell("B13").value).toBe("50%, 80%, 100%");

    const pdf = await t.app.request(`/api/v1${path}&format=pdf`, { headers: { cookie: roles.manager!.cookie } });
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.toString("latin1")).toMatch(/\/Type \/Page\b/);

    const csv = await t.call("GET", `${path}&format=csv`, { cookie: roles.analyst!.cookie });
    expect(csv.text).toContain("Summary,Spent (direct),Value,56.00,USD");
    expect(csv.text).toContain('Savings,"Dynamic overlap, German",Realised,5.00,USD');

    expect((await t.call("GET", path, { cookie: roles.annotator!.cookie })).status).toBe(403);
    expect((await t.call("GET", path, { cookie: roles.vendor_lead!.cookie })).status).toBe(403);
    const badMonth = await t.call("GET", `/reports/cost?businessUnitId=${units.search}&month=2026-3`, {
      cookie: roles.analyst!.cookie,
    });
    expect(badMonth.status).toBe(400);
    expect(JSON.stringify(badMonth.json.error.details)).toContain("query.month");
    expect(
      (await t.call("GET", `/reports/cost?businessUnitId=999&month=2026-03`, { cookie: roles.analyst!.cookie })).status,
    ).toBe(404);
  });
});
