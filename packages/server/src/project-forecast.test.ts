import { forecastEta } from "@quorum/core";
import { evaluateRiskAlerts, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 10, 12);
const D0 = Math.floor((NOW - 2 * DAY) / DAY) * DAY;

describe.each(targets)("a project's forecast and risk register on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let admin = "";
  let projectId = 0;
  let eveningId = 0;
  // A second German and two Japanese annotators: with them every task can find the different
  // people it needs; without them (see `setHelpers`) German and Japanese tasks cannot finish.
  let helpers: number[] = [];
  const setHelpers = (status: "active" | "deactivated", ids = helpers) =>
    t.database.db.updateTable("users").set({ status }).where("id", "in", ids).execute();
  // Created at midnight: its first day is whole and counts.
  const clock = { now: D0 };

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    const person = await t.userSession("annotator", { languages: ["de"] }, "de");
    helpers = [
      (await t.userSession("annotator", { languages: ["de"] }, "de2")).id,
      (await t.userSession("annotator", { languages: ["ja"] }, "ja1")).id,
      (await t.userSession("annotator", { languages: ["ja"] }, "ja2")).id,
    ];
    const created = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: {
        name: "Dynamic",
        schema: { type: "single_choice", options: ["a", "b"] },
        requirements: { languages: ["de", "ja"] },
        overlapPolicy: { mode: "dynamic", min: 2, max: 4, target: 0.9 },
        deadline: NOW + DAY,
      },
    });
    projectId = created.json.id;
    const lines = Array.from({ length: 16 }, (_, i) =>
      JSON.stringify({ data: { text: `t${i}`, language: i >= 14 ? "ja" : "de" } }),
    );
    await t.call("POST", `/projects/${projectId}/imports`, { cookie: t.admin, raw: lines.join("\n") });
    const ids = (
      await t.database.db.selectFrom("tasks").select("id").where("project_id", "=", projectId).orderBy("id").execute()
    ).map((r) => r.id);
    // Settled: two tasks took 3 judgments, two took 4. Open: six with 2 judgments, six with none.
    const set = (slice: number[], values: { status: string; judgment_count: number; required: number }) =>
      t.database.db
        .updateTable("tasks")
        .set({ ...values, slots_taken: values.judgment_count })
        .where("id", "in", slice)
        .execute();
    await set(ids.slice(0, 2), { status: "done", judgment_count: 3, required: 3 });
    await set(ids.slice(2, 4), { status: "done", judgment_count: 4, required: 4 });
    await set(ids.slice(4, 10), { status: "open", judgment_count: 2, required: 3 });
    // 10 judgments on the first day, 20 on the second.
    await t.database.db
      .insertInto("activity_hourly")
      .values([
        {
          project_id: projectId,
          hour: D0 + 3 * 3_600_000,
          annotator_id: person.id,
          judgments: 10,
          active_ms: 1,
          gold_answered: 0,
          gold_correct: 0,
        },
        {
          project_id: projectId,
          hour: D0 + DAY + 5 * 3_600_000,
          annotator_id: person.id,
          judgments: 20,
          active_ms: 1,
          gold_answered: 0,
          gold_correct: 0,
        },
      ])
      .execute();
    await t.database.db
      .insertInto("review_items")
      .values(
        ids.slice(0, 2).map((task_id) => ({
          project_id: projectId,
          task_id,
          source: "disagreement",
          plan_id: null,
          status: "pending",
          reviewer_id: null,
          reviewed_value: null,
          note: null,
          // Waiting longer than the grace a freshly queued item gets before it counts as backlog.
          created_at: NOW - 30 * 3_600_000,
          reviewed_at: null,
          prior_task: null,
          claimed_at: null,
          claim_expires_at: null,
        })),
      )
      .execute();
    // Created at 21:00 with one judgment that evening, then a whole day of 20.
    clock.now = D0 + 21 * 3_600_000;
    eveningId = (
      await t.call("POST", "/projects", {
        cookie: t.admin,
        body: { name: "Evening", schema: { type: "single_choice", options: ["a", "b"] }, deadline: NOW + 5 * DAY },
      })
    ).json.id;
    await t.call("POST", `/projects/${eveningId}/imports`, {
      cookie: t.admin,
      raw: Array.from({ length: 10 }, (_, i) => JSON.stringify({ data: { text: `e${i}` } })).join("\n"),
    });
    const evening = (hour: number, judgments: number) => ({
      project_id: eveningId,
      hour,
      annotator_id: person.id,
      judgments,
      active_ms: 1,
      gold_answered: 0,
      gold_correct: 0,
    });
    await t.database.db
      .insertInto("activity_hourly")
      .values([evening(D0 + 22 * 3_600_000, 1), evening(D0 + DAY + 5 * 3_600_000, 20)])
      .execute();
    clock.now = NOW;
    admin = await t.login("admin@test.local", "admin-password");
  });
  afterAll(() => t.close());

  it("gives the exact convolution ETA over the daily history, with the backlog in expected judgments under dynamic overlap", async () => {
    const response = await t.call("GET", `/projects/${projectId}/forecast`, { cookie: admin });
    expect(response.status, response.text).toBe(200);
    const forecast = response.json;
    expect(forecast.history.dailyJudgments).toEqual([10, 20]);
    // Settled tasks end at 3 or 4 (mean 3.5): an unjudged task needs 3.5 more, one with 2 needs 1.5: 6 × 3.5 + 6 × 1.5.
    expect(forecast.backlog).toMatchObject({ overlapMode: "dynamic", tasksLeft: 12 });
    expect(forecast.backlog.expectedJudgments).toBeCloseTo(30, 9);
    // By hand: two days give 20, 30, 30 or 40 (P(≥ 30) = 3/4); three days give at least 30.
    expect(forecast.eta.days).toEqual({ p50: 2, p70: 2, p85: 3, p95: 3 });
    expect(forecast.eta.days).toEqual(forecastEta([10, 20], 30).days);
    expect(forecast.eta.dates.p85).toBe(new Date(NOW + 3 * DAY).toISOString());
    expect(forecast.probabilityOnTime).toBe(0);
    expect(forecast.curve.find((point: { day: number }) => point.day === 2).probability).toBeCloseTo(0.75, 3);
  });

  it("leaves out the partial day a project was created on once a whole day follows it", async () => {
    const forecast = (await t.call("GET", `/projects/${eveningId}/forecast`, { cookie: admin })).json;
    expect(forecast.history).toMatchObject({ from: new Date(D0 + DAY).toISOString(), dailyJudgments: [20] });
    // 30 judgments left (10 tasks × overlap 3) at 20 a day: done on the second day, not the fourth.
    expect(forecast.eta.days).toEqual(forecastEta([20], 30).days);
    expect(forecast.eta.days.p95).toBe(2);
  });

  it("lists the risks with their drivers and actions: deadline, a growing review queue", async () => {
    const { risks, blocked } = (await t.call("GET", `/projects/${projectId}/forecast`, { cookie: admin })).json;
    expect(blocked).toBeNull();
    const byKind = Object.fromEntries(risks.map((r: { kind: string }) => [r.kind, r]));
    expect(Object.keys(byKind).sort()).toEqual(["deadline_at_risk", "review_backlog_growing"]);
    expect(byKind.deadline_at_risk).toMatchObject({ severity: "high", figures: { p85Days: 3 } });
    // Days in the sentence are the workspace's (UTC here) in English unless the reader says otherwise.
    expect(byKind.deadline_at_risk.action).toContain("To finish by Mar 11 with 85% confidence");
    expect(byKind.deadline_at_risk.action).toContain("move the deadline to Mar 13.");
    expect(byKind.review_backlog_growing.figures).toMatchObject({ pending: 2, added: 2, decided: 0 });
  });

  it("writes the days inside its sentences in the reader's zone and locale, keeping the fields instants", async () => {
    // The deadline is noon UTC on March 11: already the 12th in Auckland (UTC+13).
    const response = await t.call("GET", `/projects/${projectId}/forecast?timeZone=Pacific/Auckland&locale=de`, {
      cookie: admin,
    });
    expect(response.status, response.text).toBe(200);
    const risk = response.json.risks.find((r: { kind: string }) => r.kind === "deadline_at_risk");
    expect(risk.action).toContain("To finish by 12. März with 85% confidence");
    expect(risk.action).toContain("move the deadline to 14. März.");
    expect(response.json.deadline).toBe(new Date(NOW + DAY).toISOString());
    expect(response.json.eta.dates.p85).toBe(new Date(NOW + 3 * DAY).toISOString());
    const tokyo = await t.call("GET", `/projects/${projectId}/forecast?timeZone=Asia/Tokyo&locale=ja`, {
      cookie: admin,
    });
    expect(tokyo.json.risks.find((r: { kind: string }) => r.kind === "deadline_at_risk").action).toContain(
      "To finish by 3月11日 with 85% confidence",
    );
    const badZone = await t.call("GET", `/projects/${projectId}/forecast?timeZone=Mars/Olympus`, { cookie: admin });
    expect(badZone.status).toBe(400);
    expect(badZone.text).toContain("timeZone");
    const badLocale = await t.call(
      "GET",
      `/projects/${projectId}/forecast?locale=${encodeURIComponent("no locale!")}`,
      {
        cookie: admin,
      },
    );
    expect(badLocale.status).toBe(400);
    expect(badLocale.text).toContain("locale");
  });

  it("gives no finish date while no task can finish, and says why and what to do instead", async () => {
    await setHelpers("deactivated");
    try {
      const response = await t.call("GET", `/projects/${projectId}/forecast`, { cookie: admin });
      expect(response.status, response.text).toBe(200);
      const forecast = response.json;
      // Old code: eta 2/2/3/3 days and a date, with one German annotator for tasks that need two
      // different people and no Japanese annotator at all.
      expect(forecast.level).toBe("blocked");
      expect(forecast.eta.days).toEqual({ p50: null, p70: null, p85: null, p95: null });
      expect(forecast.eta.dates).toEqual({ p50: null, p70: null, p85: null, p95: null });
      expect(forecast.probabilityOnTime).toBe(0);
      expect(forecast.curve).toEqual([]);
      expect(forecast.blocked).toMatchObject({
        reason: "pool_too_small",
        scope: "all",
        languages: ["de", "ja"],
        judgmentsPerTask: 2,
        pools: [
          { language: "de", eligiblePeople: 1, missingPeople: 1 },
          { language: "ja", openTasks: 2, eligiblePeople: 0, missingPeople: 2 },
        ],
        finishable: null,
      });
      expect(forecast.blocked.action).toContain("Invite or qualify 1 more de annotator and 2 more ja annotators");
      // The register agrees: each starved language is a pool_too_small risk, and the deadline is at risk for it.
      const risks = forecast.risks.map((r: { kind: string; language: string | null }) => `${r.kind}:${r.language}`);
      expect(risks).toEqual(
        expect.arrayContaining(["pool_too_small:de", "pool_too_small:ja", "deadline_at_risk:null"]),
      );
      const deadline = forecast.risks.find((r: { kind: string }) => r.kind === "deadline_at_risk");
      expect(deadline.driver).toContain("Some tasks cannot finish");
      expect(deadline.figures).toMatchObject({ driver: "pool_too_small", p85Days: null });
      // A project without languages: one annotator for tasks that need three different ones.
      const evening = (await t.call("GET", `/projects/${eveningId}/forecast`, { cookie: admin })).json;
      expect(evening.level).toBe("blocked");
      expect(evening.eta.dates.p85).toBeNull();
      expect(evening.blocked).toMatchObject({ scope: "all", languages: [""], pools: [{ eligiblePeople: 1 }] });

      // Only Japanese starved: the whole project still has no date, the German part has its own.
      await setHelpers("active", helpers.slice(0, 1));
      const part = (await t.call("GET", `/projects/${projectId}/forecast`, { cookie: admin })).json;
      expect(part.level).toBe("blocked");
      expect(part.eta.days.p85).toBeNull();
      expect(part.blocked).toMatchObject({ scope: "part", languages: ["ja"] });
      // Of the 12 unfinished tasks 2 are Japanese: the German part is 10/12 of the 30 expected judgments.
      expect(part.blocked.finishable.expectedJudgments).toBeCloseTo(25, 9);
      expect(part.blocked.finishable.days).toEqual(forecastEta([10, 20], 25).days);
      expect(part.blocked.finishable.dates.p85).toBe(
        new Date(NOW + part.blocked.finishable.days.p85 * DAY).toISOString(),
      );
    } finally {
      await setHelpers("active");
    }
  });

  it("raises each risk as one alert, with its event, however often it is evaluated", async () => {
    const first = await evaluateRiskAlerts(t.database, { now: NOW });
    expect(first.raised.map((a) => a.risk).sort()).toEqual(["deadline_at_risk", "review_backlog_growing"]);
    // The helpers leave: one German annotator can give no task the several judgments from different
    // people that both projects ask for: "pool_too_small:de" here and "pool_too_small" (no languages)
    // on Evening, whose deadline is now at risk too (it cannot finish).
    await setHelpers("deactivated");
    const second = await evaluateRiskAlerts(t.database, { now: NOW + 30_000 });
    expect(second.raised.map((a) => `${a.projectId}:${a.risk}`).sort()).toEqual(
      [
        `${eveningId}:deadline_at_risk`,
        `${eveningId}:pool_too_small`,
        `${projectId}:pool_too_small:de`,
        `${projectId}:pool_too_small:ja`,
      ].sort(),
    );
    // The deadline alert stays the one opened at first, its cause now the pool: rewritten in place.
    // Old code: it kept "Throughput …; To finish by Mar 11 …" while no task could finish.
    const deadline = first.raised.find((a) => a.risk === "deadline_at_risk")!;
    expect(second.updated.map((a) => [a.id, a.risk, a.openedAt, a.updatedAt])).toEqual([
      [deadline.id, "deadline_at_risk", NOW, NOW + 30_000],
    ]);
    expect(second.updated[0]!.message).toContain("Some tasks cannot finish");
    expect(second.updated[0]!.message).not.toContain("To finish by");
    const third = await evaluateRiskAlerts(t.database, { now: NOW + 60_000 });
    expect(third.raised).toEqual([]);
    // Nothing reads otherwise a round later: nothing is rewritten.
    expect(third.updated).toEqual([]);
    const inbox = await t.call("GET", `/alerts?projectId=${projectId}&status=open`, { cookie: admin });
    expect(inbox.json.alerts).toHaveLength(4);
    expect(inbox.json.alerts.map((a: { risk: string }) => a.risk).sort()).toEqual([
      "deadline_at_risk",
      "pool_too_small:de",
      "pool_too_small:ja",
      "review_backlog_growing",
    ]);
    const shown = inbox.json.alerts.find((a: { risk: string }) => a.risk === "deadline_at_risk");
    expect(shown).toMatchObject({ id: deadline.id, updatedAt: new Date(NOW + 30_000).toISOString() });
    expect(shown.message).toContain("Some tasks cannot finish");
    const events = await t.database.db.selectFrom("events").select("type").where("type", "=", "alert.raised").execute();
    expect(events).toHaveLength(6);
    // The rewording is told once, as alert.updated (subscribers to alert.raised are not told again).
    const updates = await t.database.db
      .selectFrom("events")
      .select("data")
      .where("type", "=", "alert.updated")
      .execute();
    expect(updates.map((e) => JSON.parse(e.data))).toMatchObject([
      { alertId: deadline.id, risk: "deadline_at_risk", updatedAt: new Date(NOW + 30_000).toISOString() },
    ]);

    // The helpers are back: the pool alerts resolve and the deadline alert reads as the pace's again.
    await setHelpers("active");
    try {
      const fourth = await evaluateRiskAlerts(t.database, { now: NOW + 90_000 });
      expect(fourth.raised).toEqual([]);
      expect(fourth.updated.map((a) => a.id)).toEqual([deadline.id]);
      expect(fourth.updated[0]!.message).toContain("To finish by Mar 11 with 85% confidence");
    } finally {
      await setHelpers("deactivated");
    }
  });

  it("writes a stored alert's days for each reader: the workspace's zone in English by default", async () => {
    const deadlineAlert = async (query: string) => {
      const response = await t.call("GET", `/alerts?projectId=${projectId}&status=open${query}`, { cookie: admin });
      expect(response.status, response.text).toBe(200);
      return response.json.alerts.find((a: { risk: string }) => a.risk === "deadline_at_risk").message as string;
    };
    expect(await deadlineAlert("")).toContain("To finish by Mar 11 with 85% confidence");
    expect(await deadlineAlert("&timeZone=Pacific/Auckland&locale=de")).toContain(
      "To finish by 12. März with 85% confidence",
    );
    expect(await deadlineAlert("&timeZone=Pacific/Auckland&locale=de")).toContain("move the deadline to 14. März.");
    // The workspace moves east: the default reader follows it.
    await t.database.db
      .insertInto("workspace_settings")
      .values({ key: "time_zone", value: "Pacific/Auckland", updated_at: NOW, updated_by: null })
      .execute();
    try {
      expect(await deadlineAlert("")).toContain("To finish by Mar 12 with 85% confidence");
    } finally {
      await t.database.db.deleteFrom("workspace_settings").where("key", "=", "time_zone").execute();
    }
    // The event for webhooks and the live stream carries the text as raised and the days as instants.
    const event = await t.database.db
      .selectFrom("events")
      .select("data")
      .where("type", "=", "alert.raised")
      .where("data", "like", "%Deadline at risk%")
      .executeTakeFirstOrThrow();
    const data = JSON.parse(event.data);
    expect(data.message).toContain("To finish by Mar 11 with 85% confidence");
    expect(data.messageParts).toContainEqual({ day: NOW + DAY });
  });

  it("keeps the text of alerts raised before their days were kept", async () => {
    await t.database.db
      .insertInto("alerts")
      .values({
        monitor_id: null,
        risk: "quality_falling",
        project_id: projectId,
        status: "resolved",
        value: null,
        expected: null,
        message: "Dynamic: Deadline at risk. To finish by 2026-03-11, hurry.",
        opened_at: NOW - DAY,
        resolved_at: NOW - 1,
        acknowledged_by: null,
        acknowledged_at: null,
      })
      .execute();
    const inbox = await t.call("GET", `/alerts?projectId=${projectId}&status=resolved&timeZone=Asia/Tokyo&locale=de`, {
      cookie: admin,
    });
    expect(inbox.json.alerts.map((a: { message: string }) => a.message)).toContain(
      "Dynamic: Deadline at risk. To finish by 2026-03-11, hurry.",
    );
    const bad = await t.call("GET", `/alerts?timeZone=Mars/Olympus`, { cookie: admin });
    expect(bad.status).toBe(400);
  });

  it("shows the bottlenecks: a starving language and stuck tasks", async () => {
    const response = await t.call("GET", `/projects/${projectId}/bottlenecks`, { cookie: admin });
    expect(response.status, response.text).toBe(200);
    expect(response.json.stuckTasks).toBe(6);
    expect(response.json.skipRate).toBeNull();
    const kinds = response.json.findings.map(
      (f: { kind: string; language: string | null }) => `${f.kind}:${f.language}`,
    );
    expect(kinds.sort()).toEqual(["queue_starving:ja", "stuck_tasks:null"]);
  });

  it("shows the forecast to readers of stats only, and budgets only to those who may see money", async () => {
    const roles = await signInEveryRole(t);
    for (const role of ["reviewer", "vendor_lead", "analyst", "manager"] as const)
      expect((await t.call("GET", `/projects/${projectId}/forecast`, { cookie: roles[role].cookie })).status).toBe(200);
    for (const role of ["annotator", "finance"] as const)
      expect([403, 404]).toContain(
        (await t.call("GET", `/projects/${projectId}/forecast`, { cookie: roles[role].cookie })).status,
      );
  });
});

