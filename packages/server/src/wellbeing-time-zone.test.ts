import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithTasks, openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const SCHEMA = { type: "rating", min: 0, max: 4 };

/**
 * Exposure budgets count days in the workspace's time zone (GET/PATCH /workspace/settings), the
 * zone of every other daily figure, for people without a zone of their own: not in a second zone
 * of the wellbeing settings that silently stayed UTC.
 */
describe.each(targets)("wellbeing days in the workspace's time zone on $dialect", (target) => {
  let t: TestAppWithDatabase;
  // 22:30 UTC on 1 December: 23:30 in Berlin, still the 1st there.
  const clock = { now: Date.parse("2026-12-01T22:30:00Z") };

  beforeAll(async () => {
    t = await openTestApp(target, clock);
  });
  afterAll(() => t.close());

  it("reports the workspace's zone as the wellbeing settings' zone, and refuses a second one", async () => {
    const zone = await t.call("PATCH", "/workspace/settings", { cookie: t.admin, body: { timeZone: "Europe/Berlin" } });
    expect(zone.status).toBe(200);
    const settings = await t.call("GET", "/wellbeing/settings", { cookie: t.admin });
    expect(settings.json.policy.timeZone).toBe("Europe/Berlin");
    const second = await t.call("PATCH", "/wellbeing/settings", { cookie: t.admin, body: { timeZone: "Asia/Tokyo" } });
    expect(second.status).toBe(400);
    expect(second.text).toContain("timeZone");
    expect(second.text).toContain("/workspace/settings");
    expect((await t.call("GET", "/wellbeing/settings", { cookie: t.admin })).json.policy.timeZone).toBe(
      "Europe/Berlin",
    );
    // The policy as read, sent back whole with a change (its zone the workspace's), is accepted.
    const roundTrip = await t.call("PATCH", "/wellbeing/settings", {
      cookie: t.admin,
      body: { ...settings.json.policy, session: { ...settings.json.policy.session, capMinutes: 50 } },
    });
    expect(roundTrip.status, roundTrip.text).toBe(200);
    expect(roundTrip.json.policy.session.capMinutes).toBe(50);
  });

  it("starts a new day of exposure at midnight in the workspace's zone", async () => {
    await t.call("PATCH", "/workspace/settings", { cookie: t.admin, body: { timeZone: "Europe/Berlin" } });
    await t.call("PATCH", "/wellbeing/settings", {
      cookie: t.admin,
      body: { defaultBudget: { itemsPerDay: 2, minutesPerDay: null, itemsPerWeek: null, minutesPerWeek: null } },
    });
    const project = await createProjectWithTasks(
      t,
      { name: "Night shift", schema: SCHEMA, overlap: 1 },
      Array.from({ length: 4 }, (_, i) => JSON.stringify({ data: { text: `t${i}` }, harm: "violence" })),
    );
    // No zone of their own: the workspace's applies.
    const annotator = await t.userSession("annotator", { languages: ["en"] });
    for (let i = 0; i < 2; i++) {
      const next = await t.call("POST", `/projects/${project.id}/assignments/next`, { cookie: annotator.cookie });
      expect(next.status).toBe(200);
      const judged = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie: annotator.cookie,
        body: { value: 1, activeMs: 20_000, clientKey: `night${i}` },
      });
      expect(judged.status).toBe(201);
    }
    const refused = await t.call("POST", `/projects/${project.id}/assignments/next`, { cookie: annotator.cookie });
    expect(refused.headers.get("quorum-no-task-reason")).toBe("exposure_budget_reached");

    // 23:15 UTC: still the 1st in UTC, but 00:15 on the 2nd in Berlin, a new day's budget.
    clock.now = Date.parse("2026-12-01T23:15:00Z");
    const seen = await t.call("GET", `/wellbeing/people/${annotator.id}`, { cookie: t.admin });
    expect(seen.json.categories.find((c: { category: string }) => c.category === "violence").itemsToday).toBe(0);
    const next = await t.call("POST", `/projects/${project.id}/assignments/next`, { cookie: annotator.cookie });
    expect(next.status).toBe(200);
  });
});
