import { monthPeriod } from "@quorum/core";
import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const MINUTE = 60_000;
const mar = monthPeriod("2026-03");
const NOW = mar.start + 20 * 86_400_000;

/** Ledger rows: `items` tasks × `overlap` judgments of `minutes` each, paid `payMinor` each. */
function judgments(o: { projectId: number; language: string; items: number; overlap: number; payMinor: number }) {
  const rows = [];
  for (let task = 0; task < o.items; task++)
    for (let ordinal = 1; ordinal <= o.overlap; ordinal++)
      rows.push({
        project_id: o.projectId,
        business_unit_id: null,
        vendor: null,
        annotator_id: null,
        language: o.language,
        task_type: "classify",
        kind: "judgment",
        component: ordinal > 1 ? "overlap" : "base",
        amount_minor: o.payMinor,
        currency: "USD",
        active_ms: MINUTE,
        accepted_labels: ordinal === 1 ? 1 : 0,
        judgments: 1,
        task_id: task,
        judgment_id: null,
        judgment_ordinal: ordinal,
        is_gold: 0,
        rejected: 0,
        rate_card_id: null,
        source_key: `plan-test:${o.language}:${task}:${ordinal}`,
        note: null,
        created_by: null,
        at: mar.start + task * MINUTE,
      });
  return rows;
}

const segment = (name: string, fields: Partial<Record<string, number>>) => ({
  segment: name,
  items: 10,
  overlap: 1,
  goldShare: 0,
  reworkShare: 0,
  minutesPerJudgment: 1,
  hourlyRate: 60,
  ...fields,
});

describe.each(targets)("a budget's actual spend against its plan on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let roles: Record<string, TestSession>;
  let projectId = 0;

  beforeAll(async () => {
    t = await openTestApp(target, { now: NOW });
    roles = await signInEveryRole(t);
    const created = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Planned", schema: { type: "single_choice", options: ["a", "b"] } },
    });
    projectId = created.json.id;
    // March: German at overlap 2 (1.00 a judgment), French at overlap 2 (1.20): 20.00 + 24.00.
    await t.database.db
      .insertInto("cost_ledger")
      .values([
        ...judgments({ projectId, language: "de", items: 10, overlap: 2, payMinor: 100 }),
        ...judgments({ projectId, language: "fr", items: 10, overlap: 2, payMinor: 120 }),
      ])
      .execute();
  });
  afterAll(() => t.close());

  it("explains actual against planned by driver, the drivers summing to the difference", async () => {
    // Planned: German at overlap 1.5 (15.00), French at overlap 1 and 72/h (12.00): 27.00.
    const plan = [segment("classify × de", { overlap: 1.5 }), segment("classify × fr", { hourlyRate: 72 })];
    const created = await t.call("POST", "/cost/budgets", {
      cookie: roles.finance!.cookie,
      body: { projectId, period: "month", start: "2026-03", amountMinor: 3_000, currency: "USD", plan },
    });
    expect(created.status).toBe(201);
    expect(created.json.budget.plan).toEqual(plan);
    const id = created.json.budget.id;

    const explained = await t.call("GET", `/cost/budgets/${id}/explain`, { cookie: roles.analyst!.cookie });
    expect(explained.status).toBe(200);
    const { base, current, change, drivers } = explained.json;
    expect(base).toBeCloseTo(27, 9);
    expect(current).toBeCloseTo(44, 9);
    expect(change).toBeCloseTo(17, 9);
    const sum = Object.values(drivers as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(change, 9);
    // Only overlap and volume moved; pay per hour and minutes per judgment are as planned.
    expect(drivers.overlap).toBeGreaterThan(15);
    expect(drivers.rate).toBeCloseTo(0, 9);
    expect(drivers.efficiency).toBeCloseTo(0, 9);
    expect(explained.json.segments.base).toEqual(plan);

    expect((await t.call("GET", `/cost/budgets/${id}/explain`, { cookie: roles.annotator!.cookie })).status).toBe(403);
  });

  it("refuses a plan with a field out of range by its name, and explains nothing without a plan", async () => {
    const bad = await t.call("POST", "/cost/budgets", {
      cookie: roles.manager!.cookie,
      body: {
        projectId,
        period: "quarter",
        start: "2026-01",
        amountMinor: 3_000,
        currency: "USD",
        plan: [segment("classify × de", { goldShare: 1 })],
      },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.error.details)).toContain("goldShare");
    expect(
      await t.database.db.selectFrom("budgets").select("id").where("period", "=", "quarter").execute(),
    ).toHaveLength(0);

    const created = await t.call("POST", "/cost/budgets", {
      cookie: roles.manager!.cookie,
      body: { projectId, period: "quarter", start: "2026-01", amountMinor: 3_000, currency: "USD" },
    });
    const id = created.json.budget.id;
    const none = await t.call("GET", `/cost/budgets/${id}/explain`, { cookie: roles.manager!.cookie });
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.json.error.details)).toContain("plan");

    const badPatch = await t.call("PATCH", `/cost/budgets/${id}`, {
      cookie: roles.manager!.cookie,
      body: { plan: [segment("classify × de", { minutesPerJudgment: -1 })] },
    });
    expect(badPatch.status).toBe(400);
    expect(JSON.stringify(badPatch.json.error.details)).toContain("minutesPerJudgment");
    const byAnalyst = await t.call("PATCH", `/cost/budgets/${id}`, {
      cookie: roles.analyst!.cookie,
      body: { plan: [segment("classify × de", {})] },
    });
    expect(byAnalyst.status).toBe(403);

    const patched = await t.call("PATCH", `/cost/budgets/${id}`, {
      cookie: roles.manager!.cookie,
      body: { plan: [segment("classify × de", { overlap: 2 })] },
    });
    expect(patched.status).toBe(200);
    // The quarter holds March: German as planned (20.00), French unplanned (24.00).
    const explained = await t.call("GET", `/cost/budgets/${id}/explain`, { cookie: roles.manager!.cookie });
    expect(explained.json.change).toBeCloseTo(24, 9);
    const sum = Object.values(explained.json.drivers as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(24, 9);
    expect(explained.json.drivers.rate).toBeCloseTo(0, 9);
  });
});
