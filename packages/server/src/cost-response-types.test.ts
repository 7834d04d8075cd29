/**
 * The cost response types cost-views.ts restates for the web app (the summary and earnings bodies
 * are object literals in their routes): each body holds exactly its type's fields.
 */
import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CostSummaryResponse, CostSummaryRowView, EarningsResponse } from "./index.js";
import type { TestSession } from "./test-client.js";
import { openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

function fieldsOf<T>(fields: Record<keyof T, true>): string[] {
  return Object.keys(fields).sort();
}
const fieldsIn = (body: object) => Object.keys(body).sort();

const targets = await testTargets();
const NOW = Date.UTC(2026, 3, 10);

describe.each(targets)("cost response bodies and their exported types on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let roles: Record<string, TestSession>;

  beforeAll(async () => {
    t = await openTestApp(target, { now: NOW });
    roles = await signInEveryRole(t);
    await t.database.db
      .insertInto("cost_ledger")
      .values({
        project_id: null,
        business_unit_id: null,
        vendor: null,
        annotator_id: roles.annotator!.id,
        language: "en",
        task_type: "rating",
        kind: "judgment",
        component: "base",
        amount_minor: 120,
        currency: "USD",
        active_ms: 600_000,
        accepted_labels: 1,
        judgments: 1,
        task_id: null,
        judgment_id: null,
        judgment_ordinal: 1,
        is_gold: 0,
        rejected: 0,
        rate_card_id: null,
        source_key: "types:1",
        note: null,
        created_by: null,
        at: NOW - 86_400_000,
      })
      .execute();
  });
  afterAll(() => t.close());

  it("GET /cost/summary is a CostSummaryResponse", async () => {
    const { status, json } = await t.call("GET", "/cost/summary?groupBy=language", { cookie: roles.manager!.cookie });
    expect(status).toBe(200);
    expect(fieldsIn(json)).toEqual(
      fieldsOf<CostSummaryResponse>({ from: true, to: true, groupBy: true, rows: true, unpricedJudgments: true }),
    );
    expect(fieldsIn(json.rows[0])).toEqual(
      fieldsOf<CostSummaryRowView>({
        key: true,
        label: true,
        currency: true,
        fractionDigits: true,
        total: true,
        acceptedLabels: true,
        perAcceptedLabel: true,
        components: true,
      }),
    );
  });

  it("GET /me/earnings is an EarningsResponse", async () => {
    const { status, json } = await t.call("GET", "/me/earnings", { cookie: roles.annotator!.cookie });
    expect(status).toBe(200);
    expect(fieldsIn(json)).toEqual(
      fieldsOf<EarningsResponse>({ from: true, to: true, timeZone: true, days: true, totals: true }),
    );
    type Day = EarningsResponse["days"][number];
    expect(fieldsIn(json.days[0])).toEqual(
      fieldsOf<Day>({
        day: true,
        projectId: true,
        currency: true,
        fractionDigits: true,
        payMinor: true,
        activeMs: true,
        judgments: true,
        hourlyWageMinor: true,
      }),
    );
    type Total = EarningsResponse["totals"][number];
    expect(fieldsIn(json.totals[0])).toEqual(
      fieldsOf<Total>({
        currency: true,
        fractionDigits: true,
        payMinor: true,
        activeMs: true,
        judgments: true,
        hourlyWageMinor: true,
      }),
    );
  });
});
