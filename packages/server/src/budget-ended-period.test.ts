import { monthPeriod } from "@quorum/core";
import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const NOW = monthPeriod("2026-04").start + 9 * 86_400_000;

describe.each(targets)("changing an ended budget period on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let unitId = 0;
  const budgetOf = async (start: string) => {
    const created = await t.call("POST", "/cost/budgets", {
      cookie: t.admin,
      body: { businessUnitId: unitId, period: "month", start, amountMinor: 1000, currency: "USD" },
    });
    expect(created.status).toBe(201);
    return created.json.budget.id as number;
  };

  beforeAll(async () => {
    t = await openTestApp(target, { now: NOW });
    await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Search", businessUnit: "Search", schema: { type: "single_choice", options: ["a", "b"] } },
    });
    const unit = await t.database.db
      .selectFrom("business_units")
      .select("id")
      .where("name", "=", "Search")
      .executeTakeFirstOrThrow();
    unitId = Number(unit.id);
  });
  afterAll(() => t.close());

  it("refuses a new amount for a period that is over, naming the field, and changes nothing", async () => {
    const id = await budgetOf("2026-03");
    const refused = await t.call("PATCH", `/cost/budgets/${id}`, {
      cookie: t.admin,
      body: { amountMinor: 5000, thresholds: [90] },
    });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("conflict");
    expect(refused.json.error.details).toEqual([{ path: "amountMinor", message: expect.stringMatching(/over/) }]);
    const { json } = await t.call("GET", `/cost/budgets/${id}`, { cookie: t.admin });
    expect(json.budget).toMatchObject({ amountMinor: 1000, thresholds: [50, 80, 100] });
  });

  it("still takes thresholds and a plan for an ended period, and a new amount for a running one", async () => {
    const ended = await budgetOf("2026-02");
    const thresholds = await t.call("PATCH", `/cost/budgets/${ended}`, { cookie: t.admin, body: { thresholds: [90] } });
    expect(thresholds.status).toBe(200);
    expect(thresholds.json.budget.thresholds).toEqual([90]);
    const running = await budgetOf("2026-04");
    const changed = await t.call("PATCH", `/cost/budgets/${running}`, { cookie: t.admin, body: { amountMinor: 5000 } });
    expect(changed.status).toBe(200);
    expect(changed.json.budget.amountMinor).toBe(5000);
  });
});
