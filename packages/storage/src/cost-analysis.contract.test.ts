import { monthPeriod } from "@quorum/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./database.js";
import { openAlert } from "./repositories/alerts.js";
import { insertBudget } from "./repositories/budgets.js";
import { periodCost, periodCostQuery, segmentTotals } from "./repositories/cost-ledger-sums.js";
import { insertAllocationPolicy, insertCostPool, setCostPoolAmount } from "./repositories/cost-pools.js";
import { testTargets } from "./testing.js";
import { allocateCostPools } from "./use-cases/allocate-cost-pools.js";
import { evaluateBudgets } from "./use-cases/evaluate-budgets.js";

const targets = await testTargets();
const DAY = 86_400_000;
const UNITS = 20;
const year = monthPeriod("2026-01").start;

/** Ledger rows for UNITS business units over twelve months, with odd amounts so pools do not split evenly. */
function ledger() {
  const rows = [];
  for (let i = 0; i < 4_000; i++) {
    rows.push({
      project_id: 1 + (i % 40),
      business_unit_id: 1 + (i % UNITS),
      vendor: null,
      annotator_id: 1 + (i % 30),
      language: ["de", "fr"][i % 2]!,
      task_type: "classify",
      kind: "judgment",
      component: "base",
      amount_minor: 97 + (i % 13),
      currency: "USD",
      active_ms: 61_000,
      accepted_labels: 1,
      judgments: 1,
      task_id: i,
      judgment_id: i,
      judgment_ordinal: 1,
      is_gold: 0,
      rejected: 0,
      rate_card_id: null,
      source_key: `c:${i}`,
      note: null,
      created_by: null,
      at: year + Math.floor((i / 4_000) * 360) * DAY,
    });
  }
  return rows;
}

