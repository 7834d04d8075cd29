import { evaluateRiskAlerts, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const NOW = Date.UTC(2026, 2, 10, 12);

describe.each(targets)("the projects list's delivery verdict on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let projectId = 0;
  const clock = { now: NOW };
  let roles: Record<string, TestSession>;
  const listed = async (cookie: string) => {
    const response = await t.call("GET", "/projects", { cookie });
    expect(response.status, response.text).toBe(200);
    return response.json.projects.find((p: { id: number }) => p.id === projectId);
  };

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    // Three judgments per task from different people, and one annotator: no task can finish.
    const created = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Too few", schema: { type: "single_choice", options: ["a", "b"] }, overlap: 3 },
    });
    projectId = created.json.id;
    await t.call("POST", `/projects/${projectId}/imports`, {
      cookie: t.admin,
      raw: ['{"data":{"text":"x"}}', '{"data":{"text":"y"}}'].join("\n"),
    });
    await t.userSession("annotator", {}, "only");
    // With the role's own annotator: two people for tasks that need three.
    roles = await signInEveryRole(t);
  });
  afterAll(() => t.close());

  it("forecasts a project once, when first listed, and says it cannot finish", async () => {
    // Old code: no delivery in GET /projects; the page asked for a forecast of every project it listed.
    expect((await listed(t.admin)).delivery).toEqual({
      level: "blocked",
      finishP85: null,
      risks: [{ kind: "pool_too_small", language: "" }],
      asOf: new Date(NOW).toISOString(),
    });
    const kept = await t.database.db.selectFrom("project_delivery_status").selectAll().execute();
    expect(kept.map((row) => [Number(row.project_id), row.level])).toEqual([[projectId, "blocked"]]);
  });

  it("lists the kept verdict until the risk round or a forecast read with the whole register moves it", async () => {
    const more = [];
    for (let i = 0; i < 2; i++) more.push((await t.userSession("annotator", {}, `more${i}`)).id);
    // Not forecast since the pool grew: the list says what the last forecast said.
    clock.now = NOW + 60_000;
    expect((await listed(t.admin)).delivery).toMatchObject({ level: "blocked", asOf: new Date(NOW).toISOString() });
    await evaluateRiskAlerts(t.database, { now: clock.now });
    expect((await listed(t.admin)).delivery).toMatchObject({
      level: "not_started",
      risks: [],
      asOf: new Date(NOW + 60_000).toISOString(),
    });

    await t.database.db.updateTable("users").set({ status: "deactivated" }).where("id", "in", more).execute();
    await t.database.db
      .updateTable("users")
      .set({ status: "deactivated" })
      .where("id", "=", roles.annotator!.id)
      .execute();
    // A reviewer's register leaves budgets out: not the whole verdict, so it is not kept.
    const partial = await t.call("GET", `/projects/${projectId}/forecast`, { cookie: roles.reviewer!.cookie });
    expect(partial.json.level).toBe("blocked");
    expect((await listed(roles.reviewer!.cookie)).delivery.level).toBe("not_started");
    const whole = await t.call("GET", `/projects/${projectId}/forecast`, { cookie: roles.manager!.cookie });
    expect(whole.json.level).toBe("blocked");
    expect((await listed(roles.reviewer!.cookie)).delivery.level).toBe("blocked");
  });

  it("gives annotators no verdict: their list is their own figures", async () => {
    await t.database.db.updateTable("users").set({ status: "active" }).where("id", "=", roles.annotator!.id).execute();
    const own = await t.call("GET", "/projects", { cookie: roles.annotator!.cookie });
    expect(own.json.projects).toHaveLength(1);
    for (const project of own.json.projects) expect(project).not.toHaveProperty("delivery");
  });

  it("gives staff each project's judgments of the last 24 hours, as its stats page counts them", async () => {
    // Old code: no judgments in GET /projects; the page asked for every project's stats.
    const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: roles.annotator!.cookie });
    expect(next.status, next.text).toBe(200);
    const judged = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
      cookie: roles.annotator!.cookie,
      body: { value: "a", activeMs: 1000, clientKey: "last-day" },
    });
    expect(judged.status, judged.text).toBe(201);
    const stats = await t.call("GET", `/projects/${projectId}/stats?hours=24`, { cookie: t.admin });
    expect(stats.json.judgments.lastDay).toBe(1);
    expect((await listed(t.admin)).judgments).toEqual({ lastDay: 1 });
    clock.now += 24 * 3_600_000;
    expect((await listed(t.admin)).judgments).toEqual({ lastDay: 0 });
    const own = await t.call("GET", "/projects", { cookie: roles.annotator!.cookie });
    for (const project of own.json.projects) expect(project).not.toHaveProperty("judgments");
  });
});
