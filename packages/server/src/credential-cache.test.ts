import { CREDENTIAL_CACHE_MS, countStatements, testTargets } from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

/**
 * Sessions and API tokens are remembered by each server process for `CREDENTIAL_CACHE_MS`: every
 * case here first uses the credential (so it is remembered), then takes it away.
 */
describe.each(targets)("remembered sessions and tokens on $dialect", (target) => {
  let t: TestAppWithDatabase;

  beforeAll(async () => {
    t = await openTestApp(target);
  });
  afterAll(() => t.close());

  const me = (auth: { cookie?: string; token?: string }) => t.call("GET", "/auth/me", auth);

  it("reads a session from the database once, then from memory", async () => {
    const person = await t.userSession("annotator", { languages: ["en"] }, "cached");
    expect((await me({ cookie: person.cookie })).status).toBe(200);
    const statements = await countStatements(async () =>
      expect((await me({ cookie: person.cookie })).status).toBe(200),
    );
    expect(statements.filter((text) => text.includes("sessions"))).toEqual([]);
  });

  it("locks a signed-out session out at once", async () => {
    const person = await t.userSession("annotator", { languages: ["en"] }, "leaving");
    expect((await me({ cookie: person.cookie })).status).toBe(200);
    expect((await t.call("POST", "/auth/logout", { cookie: person.cookie })).status).toBeLessThan(300);
    expect((await me({ cookie: person.cookie })).status).toBe(401);
  });

  it("locks a deactivated user's session and token out at once", async () => {
    const person = await t.userSession("annotator", { languages: ["en"] }, "deactivated");
    const token = await t.call("POST", "/auth/tokens", { cookie: person.cookie, body: { name: "script" } });
    expect(token.status).toBe(201);
    expect((await me({ cookie: person.cookie })).status).toBe(200);
    expect((await me({ token: token.json.token })).status).toBe(200);
    await t.call("PATCH", `/users/${person.id}`, { cookie: t.admin, body: { status: "deactivated" } });
    expect((await me({ cookie: person.cookie })).status).toBe(401);
    expect((await me({ token: token.json.token })).status).toBe(401);
  });

  it("locks a revoked token out at once", async () => {
    const person = await t.userSession("annotator", { languages: ["en"] }, "revoking");
    const token = await t.call("POST", "/auth/tokens", { cookie: person.cookie, body: { name: "script" } });
    expect((await me({ token: token.json.token })).status).toBe(200);
    expect((await t.call("DELETE", `/auth/tokens/${token.json.id}`, { cookie: person.cookie })).status).toBe(204);
    expect((await me({ token: token.json.token })).status).toBe(401);
  });

  it("sees a role change at once", async () => {
    const person = await t.userSession("annotator", { languages: ["en"] }, "promoted");
    expect((await me({ cookie: person.cookie })).json.user.role).toBe("annotator");
    await t.call("PATCH", `/users/${person.id}`, { cookie: t.admin, body: { role: "reviewer" } });
    expect((await me({ cookie: person.cookie })).json.user.role).toBe("reviewer");
  });

  it("notices a session deleted by another process within CREDENTIAL_CACHE_MS", async () => {
    const person = await t.userSession("annotator", { languages: ["en"] }, "elsewhere");
    expect((await me({ cookie: person.cookie })).status).toBe(200);
    // As another server process signs out: straight in the database, past this process's cache.
    await sql`delete from sessions where user_id = ${person.id}`.execute(t.database.db);
    await new Promise((resolve) => setTimeout(resolve, CREDENTIAL_CACHE_MS + 50));
    expect((await me({ cookie: person.cookie })).status).toBe(401);
  });
});
