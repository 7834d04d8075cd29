import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, type TestSession, testApp } from "./test-client.js";

const targets = await testTargets();
const NOW = 1_800_000_000_000;
const DAY = 86_400_000;

describe.each(targets)("scorecard, tiers, coaching and capacity over HTTP on $dialect", (target) => {
  let t: TestApp;
  let close: () => Promise<void>;
  let acme: TestSession;
  let rival: TestSession;
  let lead: TestSession;
  let manager: TestSession;
  let analyst: TestSession;
  let reviewer: TestSession;
  let projectId: number;

  beforeAll(async () => {
    const database = await target.open();
    close = () => database.close();
    t = await testApp(database, { now: NOW });
    acme = await t.userSession("annotator", { vendor: "Acme", languages: ["de"] }, "acme");
    rival = await t.userSession("annotator", { vendor: "Rival", languages: ["de"] }, "rival");
    lead = await t.userSession("vendor_lead", { vendor: "Acme" }, "lead");
    manager = await t.userSession("manager", {}, "manager");
    analyst = await t.userSession("analyst", {}, "analyst");
    reviewer = await t.userSession("reviewer", {}, "reviewer");
    const project = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: {
        name: "Reviews DE",
        schema: { type: "single_choice", options: ["ok", "spam"] },
        overlap: 3,
        requirements: { languages: ["de"] },
        deadline: new Date(NOW + 7 * DAY).toISOString(),
      },
    });
    projectId = project.json.id;
    const lines = Array.from({ length: 100 }, (_, i) => JSON.stringify({ data: { text: `t${i}` } }));
    await t.call("POST", `/projects/${projectId}/imports`, { cookie: t.admin, raw: lines.join("\n") });
    // Acme labels 3 tasks, 36 s each, with a heartbeat each minute for 10 minutes.
    for (let i = 0; i < 10; i++) {
      t.clock.now = NOW + i * 60_000;
      expect((await t.call("POST", "/presence", { cookie: acme.cookie })).status).toBe(204);
      // A second tab pinging in the same minute adds nothing.
      await t.call("POST", "/presence", { cookie: acme.cookie });
    }
    for (let i = 0; i < 3; i++) {
      t.clock.now = NOW + i * 60_000 + 1000;
      const lease = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: acme.cookie });
      await t.call("POST", `/assignments/${lease.json.assignment.id}/judgment`, {
        cookie: acme.cookie,
        body: { value: "ok", activeMs: 36_000, clientKey: `k${i}` },
      });
    }
    t.clock.now = NOW + 11 * 60_000;
  });
  afterAll(() => close());

  it("computes throughput, handling time and utilisation from the roll-up and the heartbeats", async () => {
    const card = await t.call("GET", `/users/${acme.id}/scorecard`, { cookie: manager.cookie });
    expect(card.status).toBe(200);
    expect(card.json.person).toMatchObject({ id: acme.id, timeZone: "UTC", tier: "trainee" });
    expect(card.json.totals).toMatchObject({ judgments: 3, activeMs: 108_000, averageHandlingMs: 36_000 });
    expect(card.json.totals.presentMs).toBe(10 * 60_000);
    // 108 s active of 600 s logged in.
    expect(card.json.totals.utilisation).toBeCloseTo(0.18, 9);
    expect(card.json.weeks).toHaveLength(1);
    expect(card.json.projects[0]).toMatchObject({ projectId, name: "Reviews DE", judgments: 3 });
  });

  it("lets the person, managers and their own vendor lead read a scorecard; nobody else", async () => {
    const read = (who: TestSession | string, person: number, what = "scorecard") =>
      t.call("GET", `/users/${person}/${what}`, { cookie: typeof who === "string" ? who : who.cookie });
    for (const what of ["scorecard", "coaching"]) {
      expect((await read(acme, acme.id, what)).status).toBe(200);
      expect((await read(acme, rival.id, what)).status).toBe(403);
      expect((await read(lead, acme.id, what)).status).toBe(200);
      expect((await read(lead, rival.id, what)).status).toBe(404);
      expect((await read(manager, rival.id, what)).status).toBe(200);
      expect((await read(t.admin, rival.id, what)).status).toBe(200);
      expect((await read(analyst, acme.id, what)).status).toBe(403);
      expect((await read(reviewer, acme.id, what)).status).toBe(403);
      expect((await t.call("GET", `/users/${acme.id}/${what}`)).status).toBe(401);
    }
    const leadView = await read(lead, acme.id);
    expect(leadView.text).not.toContain("rival");
  });

  it("sets a tier by hand, shows the history, and undoes only the latest change", async () => {
    const path = `/users/${acme.id}/tier`;
    const bad = await t.call("POST", path, { cookie: manager.cookie, body: { tier: "gold", reason: "x" } });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("tier");
    expect((await t.call("POST", path, { cookie: lead.cookie, body: { tier: "expert", reason: "x" } })).status).toBe(
      403,
    );
    const first = await t.call("POST", path, { cookie: manager.cookie, body: { tier: "standard", reason: "trial" } });
    const second = await t.call("POST", path, { cookie: manager.cookie, body: { tier: "expert", reason: "great" } });
    expect(first.json.changeId).toBeGreaterThan(0);
    const own = await t.call("GET", `/users/${acme.id}/scorecard`, { cookie: acme.cookie });
    expect(own.json.person.tier).toBe("expert");
    expect(own.json.tierChanges.map((c: { to: string }) => c.to)).toEqual(["expert", "standard"]);
    const undo = (id: number) =>
      t.call("POST", `/users/${acme.id}/tier-changes/${id}/reverse`, { cookie: manager.cookie });
    expect((await undo(first.json.changeId)).status).toBe(409);
    expect(
      (await t.call("POST", `/users/${acme.id}/tier-changes/${second.json.changeId}/reverse`, { cookie: acme.cookie }))
        .status,
    ).toBe(403);
    expect((await undo(second.json.changeId)).status).toBe(204);
    expect((await undo(second.json.changeId)).status).toBe(409);
    expect((await undo(first.json.changeId)).status).toBe(204);
    const after = await t.call("GET", `/users/${acme.id}/scorecard`, { cookie: manager.cookie });
    expect(after.json.person.tier).toBe("trainee");
    expect(after.json.tierChanges.every((c: { reversedAt: string | null }) => c.reversedAt !== null)).toBe(true);
  });

  it("lets a manager write a coaching note the person reads", async () => {
    const note = await t.call("POST", `/users/${acme.id}/coaching-notes`, {
      cookie: manager.cookie,
      body: { body: "Read the section on ads again.", projectId, label: "spam" },
    });
    expect(note.status).toBe(201);
    const empty = await t.call("POST", `/users/${acme.id}/coaching-notes`, {
      cookie: manager.cookie,
      body: { body: "  " },
    });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain("body");
    expect(
      (await t.call("POST", `/users/${rival.id}/coaching-notes`, { cookie: acme.cookie, body: { body: "x" } })).status,
    ).toBe(403);
    const own = await t.call("GET", `/users/${acme.id}/coaching`, { cookie: acme.cookie });
    expect(own.json.notes.map((n: { body: string }) => n.body)).toEqual(["Read the section on ads again."]);
  });

  it("plans capacity per language from measured handling times, against the pool", async () => {
    // 100 tasks × 3 − 3 answered = 297 judgments × 36 s = 2.97 h due in 7 days (one week):
    // 10 paid hours × (1 − 0.5) × 0.1 = 0.5 productive hours per person → 5.94 FTE → 6 people;
    // 2 annotators speak de → 4 short.
    const plan = await t.call("GET", "/capacity?paidHoursPerWeek=10&shrinkage=0.5&utilisation=0.1", {
      cookie: analyst.cookie,
    });
    expect(plan.status).toBe(200);
    const project = plan.json.projects.find((p: { projectId: number }) => p.projectId === projectId);
    expect(project).toMatchObject({ language: "de", judgmentsLeft: 297, people: 6, overdue: false });
    expect(project.workloadHours).toBeCloseTo(2.97, 9);
    expect(project.days).toBeCloseTo(7 - 11 / (24 * 60), 9);
    expect(plan.json.languages).toEqual([
      expect.objectContaining({ language: "de", people: 6, pool: 2, shortfall: 4 }),
    ]);
    // Utilisation measured from presence when not given: 108 s active in 600 s.
    const measured = await t.call("GET", "/capacity", { cookie: manager.cookie });
    expect(measured.json.measured.utilisation).toBeCloseTo(0.18, 9);
    expect(measured.json.policy.utilisation).toBeCloseTo(0.18, 9);
    const bad = await t.call("GET", "/capacity?shrinkage=1.5", { cookie: manager.cookie });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("shrinkage");
    for (const who of [acme, lead, reviewer])
      expect((await t.call("GET", "/capacity", { cookie: who.cookie })).status).toBe(403);
  });
});
