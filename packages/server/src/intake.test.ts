import { ownTables, testTargets } from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 2, 12);

/** Row counts of every table, to show a call changed nothing but what it should. */
async function rowCounts(t: TestAppWithDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { name } of await ownTables(t.database)) {
    if (name.startsWith("kysely_")) continue;
    const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(t.database.db);
    counts[name] = Number(row.rows[0]!.n);
  }
  return counts;
}

describe.each(targets)("intake and feasibility on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let admin = "";
  const others: Record<string, string> = {};
  const clock = { now: NOW - 30 * DAY };

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    admin = t.admin;
    // Three German speakers who each gave 100 judgments a day for the last 28 days (30 s each), 9 of 10 gold right.
    const people: number[] = [];
    for (let i = 0; i < 3; i++) people.push((await t.userSession("annotator", { languages: ["de"] }, `de${i}`)).id);
    await t.userSession("annotator", { languages: ["fr"] }, "fr-new"); // eligible for French, never worked
    const project = await t.call("POST", "/projects", {
      cookie: admin,
      body: { name: "Earlier work", schema: { type: "single_choice", options: ["a", "b"] } },
    });
    const rows = [];
    for (const annotator of people)
      for (let d = 1; d <= 28; d++)
        rows.push({
          project_id: project.json.id as number,
          hour: Math.floor(NOW / DAY) * DAY - d * DAY + 9 * 3_600_000,
          annotator_id: annotator,
          judgments: 100,
          active_ms: 3_000_000,
          gold_answered: 10,
          gold_correct: 9,
        });
    await t.database.db.insertInto("activity_hourly").values(rows).execute();
    for (const role of ["manager", "reviewer", "annotator", "vendor_lead", "analyst", "finance"])
      others[role] = (
        await t.userSession(role, role === "vendor_lead" ? { vendor: "Acme" } : {}, `${role}-intake`)
      ).email;
    const card = await t.call("POST", "/rate-cards", {
      cookie: admin,
      body: { currency: "USD", effectiveFrom: new Date(NOW - 60 * DAY).toISOString(), payPerJudgmentMinor: 10 },
    });
    expect(card.status, card.text).toBe(201);
    clock.now = NOW;
    admin = await t.login("admin@test.local", "admin-password"); // the first session ran out over the month
  });
  afterAll(() => t.close());

  const request = (overrides: Record<string, unknown>) => ({
    name: "Sentiment",
    volume: 200,
    schema: { type: "single_choice", options: ["positive", "negative"] },
    languages: ["de"],
    qualityTarget: 0.95,
    overlap: 3,
    deadline: NOW + 10 * DAY,
    budgetMinor: 100_000,
    currency: "USD",
    ...overrides,
  });

  async function assess(body: Record<string, unknown>) {
    const created = await t.call("POST", "/intake-requests", { cookie: admin, body });
    expect(created.status, created.text).toBe(201);
    const report = await t.call("POST", `/intake-requests/${created.json.id}/feasibility`, { cookie: admin });
    expect(report.status, report.text).toBe(200);
    return report.json;
  }

  it("finds a request the pool can do feasible, with its finish date and cost from the measured pool", async () => {
    const result = await assess(request({}));
    const report = result.feasibility;
    expect(result.status).toBe("assessed");
    expect(report.flags).toEqual([]);
    expect(report.feasible).toBe(true);
    // 600 judgments at 3 people × 100 a day: two days, whatever day is drawn; 10 cents each.
    expect(report.finishDays).toEqual({ p50: 2, p70: 2, p85: 2, p95: 2 });
    expect(report.finishDates.p85).toBe(new Date(NOW + 2 * DAY).toISOString());
    expect(report.cost).toEqual({ p50: 6000, p70: 6000, p85: 6000, p95: 6000 });
    expect(report.languages[0]).toMatchObject({ language: "de", eligible: 3, measured: 3, accuracy: 0.9 });
    expect(report.probabilityOnTime).toBe(1);
  });

  it("flags a language nobody can work, an unreachable quality target, a short budget and an infeasible deadline, with their figures", async () => {
    const report = (
      await assess(
        request({
          volume: 1000,
          languages: ["de", "ja"],
          qualityTarget: 0.99,
          deadline: NOW + 5 * DAY,
          budgetMinor: 1000,
        }),
      )
    ).feasibility;
    const byKind = Object.fromEntries(report.flags.map((f: { kind: string }) => [f.kind, f]));
    expect(Object.keys(byKind).sort()).toEqual([
      "budget_short",
      "deadline_infeasible",
      "pool_too_small",
      "quality_unreachable",
    ]);
    expect(byKind.pool_too_small).toMatchObject({ language: "ja", figures: { eligible: 0, measured: 0 } });
    // A majority of 3 at 90% is right 97.2% of the time; 5 judgments reach 99.1%.
    expect(byKind.quality_unreachable.language).toBe("de");
    expect(byKind.quality_unreachable.figures.aggregateAccuracy).toBeCloseTo(0.972, 6);
    expect(byKind.quality_unreachable.figures.overlapNeeded).toBe(5);
    // German alone: 1,500 judgments at 10 cents; the Japanese half never starts.
    expect(byKind.budget_short.figures).toMatchObject({ budgetMinor: 1000, costP85: 15_000, shortMinor: 14_000 });
    expect(byKind.deadline_infeasible.figures).toMatchObject({
      daysToDeadline: 5,
      finishP85: null,
      probabilityOnTime: 0,
    });
    expect(report.feasible).toBe(false);
  });

  it("flags a pool too small when the eligible people cannot give the judgments by the deadline", async () => {
    const result = await assess(request({ volume: 2000, deadline: NOW + 4 * DAY }));
    const report = result.feasibility;
    const flag = report.flags.find((f: { kind: string }) => f.kind === "pool_too_small");
    // 6,000 judgments in 4 days at 100 per person-day: 15 people; 3 have worked.
    expect(flag).toMatchObject({ language: "de", figures: { peopleNeeded: 15, measured: 3, daysToDeadline: 4 } });
    expect(report.flags.map((f: { kind: string }) => f.kind)).toContain("deadline_infeasible");
    // 300 a day: day 20, noon UTC on March 22 (the workspace's zone, in English), already the 23rd in Auckland.
    const late = (r: typeof report) =>
      r.flags.find((f: { kind: string }) => f.kind === "deadline_infeasible").message as string;
    expect(late(report)).toContain("The 85th-percentile finish is day 20 (Mar 22), past the deadline");
    const read = await t.call("GET", `/intake-requests/${result.id}?timeZone=Pacific/Auckland&locale=de`, {
      cookie: admin,
    });
    expect(read.status, read.text).toBe(200);
    expect(late(read.json.feasibility)).toContain("The 85th-percentile finish is day 20 (23. März), past the deadline");
    expect(read.json.feasibility.flags[0]).not.toHaveProperty("messageParts");
    expect(read.json.feasibility.finishDates.p85).toBe(report.finishDates.p85);
  });

  it("simulates on a copy: assessing changes no row anywhere but the request's report", async () => {
    const created = await t.call("POST", "/intake-requests", { cookie: admin, body: request({ volume: 5000 }) });
    const before = await rowCounts(t);
    const stored = await t.database.db
      .selectFrom("intake_requests")
      .selectAll()
      .where("id", "=", created.json.id)
      .executeTakeFirstOrThrow();
    await t.call("POST", `/intake-requests/${created.json.id}/feasibility`, { cookie: admin });
    expect(await rowCounts(t)).toEqual(before);
    const after = await t.database.db
      .selectFrom("intake_requests")
      .selectAll()
      .where("id", "=", created.json.id)
      .executeTakeFirstOrThrow();
    expect({ ...after, feasibility: null, assessed_at: null, status: "draft", updated_at: stored.updated_at }).toEqual(
      stored,
    );
  });

  it("accepts an assessed request once, creating the project with its plan", async () => {
    const created = await t.call("POST", "/intake-requests", {
      cookie: admin,
      body: request({ name: "Accepted sentiment", guidelines: "# Label the sentiment", skills: {} }),
    });
    const early = await t.call("POST", `/intake-requests/${created.json.id}/accept`, { cookie: admin });
    expect(early.status).toBe(409);
    await t.call("POST", `/intake-requests/${created.json.id}/feasibility`, { cookie: admin });
    const accepted = await t.call("POST", `/intake-requests/${created.json.id}/accept`, { cookie: admin });
    expect(accepted.status, accepted.text).toBe(201);
    expect(accepted.json.project).toMatchObject({
      name: "Accepted sentiment",
      overlap: 3,
      requirements: { languages: ["de"], skills: {} },
      deadline: new Date(NOW + 10 * DAY).toISOString(),
      guidelineVersion: 1,
    });
    expect(accepted.json.request).toMatchObject({ status: "accepted", projectId: accepted.json.project.id });
    const again = await t.call("POST", `/intake-requests/${created.json.id}/accept`, { cookie: admin });
    expect(again.status).toBe(409);
    const reassess = await t.call("POST", `/intake-requests/${created.json.id}/feasibility`, { cookie: admin });
    expect(reassess.status).toBe(409);
  });

  it("lets only admins and managers read, assess or accept a request", async () => {
    const created = await t.call("POST", "/intake-requests", { cookie: admin, body: request({}) });
    const id = created.json.id as number;
    for (const role of ["reviewer", "annotator", "vendor_lead", "analyst", "finance"]) {
      const cookie = await t.login(others[role]!, "password-123");
      expect((await t.call("GET", `/intake-requests/${id}`, { cookie })).status, role).toBe(403);
      expect((await t.call("POST", `/intake-requests/${id}/feasibility`, { cookie })).status, role).toBe(403);
      expect((await t.call("POST", `/intake-requests/${id}/accept`, { cookie })).status, role).toBe(403);
    }
    const manager = await t.login(others.manager!, "password-123");
    expect((await t.call("POST", `/intake-requests/${id}/feasibility`, { cookie: manager })).status).toBe(200);
    expect((await t.call("POST", `/intake-requests/${id}/accept`, { cookie: manager })).status).toBe(201);
  });

  it("refuses a bad request naming the field", async () => {
    const bad = await t.call("POST", "/intake-requests", {
      cookie: admin,
      body: request({ languages: ["not a tag!"] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("languages");
    const money = await t.call("POST", "/intake-requests", { cookie: admin, body: request({ budgetMinor: 10.5 }) });
    expect(money.status).toBe(400);
    expect(money.text).toContain("budgetMinor");
  });

  it("clones a project as a template: schema, guidelines and settings, no tasks", async () => {
    const source = await t.call("POST", "/projects", {
      cookie: admin,
      body: {
        name: "Template",
        schema: { type: "single_choice", options: ["x", "y"] },
        guidelines: "# Pick x or y",
        overlap: 5,
        requirements: { languages: ["de"] },
        deadline: NOW + 3 * DAY,
      },
    });
    await t.call("POST", `/projects/${source.json.id}/imports`, { cookie: admin, raw: '{"data":{"text":"one"}}' });
    const clone = await t.call("POST", `/projects/${source.json.id}/clone`, { cookie: admin, body: { name: "Copy" } });
    expect(clone.status, clone.text).toBe(201);
    expect(clone.json).toMatchObject({
      name: "Copy",
      overlap: 5,
      schema: source.json.schema,
      deadline: null,
      guidelineVersion: 1,
    });
    const guidelines = await t.call("GET", `/projects/${clone.json.id}/guidelines`, { cookie: admin });
    expect(guidelines.json.versions[0].body).toBe("# Pick x or y");
    const tasks = await t.database.db
      .selectFrom("tasks")
      .select("id")
      .where("project_id", "=", clone.json.id)
      .execute();
    expect(tasks).toEqual([]);
  });
});
