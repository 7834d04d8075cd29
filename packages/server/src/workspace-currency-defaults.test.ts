import { monthPeriod } from "@quorum/core";
import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const feb = monthPeriod("2026-02");
const mar = monthPeriod("2026-03");
const NOW = monthPeriod("2026-04").start + 9 * 86_400_000;

/** One judgment's ledger row of `amountMinor` in `currency`. */
function ledgerRow(key: string, at: number, ids: { projectId: number; unitId: number }, amountMinor: number) {
  return {
    project_id: ids.projectId,
    business_unit_id: ids.unitId,
    vendor: null,
    annotator_id: null,
    language: "de",
    task_type: "classify",
    kind: "judgment",
    component: "base",
    amount_minor: amountMinor,
    currency: "EUR",
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

describe.each(targets)("currency parameters default to the workspace's currency on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let unitId = 0;
  const explain = "/cost/explain?from=2026-03-01&to=2026-04-01&baseFrom=2026-02-01&baseTo=2026-03-01";

  beforeAll(async () => {
    t = await openTestApp(target, { now: NOW });
    const created = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Euro project", businessUnit: "Euro unit", schema: { type: "single_choice", options: ["a", "b"] } },
    });
    const unit = await t.database.db
      .selectFrom("business_units")
      .select("id")
      .where("name", "=", "Euro unit")
      .executeTakeFirstOrThrow();
    unitId = Number(unit.id);
    const ids = { projectId: created.json.id, unitId };
    // Every cost of this workspace is in euros: €10.00 in February, €15.00 in March.
    await t.database.db
      .insertInto("cost_ledger")
      .values([
        ledgerRow("feb", feb.start + 1000, ids, 1_000),
        ledgerRow("mar-1", mar.start + 1000, ids, 1_000),
        ledgerRow("mar-2", mar.start + 2000, ids, 500),
      ])
      .execute();
    const settings = await t.call("PATCH", "/workspace/settings", { cookie: t.admin, body: { currency: "EUR" } });
    expect(settings.status).toBe(200);
  });
  afterAll(() => t.close());

  it("explains the cost change in the workspace's currency when none is asked for", async () => {
    const explained = await t.call("GET", explain, { cookie: t.admin });
    expect(explained.status).toBe(200);
    // Old code: USD, whose ledger is empty here: 0 → 0.
    expect(explained.json).toMatchObject({ base: 10, current: 15, change: 5 });
    expect(explained.json.narrative[0]).toContain("€");
  });

  it("keeps an explicit currency", async () => {
    const inDollars = await t.call("GET", `${explain}&currency=USD`, { cookie: t.admin });
    expect(inDollars.status).toBe(200);
    expect(inDollars.json).toMatchObject({ base: 0, current: 0, change: 0 });
    const bad = await t.call("GET", `${explain}&currency=euro`, { cookie: t.admin });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.error.details)).toContain("query.currency");
  });

  it("reports a business unit's month in the workspace's currency when none is asked for", async () => {
    const path = `/reports/cost?businessUnitId=${unitId}&month=2026-03`;
    const report = await t.call("GET", path, { cookie: t.admin });
    expect(report.status).toBe(200);
    // Old code: a USD report of nothing.
    expect(report.json.report).toMatchObject({ currency: "EUR", spend: { spentMinor: 1_500 } });
    const inDollars = await t.call("GET", `${path}&currency=USD`, { cookie: t.admin });
    expect(inDollars.json.report).toMatchObject({ currency: "USD", spend: { spentMinor: 0 } });
  });
});
