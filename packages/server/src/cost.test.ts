import { COST_COMPONENTS } from "@quorum/core";
import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { createProjectWithTasks, openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const GROUPS = ["project", "businessUnit", "language", "vendor", "annotator"] as const;

describe.each(targets)("cost over HTTP on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let roles: Awaited<ReturnType<typeof signInEveryRole>>;
  let acme: TestSession;
  let rival: TestSession;
  let projectId: number;
  let cardId: number;
  afterAll(() => t.close());

  async function labelAll(person: TestSession, activeMs: number) {
    for (;;) {
      const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: person.cookie });
      if (next.status === 204) return;
      const id = next.json.assignment.id;
      const judged = await t.call("POST", `/assignments/${id}/judgment`, {
        cookie: person.cookie,
        body: { value: "ok", activeMs, clientKey: `j${id}` },
      });
      expect(judged.status).toBeLessThan(300);
    }
  }

  beforeAll(async () => {
    t = await openTestApp(target);
    roles = await signInEveryRole(t);
    acme = await t.userSession("annotator", { languages: ["en"], vendor: "Acme" }, "cost-acme");
    rival = await t.userSession("annotator", { languages: ["en"], vendor: "Rival" }, "cost-rival");
    ({ id: projectId } = await createProjectWithTasks(
      t,
      {
        name: "Priced",
        businessUnit: "Search",
        schema: { type: "single_choice", options: ["ok", "spam"] },
        overlap: 2,
      },
      [0, 1, 2].map((i) => JSON.stringify({ data: { text: `t${i}` } })),
    ));
    const card = await t.call("POST", "/rate-cards", {
      cookie: roles.finance.cookie,
      body: {
        name: "Search default",
        currency: "USD",
        effectiveFrom: new Date(t.clock.now - 86_400_000).toISOString(),
        projectId,
        payPerJudgmentMinor: 12,
        payPerActiveHourMinor: 1800,
        platformFeeBps: 250,
        vendorMarkupBps: 500,
      },
    });
    expect(card.status, card.text).toBe(201);
    cardId = card.json.rateCard.id;
    await labelAll(acme, 4000);
    await labelAll(rival, 6000);
    const bonus = await t.call("POST", "/cost/adjustments", {
      cookie: t.admin,
      body: {
        kind: "bonus",
        amountMinor: 500,
        currency: "USD",
        projectId,
        annotatorId: acme.id,
        note: "weekend",
        key: "b1",
      },
    });
    expect(bonus.status, bonus.text).toBe(201);
  });

  it("sums components to the total, to the cent, for every grouping", async () => {
    for (const groupBy of GROUPS) {
      const summary = await t.call("GET", `/cost/summary?groupBy=${groupBy}`, { cookie: roles.analyst.cookie });
      expect(summary.status, summary.text).toBe(200);
      expect(summary.json.rows.length).toBeGreaterThan(0);
      for (const row of summary.json.rows) {
        expect(Object.keys(row.components).sort()).toEqual([...COST_COMPONENTS].sort());
        const sum = COST_COMPONENTS.reduce((a, c) => a + row.components[c], 0);
        expect(sum, `${groupBy} ${row.key}`).toBe(row.total);
        expect(Number.isInteger(row.total)).toBe(true);
        expect(row).toMatchObject({ currency: "USD", fractionDigits: 2 });
      }
    }
    const byProject = await t.call("GET", "/cost/summary?groupBy=project", { cookie: roles.analyst.cookie });
    const row = byProject.json.rows.find((r: { key: string }) => r.key === String(projectId));
    // Acme: 3 first judgments, 12 + 1800/h × 4 s = 14 each; Rival: 3 second ones, 12 + 3 = 15 each.
    // Fees: 2.5% + 5% of 14 = 0 + 1 (half to even: 0.35 → 0, 0.7 → 1); of 15: 0 + 1 (0.375 → 0, 0.75 → 1).
    expect(row).toMatchObject({ label: "Priced", acceptedLabels: 3, total: 42 + 45 + 6 + 500 });
    expect(row.components).toEqual({ base: 42, overlap: 45, gold: 0, rework: 0, review: 0, bonus: 500, fees: 6 });
    expect(row.perAcceptedLabel).toBeCloseTo(593 / 3, 10);
    expect(byProject.json.unpricedJudgments).toBe(0);
  });

  it("shows a vendor lead only their vendor's people", async () => {
    const lead = await t.userSession("vendor_lead", { vendor: "Acme" }, "cost-lead");
    const summary = await t.call("GET", "/cost/summary?groupBy=annotator", { cookie: lead.cookie });
    expect(summary.status).toBe(200);
    expect(summary.json.rows.map((r: { key: string }) => r.key)).toEqual([String(acme.id)]);
    const all = await t.call("GET", "/cost/summary?groupBy=annotator", { cookie: roles.analyst.cookie });
    expect(all.json.rows.map((r: { key: string }) => r.key).sort()).toEqual([String(acme.id), String(rival.id)].sort());
  });

  it("gives annotators their own pay only, by day and project, with the effective hourly wage", async () => {
    expect((await t.call("GET", "/cost/summary", { cookie: acme.cookie })).status).toBe(403);
    const mine = await t.call("GET", "/me/earnings", { cookie: acme.cookie });
    expect(mine.status).toBe(200);
    // Pay, not fees: 3 × 14 + the 500 bonus; active time 3 × 4 s.
    expect(mine.json.totals).toEqual([
      expect.objectContaining({
        currency: "USD",
        payMinor: 542,
        activeMs: 12_000,
        judgments: 3,
        hourlyWageMinor: (542 * 3_600_000) / 12_000,
      }),
    ]);
    expect(mine.json.days).toEqual([expect.objectContaining({ projectId, payMinor: 542 })]);
    const theirs = await t.call("GET", "/me/earnings", { cookie: rival.cookie });
    expect(theirs.json.totals[0].payMinor).toBe(45);
    const nobody = await t.call("GET", "/me/earnings", { cookie: roles.reviewer.cookie });
    expect(nobody.json).toMatchObject({ days: [], totals: [] });
  });

  it("lets analysts and vendor leads read rate cards but only admins, managers and finance change them", async () => {
    for (const role of ["analyst", "vendor_lead", "annotator", "reviewer"] as const) {
      const cookie = roles[role].cookie;
      expect(
        (await t.call("PATCH", `/rate-cards/${cardId}`, { cookie, body: { payPerJudgmentMinor: 1 } })).status,
      ).toBe(403);
      expect((await t.call("DELETE", `/rate-cards/${cardId}`, { cookie })).status).toBe(403);
    }
    expect((await t.call("GET", `/rate-cards/${cardId}`, { cookie: roles.analyst.cookie })).status).toBe(200);
    expect((await t.call("GET", `/rate-cards/${cardId}`, { cookie: roles.annotator.cookie })).status).toBe(403);
    // Finance manages cost and nothing else.
    expect((await t.call("GET", "/projects", { cookie: roles.finance.cookie })).json.projects).toEqual([]);
    expect([403, 404]).toContain(
      (await t.call("GET", `/projects/${projectId}`, { cookie: roles.finance.cookie })).status,
    );
    expect((await t.call("GET", "/cost/summary", { cookie: roles.finance.cookie })).status).toBe(200);
  });

  it("changes a rate card without rewriting what the ledger paid", async () => {
    const before = await t.call("GET", "/cost/summary?groupBy=project", { cookie: t.admin });
    const changed = await t.call("PATCH", `/rate-cards/${cardId}`, {
      cookie: roles.manager.cookie,
      body: { payPerJudgmentMinor: 99 },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.rateCard).toMatchObject({
      payPerJudgmentMinor: 99,
      vendorMarkupBps: 500,
      name: "Search default",
    });
    const after = await t.call("GET", "/cost/summary?groupBy=project", { cookie: t.admin });
    expect(after.json.rows).toEqual(before.json.rows);
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const count = async () => (await t.call("GET", "/rate-cards", { cookie: t.admin })).json.rateCards.length;
    const cards = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ currency: "usd", effectiveFrom: "2027-01-01" }, "currency"],
      [{ currency: "USD", effectiveFrom: "2027-01-01", payPerJudgmentMinor: 1.5 }, "payPerJudgmentMinor"],
      [{ currency: "USD", effectiveFrom: "soon" }, "effectiveFrom"],
      [{ currency: "USD", effectiveFrom: "2027-01-01", taskType: "poem" }, "taskType"],
      [{ currency: "USD", effectiveFrom: "2027-01-01", projectId: 987_654 }, "projectId"],
    ];
    for (const [body, field] of cases) {
      const response = await t.call("POST", "/rate-cards", { cookie: t.admin, body });
      expect(response.status, field).toBe(400);
      expect(JSON.stringify(response.json.error), field).toContain(field);
    }
    const backwards = await t.call("POST", "/rate-cards", {
      cookie: t.admin,
      body: { currency: "USD", effectiveFrom: "2027-02-01", effectiveTo: "2027-01-01" },
    });
    expect(backwards.status).toBe(400);
    expect(backwards.json.error.message).toContain("effectiveTo");
    expect(await count()).toBe(cards);

    const group = await t.call("GET", "/cost/summary?groupBy=colour", { cookie: t.admin });
    expect(group.status).toBe(400);
    expect(JSON.stringify(group.json.error)).toContain("groupBy");
    const zero = await t.call("POST", "/cost/adjustments", {
      cookie: t.admin,
      body: { kind: "bonus", amountMinor: 0, currency: "USD", note: "x" },
    });
    expect(zero.status).toBe(400);
    expect(JSON.stringify(zero.json.error)).toContain("amountMinor");
  });

  it("takes a manual adjustment once per key", async () => {
    const body = {
      kind: "adjustment",
      amountMinor: -200,
      currency: "USD",
      projectId,
      annotatorId: rival.id,
      note: "overpaid",
      key: "adj-1",
    };
    const first = await t.call("POST", "/cost/adjustments", { cookie: t.admin, body });
    const again = await t.call("POST", "/cost/adjustments", { cookie: t.admin, body });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.json.entry.id).toBe(first.json.entry.id);
    expect(first.json.entry).toMatchObject({
      kind: "adjustment",
      component: "base",
      vendor: "Rival",
      amountMinor: -200,
    });
    const theirs = await t.call("GET", "/me/earnings", { cookie: rival.cookie });
    expect(theirs.json.totals[0].payMinor).toBe(45 - 200);
  });
});
