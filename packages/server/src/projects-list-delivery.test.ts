import { evaluateRiskAlerts, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const NOW = Date.UTC(2026, 2, 10, 12);

describe.each(targets)("the projects list's delivery verdict on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let projectId = 0;
  const listed = async (cookie: string) => {
    const response = await t.call("GET", "/projects", { cookie });
    expect(response.status, response.text).toBe(200);
    return response.json.projects.find((p: { id: number }) => p.id === projectId);
  };

  beforeAll(async () => {
    t = await openTestApp(target, { now: NOW });
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
  });
  afterAll(() => t.close());

  it("has none before the project's first forecast", async () => {
    expect((await listed(t.admin)).delivery).toBeNull();
  });

  it("says a project cannot finish, from the risk round's forecast, in the list itself", async () => {
    await evaluateRiskAlerts(t.database, { now: NOW });
    // Old code: no delivery in GET /projects; the page forecast every project it listed.
    expect((await listed(t.admin)).delivery).toEqual({
      level: "blocked",
      finishP85: null,
      risks: [{ kind: "pool_too_small", language: "" }],
      asOf: new Date(NOW).toISOString(),
    });
  });

  it("follows the latest forecast read by someone who may see money", async () => {
    for (let i = 0; i < 2; i++) await t.userSession("annotator", {}, `more${i}`);
    // Not forecast since the pool grew: the list still says what the last forecast said.
    expect((await listed(t.admin)).delivery.level).toBe("blocked");
    const roles = await signInEveryRole(t);
    // A reviewer's register leaves budgets out: not the whole verdict, so it is not kept.
    expect((await t.call("GET", `/projects/${projectId}/forecast`, { cookie: roles.reviewer!.cookie })).status).toBe(
      200,
    );
    expect((await listed(roles.reviewer!.cookie)).delivery.level).toBe("blocked");
    const read = await t.call("GET", `/projects/${projectId}/forecast`, { cookie: roles.manager!.cookie });
    expect(read.json.level).toBe("not_started");
    expect((await listed(roles.reviewer!.cookie)).delivery).toMatchObject({ level: "not_started", risks: [] });
    // Annotators get their own figures, no verdict.
    const own = await t.call("GET", "/projects", { cookie: roles.annotator!.cookie });
    for (const project of own.json.projects) expect(project).not.toHaveProperty("delivery");
  });
});
