import { evaluateRiskAlerts, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const NOW = Date.UTC(2026, 11, 4, 12);

/**
 * A pool_too_small alert lives as long as its cause: a person invited by link counts once they set
 * their password (before, they cannot sign in, let alone work), and the alert resolves then, with
 * its alert.resolved event, not at the monitors' next round.
 */
describe.each(targets)("a pool alert and the people who join on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let projectId = 0;
  const clock = { now: NOW };

  const openPoolAlerts = async () =>
    (
      await t.database.db
        .selectFrom("alerts")
        .select("risk")
        .where("project_id", "=", projectId)
        .where("status", "=", "open")
        .execute()
    )
      .map((row) => row.risk)
      .filter((risk) => risk?.startsWith("pool_too_small"));
  const resolvedEvents = async () =>
    (await t.database.db.selectFrom("events").select("data").where("type", "=", "alert.resolved").execute())
      .map((row) => JSON.parse(row.data))
      .filter((data) => data.risk === "pool_too_small" && data.scope.projectId === projectId);
  const invite = async (name: string) => {
    const created = await t.call("POST", "/users", {
      cookie: t.admin,
      body: { email: `${name}@pool.test`, name, role: "annotator" },
    });
    expect(created.status, created.text).toBe(201);
    return decodeURIComponent(created.json.passwordLink.link.split("#")[1]);
  };

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    // Three judgments per task from different people; two annotators who can sign in.
    const created = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Pool", schema: { type: "single_choice", options: ["a", "b"] }, overlap: 3 },
    });
    projectId = created.json.id;
    await t.call("POST", `/projects/${projectId}/imports`, {
      cookie: t.admin,
      raw: ['{"data":{"text":"x"}}', '{"data":{"text":"y"}}'].join("\n"),
    });
    await t.userSession("annotator", {}, "ann");
    await t.userSession("annotator", {}, "bob");
  });
  afterAll(() => t.close());

  it("keeps the alert while the invitee cannot sign in, and resolves it when they set their password", async () => {
    const first = await evaluateRiskAlerts(t.database, { now: clock.now });
    expect(first.raised.map((a) => a.risk)).toContain("pool_too_small");
    const token = await invite("cleo");
    clock.now += 60_000;
    // Invited is not joined: Cleo cannot sign in yet, so two people still cannot finish a task.
    // Old code counted her at once and resolved the alert before anyone could work.
    await evaluateRiskAlerts(t.database, { now: clock.now });
    expect(await openPoolAlerts()).toEqual(["pool_too_small"]);
    const forecast = await t.call("GET", `/projects/${projectId}/forecast`, { cookie: t.admin });
    expect(forecast.json.blocked).toMatchObject({ pools: [{ eligiblePeople: 2, missingPeople: 1 }] });

    clock.now += 60_000;
    const set = await t.call("POST", "/password-links/redeem", { body: { token, password: "a-strong-pass-phrase" } });
    expect(set.status, set.text).toBe(200);
    // Old code: still open until the monitors' next round looked again.
    expect(await openPoolAlerts()).toEqual([]);
    const events = await resolvedEvents();
    expect(events).toHaveLength(1);
    expect(events[0].resolvedAt).toBe(new Date(clock.now).toISOString());
    const after = await t.call("GET", `/projects/${projectId}/forecast`, { cookie: t.admin });
    expect(after.json.blocked).toBeNull();
    expect(after.json.risks.map((r: { kind: string }) => r.kind)).not.toContain("pool_too_small");
  });

  it("resolves it when the project's page is read after the pool grew another way", async () => {
    // Cleo leaves: the alert comes back at the next round.
    const cleo = await t.database.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "cleo@pool.test")
      .executeTakeFirstOrThrow();
    await t.database.db.updateTable("users").set({ status: "deactivated" }).where("id", "=", cleo.id).execute();
    clock.now += 60_000;
    await evaluateRiskAlerts(t.database, { now: clock.now });
    expect(await openPoolAlerts()).toEqual(["pool_too_small"]);
    // A manager brings her back (no password step): the forecast the page reads resolves the alert.
    const back = await t.call("PATCH", `/users/${cleo.id}`, { cookie: t.admin, body: { status: "active" } });
    expect(back.status, back.text).toBe(200);
    clock.now += 60_000;
    const page = await t.call("GET", `/projects/${projectId}/forecast`, { cookie: t.admin });
    expect(page.status, page.text).toBe(200);
    expect(await openPoolAlerts()).toEqual([]);
    expect(await resolvedEvents()).toHaveLength(2);
    // Reading again changes nothing more.
    await t.call("GET", `/projects/${projectId}/forecast`, { cookie: t.admin });
    expect(await resolvedEvents()).toHaveLength(2);
  });
});