describe.each(targets)("a new project's forecast on $dialect", (target) => {
  it("says it has no tasks yet before any is imported, not that it is done", async () => {
    const t = await openTestApp(target, { now: NOW });
    try {
      const created = await t.call("POST", "/projects", {
        cookie: t.admin,
        body: {
          name: "Empty",
          schema: { type: "single_choice", options: ["a", "b"] },
          goldPolicy: { share: 0.1, onboarding: 0 },
          deadline: NOW + 7 * DAY,
        },
      });
      const id = created.json.id;
      const empty = await t.call("GET", `/projects/${id}/forecast`, { cookie: t.admin });
      expect(empty.status, empty.text).toBe(200);
      expect(empty.json.level).toBe("no_tasks");
      // Gold controls alone are no work either.
      await t.call("POST", `/projects/${id}/imports`, { cookie: t.admin, raw: '{"data":{"text":"g"},"gold":"a"}' });
      expect((await t.call("GET", `/projects/${id}/forecast`, { cookie: t.admin })).json.level).toBe("no_tasks");
      await t.call("POST", `/projects/${id}/imports`, { cookie: t.admin, raw: '{"data":{"text":"x"}}' });
      // Nobody may label it yet: it cannot finish, which is more than "not started".
      expect((await t.call("GET", `/projects/${id}/forecast`, { cookie: t.admin })).json.level).toBe("blocked");
      for (let i = 0; i < 3; i++) await t.userSession("annotator", {}, `a${i}`);
      expect((await t.call("GET", `/projects/${id}/forecast`, { cookie: t.admin })).json.level).toBe("not_started");
    } finally {
      await t.close();
    }
  });

  it("counts tasks without a language in no language's pool: anyone eligible takes them", async () => {
    const t = await openTestApp(target, { now: NOW });
    try {
      const created = await t.call("POST", "/projects", {
        cookie: t.admin,
        body: {
          name: "English or German",
          schema: { type: "single_choice", options: ["a", "b"] },
          requirements: { languages: ["en", "de"] },
          overlap: 2,
        },
      });
      const id = created.json.id;
      await t.call("POST", `/projects/${id}/imports`, {
        cookie: t.admin,
        raw: ['{"data":{"text":"x"}}', '{"data":{"text":"y"}}'].join("\n"),
      });
      for (let i = 0; i < 2; i++) await t.userSession("annotator", { languages: ["en"] }, `en${i}`);
      const forecast = (await t.call("GET", `/projects/${id}/forecast`, { cookie: t.admin })).json;
      // Old code: "2 open de tasks and no active annotator eligible for them", for tasks two English speakers can do.
      expect(forecast.risks.map((r: { kind: string }) => r.kind)).not.toContain("pool_too_small");
      expect(forecast.blocked).toBeNull();
      expect(forecast.level).toBe("not_started");
    } finally {
      await t.close();
    }
  });
});
