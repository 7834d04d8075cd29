import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("the workspace's time zone on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let roles: Record<string, TestSession>;

  beforeAll(async () => {
    t = await openTestApp(target);
    roles = await signInEveryRole(t);
  });
  afterAll(() => t.close());

  it("is changed by admins and read by everyone signed in", async () => {
    const changed = await t.call("PATCH", "/workspace/settings", { cookie: t.admin, body: { timeZone: "Asia/Tokyo" } });
    expect(changed.status).toBe(200);
    expect(changed.json).toEqual({ timeZone: "Asia/Tokyo", currency: "USD" });
    for (const session of Object.values(roles))
      expect((await t.call("GET", "/workspace/settings", { cookie: session.cookie })).json).toEqual({
        timeZone: "Asia/Tokyo",
        currency: "USD",
      });
    expect((await t.call("GET", "/workspace/settings")).status).toBe(401);
  });

  it("refuses a zone that is not an IANA zone, naming timeZone, and keeps the one set", async () => {
    for (const timeZone of ["Mars/Olympus", "", "Europe/Berlin; drop table", 7]) {
      const refused = await t.call("PATCH", "/workspace/settings", { cookie: t.admin, body: { timeZone } });
      expect(refused.status, String(timeZone)).toBe(400);
      expect(refused.json.error.details.map((d: { path: string }) => d.path)).toEqual(["timeZone"]);
    }
    expect((await t.call("GET", "/workspace/settings", { cookie: t.admin })).json.timeZone).toBe("Asia/Tokyo");
  });

  it("keeps a default currency (USD until set), changed alone or with the zone, and leaves money stored as it was", async () => {
    const card = await t.call("POST", "/rate-cards", {
      cookie: t.admin,
      body: { name: "Stored in USD", currency: "USD", effectiveFrom: "2026-11-01", payPerJudgmentMinor: 5 },
    });
    expect(card.status).toBe(201);

    const changed = await t.call("PATCH", "/workspace/settings", { cookie: t.admin, body: { currency: "EUR" } });
    expect(changed.status).toBe(200);
    expect(changed.json).toEqual({ timeZone: "Asia/Tokyo", currency: "EUR" });
    expect((await t.call("GET", "/workspace/settings", { cookie: roles.annotator!.cookie })).json.currency).toBe("EUR");
    const both = await t.call("PATCH", "/workspace/settings", {
      cookie: t.admin,
      body: { timeZone: "Asia/Tokyo", currency: "JPY" },
    });
    expect(both.json).toEqual({ timeZone: "Asia/Tokyo", currency: "JPY" });

    // Nothing already priced changes currency.
    const cards = await t.call("GET", "/rate-cards", { cookie: t.admin });
    const stored = cards.json.rateCards.find((c: { name: string }) => c.name === "Stored in USD");
    expect(stored).toMatchObject({ currency: "USD", payPerJudgmentMinor: 5 });
  });

  it("refuses a currency that is not an ISO 4217 code, naming currency, and changes nothing", async () => {
    for (const currency of ["ABC", "eur", "EURO", "", 978, null]) {
      const refused = await t.call("PATCH", "/workspace/settings", {
        cookie: t.admin,
        body: { timeZone: "Europe/Berlin", currency },
      });
      expect(refused.status, String(currency)).toBe(400);
      expect(refused.json.error.details.map((d: { path: string }) => d.path)).toEqual(["currency"]);
    }
    const empty = await t.call("PATCH", "/workspace/settings", { cookie: t.admin, body: {} });
    expect(empty.status).toBe(400);
    expect((await t.call("GET", "/workspace/settings", { cookie: t.admin })).json).toEqual({
      timeZone: "Asia/Tokyo",
      currency: "JPY",
    });
  });

  it("is changed by no other role", async () => {
    for (const [role, session] of Object.entries(roles)) {
      if (role === "admin") continue;
      const refused = await t.call("PATCH", "/workspace/settings", {
        cookie: session.cookie,
        body: { timeZone: "Europe/Berlin", currency: "GBP" },
      });
      expect(refused.status, role).toBe(403);
    }
    expect((await t.call("GET", "/workspace/settings", { cookie: t.admin })).json).toEqual({
      timeZone: "Asia/Tokyo",
      currency: "JPY",
    });
  });
});