describe.each(targets)("cost analysis storage on $dialect", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    for (let u = 1; u <= UNITS; u++)
      await database.db
        .insertInto("business_units")
        .values({ name: `unit ${u}`, created_at: 0 })
        .execute();
    const rows = ledger();
    for (let i = 0; i < rows.length; i += 500)
      await database.db
        .insertInto("cost_ledger")
        .values(rows.slice(i, i + 500))
        .execute();
    if (database.dialect === "postgres") await sql`analyze cost_ledger`.execute(database.db);
  });
  afterAll(() => database.close());

  it("sums a business unit's month through its (business unit, time) index", async () => {
    const march = monthPeriod("2026-03");
    const query = periodCostQuery(database.db, { businessUnitId: 3 }, march.start, march.end, "USD").compile();
    const inline = query.sql
      .replace(/\$(\d+)/g, (_, n) => literal(query.parameters[Number(n) - 1]))
      .replace(
        /\?/g,
        (() => {
          let i = 0;
          return () => literal(query.parameters[i++]);
        })(),
      );
    const explain =
      database.dialect === "sqlite" ? sql.raw(`explain query plan ${inline}`) : sql.raw(`explain ${inline}`);
    const plan = ((await explain.execute(database.db)).rows as Record<string, unknown>[])
      .map((r) => String(r.detail ?? r["QUERY PLAN"]))
      .join("\n");
    if (database.dialect === "sqlite") expect(plan).toMatch(/SEARCH cost_ledger USING INDEX cost_ledger_business_unit/);
    else {
      // PostgreSQL picks between the (business unit, time) and the time index by its statistics; never a scan of the table.
      expect(plan, plan).toMatch(/(Index|Bitmap Index) Scan (using|on) cost_ledger_(business_unit|at)/);
      expect(plan, plan).not.toContain("Seq Scan");
    }
    const cost = await periodCost(database.db, { businessUnitId: 3 }, march.start, march.end, "USD");
    const expected = ledger().filter((r) => r.business_unit_id === 3 && r.at >= march.start && r.at < march.end);
    expect(cost.total).toBe(expected.reduce((sum, r) => sum + r.amount_minor, 0));
    expect(cost.acceptedLabels).toBe(expected.length);
    const segments = await segmentTotals(database.db, { businessUnitId: 3 }, march.start, march.end, "USD", false);
    expect(segments.reduce((sum, s) => sum + s.costMinor, 0)).toBe(cost.total);
  });

  it("allocates pools to the cent for every month and policy, the rest visible as unallocated", async () => {
    const pool = await insertCostPool(database.db, {
      name: "Tooling",
      category: "tooling",
      description: "",
      currency: "USD",
      createdBy: 1,
      now: 0,
    });
    const idle = await insertCostPool(database.db, {
      name: "Idle vendor capacity",
      category: "idle_capacity",
      description: "",
      currency: "USD",
      createdBy: 1,
      now: 0,
    });
    await insertAllocationPolicy(database.db, {
      poolId: pool.id,
      effectiveFrom: year,
      method: "even",
      driver: null,
      weights: null,
      createdBy: 1,
      now: 0,
    });
    await insertAllocationPolicy(database.db, {
      poolId: pool.id,
      effectiveFrom: monthPeriod("2026-04").start,
      method: "driver",
      driver: "active_hours",
      weights: null,
      createdBy: 1,
      now: 0,
    });
    await insertAllocationPolicy(database.db, {
      poolId: pool.id,
      effectiveFrom: monthPeriod("2026-08").start,
      method: "weights",
      driver: null,
      weights: [
        { businessUnitId: 1, weight: 2 },
        { businessUnitId: 2, weight: 1 },
      ],
      createdBy: 1,
      now: 0,
    });
    for (let m = 0; m < 12; m++) {
      const month = monthPeriod(`2026-${String(m + 1).padStart(2, "0")}`);
      await setCostPoolAmount(database.db, {
        poolId: pool.id,
        periodStart: month.start,
        periodEnd: month.end,
        amountMinor: 1_000_003 + m * 7_919,
        note: null,
        createdBy: 1,
        now: 0,
      });
      await setCostPoolAmount(database.db, {
        poolId: idle.id,
        periodStart: month.start,
        periodEnd: month.end,
        amountMinor: 55_555,
        note: null,
        createdBy: 1,
        now: 0,
      });
      const results = await allocateCostPools(database.db, { from: month.start, to: month.end });
      const tooling = results.find((r) => r.pool.id === pool.id)!;
      const parts = tooling.allocations.reduce((sum, a) => sum + a.amountMinor, 0);
      expect(parts + tooling.unallocatedMinor).toBe(1_000_003 + m * 7_919);
      expect(tooling.unallocatedMinor).toBe(0);
      expect(tooling.policy!.version).toBe(m < 3 ? 1 : m < 7 ? 2 : 3);
      if (m >= 7)
        expect(tooling.allocations.filter((a) => a.amountMinor > 0).map((a) => a.businessUnitId)).toEqual([1, 2]);
      // The idle pool has no policy: all of it stays visible as unallocated.
      expect(results.find((r) => r.pool.id === idle.id)).toMatchObject({
        poolMinor: 55_555,
        unallocatedMinor: 55_555,
        policy: null,
      });
    }
  });

  it("keeps monitor alerts working beside budget alerts (monitor_id is nullable now)", async () => {
    const monitorAlert = await openAlert(database.db, {
      monitorId: 9,
      projectId: null,
      value: 1,
      expected: 2,
      message: "m",
      now: 1,
    });
    expect(monitorAlert).toMatchObject({ monitorId: 9, budgetId: null, threshold: null });
    expect(
      await openAlert(database.db, { monitorId: 9, projectId: null, value: 1, expected: 2, message: "m", now: 2 }),
    ).toBeUndefined();
    const budget = await insertBudget(database.db, {
      projectId: null,
      businessUnitId: 1,
      period: "quarter",
      periodStart: year,
      amountMinor: 4_000,
      currency: "USD",
      thresholds: [50, 80, 100],
      createdBy: 1,
      now: 0,
    });
    const raised = await evaluateBudgets(database, { now: year + 80 * DAY });
    expect(raised.map((a) => [a.budgetId, a.threshold])).toEqual([
      [budget.id, 50],
      [budget.id, 80],
      [budget.id, 100],
    ]);
    expect(await evaluateBudgets(database, { now: year + 85 * DAY })).toEqual([]);
    // Past the quarter the budget is no longer evaluated.
    expect(await evaluateBudgets(database, { now: year + 200 * DAY })).toEqual([]);
  });
});

function literal(value: unknown): string {
  return typeof value === "number" ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
}
