import { countStatements, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithTasks, openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const SCHEMA = { type: "rating", min: 0, max: 4 };

describe.each(targets)("wellbeing over HTTP on $dialect", (target) => {
  let t: TestAppWithDatabase;

  beforeAll(async () => {
    t = await openTestApp(target);
  });
  afterAll(() => t.close());

  const tasks = (n: number, harm?: string) =>
    Array.from({ length: n }, (_, i) => JSON.stringify({ data: { text: `t${i}` }, ...(harm ? { harm } : {}) }));

  it("blurs, greys and mutes harmful media by default; each person overrides their own", async () => {
    const project = await createProjectWithTasks(t, { name: "Reports", schema: SCHEMA, harmCategory: "violence" });
    const view = await t.call("GET", `/projects/${project.id}`, { cookie: t.admin });
    expect(view.json.harm).toEqual({
      category: "violence",
      present: [],
      media: { blur: true, greyscale: true, mute: true },
    });
    expect(view.json.sensitive).toBe(true);
    const tuned = await t.call("PATCH", `/projects/${project.id}`, {
      cookie: t.admin,
      body: { harmMedia: { mute: false } },
    });
    expect(tuned.json.harm.media).toEqual({ blur: true, greyscale: true, mute: false });
    // The old flag: a sensitive project is harmful of kind "other", filters on.
    const legacy = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Old", schema: SCHEMA, sensitive: true },
    });
    expect(legacy.json.harm.category).toBe("other");
    expect(legacy.json.harm.media.blur).toBe(true);

    const annotator = await t.userSession("annotator", { languages: ["en"] });
    expect((await t.call("GET", "/wellbeing/me", { cookie: annotator.cookie })).json.media).toEqual({});
    const set = await t.call("PATCH", "/wellbeing/me/media", { cookie: annotator.cookie, body: { blur: false } });
    expect(set.json.media).toEqual({ blur: false });
    await t.call("PATCH", "/wellbeing/me/media", { cookie: annotator.cookie, body: { mute: true } });
    expect((await t.call("GET", "/wellbeing/me", { cookie: annotator.cookie })).json.media).toEqual({
      blur: false,
      mute: true,
    });
    const cleared = await t.call("PATCH", "/wellbeing/me/media", { cookie: annotator.cookie, body: { blur: null } });
    expect(cleared.json.media).toEqual({ mute: true });
    const bad = await t.call("PATCH", "/wellbeing/me/media", { cookie: annotator.cookie, body: { blur: "yes" } });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("blur");
  });

  it("says why no task came when the budget is reached, and shows what is left", async () => {
    const settings = await t.call("PATCH", "/wellbeing/settings", {
      cookie: t.admin,
      body: { defaultBudget: { itemsPerDay: 2, minutesPerDay: null, itemsPerWeek: null, minutesPerWeek: null } },
    });
    expect(settings.status).toBe(200);
    expect(settings.json.policy.session.capMinutes).toBeGreaterThan(0);
    const project = await createProjectWithTasks(t, { name: "Hate", schema: SCHEMA, overlap: 1 }, tasks(5, "hate"));
    const annotator = await t.userSession("annotator", { languages: ["en"] });
    for (let i = 0; i < 2; i++) {
      const next = await t.call("POST", `/projects/${project.id}/assignments/next`, { cookie: annotator.cookie });
      expect(next.status).toBe(200);
      const judged = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie: annotator.cookie,
        body: { value: 1, activeMs: 30_000, clientKey: `h${i}` },
      });
      expect(judged.status).toBe(201);
    }
    const refused = await t.call("POST", `/projects/${project.id}/assignments/next`, { cookie: annotator.cookie });
    expect(refused.status).toBe(204);
    expect(refused.headers.get("quorum-no-task-reason")).toBe("exposure_budget_reached");
    const me = await t.call("GET", "/wellbeing/me", { cookie: annotator.cookie });
    const hate = me.json.categories.find((c: { category: string }) => c.category === "hate");
    expect(hate).toMatchObject({ itemsToday: 2, minutesToday: 1, itemsLeft: 0, exhausted: true });
    // A manager sees the same state of this person and may raise their budget.
    const seen = await t.call("GET", `/wellbeing/people/${annotator.id}`, { cookie: t.admin });
    expect(seen.json.categories.find((c: { category: string }) => c.category === "hate").itemsToday).toBe(2);
    await t.call("PATCH", `/wellbeing/people/${annotator.id}/budgets`, {
      cookie: t.admin,
      body: { budgets: { hate: { itemsPerDay: 3 } } },
    });
    expect(
      (await t.call("POST", `/projects/${project.id}/assignments/next`, { cookie: annotator.cookie })).status,
    ).toBe(200);
  });

  it("refuses a settings change with a clear error naming the field", async () => {
    const zone = await t.call("PATCH", "/wellbeing/settings", { cookie: t.admin, body: { timeZone: "Mars/Base" } });
    expect(zone.status).toBe(400);
    expect(zone.text).toContain("timeZone");
    const session = await t.call("PATCH", "/wellbeing/settings", {
      cookie: t.admin,
      body: { session: { reminderMinutes: 90, capMinutes: 60, breakMinutes: 10 } },
    });
    expect(session.status).toBe(400);
    expect(session.text).toContain("reminderMinutes");
  });

  it("shows managers check-ins only as aggregates of at least 5 people, never answers", async () => {
    const big = await Promise.all(Array.from({ length: 6 }, () => t.userSession("annotator", { vendor: "Big" })));
    const small = await Promise.all(Array.from({ length: 4 }, () => t.userSession("annotator", { vendor: "Small" })));
    for (const [i, person] of [...big, ...small].entries()) {
      const answers = [i % 6, 3, 3, 3, 3];
      const posted = await t.call("POST", "/wellbeing/checkins", { cookie: person.cookie, body: { answers } });
      expect(posted.status).toBe(201);
      expect(posted.json.score).toBe((i % 6) * 4 + 48);
    }
    const bad = await t.call("POST", "/wellbeing/checkins", {
      cookie: big[0]!.cookie,
      body: { answers: [1, 2, 3, 4, 9] },
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("answers[4]");

    const summary = await t.call("GET", "/wellbeing/checkins/summary", { cookie: t.admin });
    expect(summary.status).toBe(200);
    const groups = Object.fromEntries(summary.json.groups.map((g: { group: string }) => [g.group, g]));
    expect(groups["(all)"]).toMatchObject({ suppressed: false, people: 10 });
    expect(groups.Big).toMatchObject({ suppressed: false, people: 6, meanScore: 58 });
    expect(groups.Small).toEqual({ group: "Small", suppressed: true });
    expect(summary.text).not.toContain("answers");
    expect(summary.text).not.toContain("userId");

    // A vendor lead of Small sees only Small's 4 people: every group is too small to show.
    const lead = await t.userSession("vendor_lead", { vendor: "Small" });
    const theirs = await t.call("GET", "/wellbeing/checkins/summary", { cookie: lead.cookie });
    expect(theirs.json.groups).toEqual([
      { group: "(all)", suppressed: true },
      { group: "Small", suppressed: true },
    ]);
    // An annotator sees only their own scores.
    expect((await t.call("GET", "/wellbeing/checkins/summary", { cookie: big[0]!.cookie })).status).toBe(403);
    const own = await t.call("GET", "/wellbeing/me/checkins", { cookie: big[0]!.cookie });
    expect(own.json.checkins).toHaveLength(1);
  });

  it("costs a harmful project's next task no more statements than a benign one's (but the queue head on SQLite)", async () => {
    await t.call("PATCH", "/wellbeing/settings", {
      cookie: t.admin,
      body: { defaultBudget: { itemsPerDay: 500, minutesPerDay: null, itemsPerWeek: null, minutesPerWeek: null } },
    });
    const benign = await createProjectWithTasks(t, { name: "Benign", schema: SCHEMA }, tasks(10));
    const harmful = await createProjectWithTasks(
      t,
      { name: "Gore", schema: SCHEMA, harmCategory: "violence" },
      tasks(10),
    );
    const annotator = await t.userSession("annotator", { languages: ["en"] });
    const remembered = /from "(projects|sessions|wellbeing_settings)"/;
    const next = async (projectId: number) => {
      const run = () => t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: annotator.cookie });
      await run(); // fills the caches
      return (await countStatements(run)).filter((text) => !remembered.test(text));
    };
    const plain = await next(benign.id);
    const guarded = await next(harmful.id);
    // On SQLite a benign project reads its queue head with its claim state; a harmful one reads it
    // apart, since the categories its queue passes over come from the exposure read with the claim state.
    const headApart = target.dialect === "sqlite" ? 1 : 0;
    expect(guarded.length, guarded.join("\n")).toBeLessThanOrEqual(plain.length + headApart);
    expect(guarded.some((text) => text.includes("exposure_daily"))).toBe(true);
  });
});
