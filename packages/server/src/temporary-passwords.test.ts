import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_ROUTES } from "./app.js";
import { ensureAdmin } from "./bootstrap.js";
import { type TestApp, testApp } from "./test-client.js";

const targets = await testTargets();

describe.each(targets)("temporary passwords must be changed at first sign-in on $dialect", (target) => {
  let t: TestApp;
  let database: Awaited<ReturnType<typeof target.open>>;
  let projectPath: string;

  beforeAll(async () => {
    database = await target.open();
    t = await testApp(database);
    const project = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Q", schema: { type: "single_choice", options: ["a", "b"] } },
    });
    projectPath = `/projects/${project.json.id}`;
  });
  afterAll(() => database.close());

  const invite = (email: string, extra: Record<string, unknown> = {}) =>
    t.call("POST", "/users", { cookie: t.admin, body: { email, name: "New Person", role: "manager", ...extra } });

  async function expectHeldAtPasswordChange(cookie: string) {
    const me = await t.call("GET", "/auth/me", { cookie });
    expect(me.status).toBe(200);
    expect(me.json.user.passwordChangeRequired).toBe(true);
    const refused = await t.call("GET", projectPath, { cookie });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("password_change_required");
    expect(refused.json.error.message).toContain("POST /api/v1/auth/password");
  }

  it("holds an invitee with a temporary password at the password change, then lets them work", async () => {
    const created = await invite("temp@test.local", { password: "temporary-pass-1" });
    expect(created.status).toBe(201);
    expect(created.json.user.passwordChangeRequired).toBe(true);
    expect(created.json.passwordLink).toBeUndefined();
    const cookie = await t.login("temp@test.local", "temporary-pass-1");
    await expectHeldAtPasswordChange(cookie);
    // Not even an API token meanwhile, nor a change through another route.
    const token = await t.call("POST", "/auth/tokens", { cookie, body: { name: "sneaky" } });
    expect(token.status).toBe(403);
    expect(token.json.error.code).toBe("password_change_required");
    expect((await t.call("PATCH", "/users/me", { cookie, body: { timeZone: "Europe/Vienna" } })).status).toBe(403);

    const same = await t.call("POST", "/auth/password", {
      cookie,
      body: { currentPassword: "temporary-pass-1", newPassword: "temporary-pass-1" },
    });
    expect(same.status).toBe(400);
    expect(same.json.error.details[0].path).toBe("newPassword");
    const changed = await t.call("POST", "/auth/password", {
      cookie,
      body: { currentPassword: "temporary-pass-1", newPassword: "my-own-secret-42" },
    });
    expect(changed.status).toBe(204);
    expect((await t.call("GET", "/auth/me", { cookie })).json.user.passwordChangeRequired).toBe(false);
    expect((await t.call("GET", projectPath, { cookie })).status).toBe(200);
    expect((await t.call("POST", "/auth/tokens", { cookie, body: { name: "now fine" } })).status).toBe(201);

    const audit = await t.call("GET", "/audit-log?action=auth.password.change", { cookie: t.admin });
    expect(audit.json.entries.map((e: { details: unknown }) => e.details)).toContainEqual({
      userId: created.json.user.id,
      temporaryReplaced: true,
    });
  });

  it("refuses every documented route but the few that change the password or end the session", async () => {
    await invite("every@test.local", { password: "temporary-pass-4" });
    const cookie = await t.login("every@test.local", "temporary-pass-4");
    const open = new Set([
      "get /auth/me",
      "get /auth/config",
      "get /auth/oidc/login",
      "get /auth/oidc/callback",
      "post /auth/login",
      "post /auth/logout",
      "post /auth/password",
      "post /password-links/redeem",
    ]);
    const refused: string[] = [];
    for (const route of API_ROUTES) {
      const key = `${route.method} ${route.path}`;
      if (open.has(key)) continue;
      const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === "slug" ? "some-campaign" : "1"));
      const response = await t.call(route.method.toUpperCase(), path, {
        cookie,
        ...(route.method === "get" ? {} : { body: {} }),
      });
      if (response.status === 403 && response.json?.error?.code === "password_change_required") refused.push(key);
    }
    const expected = API_ROUTES.map((r) => `${r.method} ${r.path}`).filter((key) => !open.has(key));
    expect(refused).toEqual(expected);
  });

  it("holds a person again after a manager resets their password", async () => {
    const created = await invite("reset@test.local", { password: "temporary-pass-2" });
    const first = await t.login("reset@test.local", "temporary-pass-2");
    await t.call("POST", "/auth/password", {
      cookie: first,
      body: { currentPassword: "temporary-pass-2", newPassword: "chosen-by-me-77" },
    });
    const reset = await t.call("PATCH", `/users/${created.json.user.id}`, {
      cookie: t.admin,
      body: { password: "manager-knows-it-1" },
    });
    expect(reset.status).toBe(200);
    expect(reset.json.user.passwordChangeRequired).toBe(true);
    const held = await t.login("reset@test.local", "manager-knows-it-1");
    await expectHeldAtPasswordChange(held);
    // A profile edit without a password leaves the flag as it is.
    const renamed = await t.call("PATCH", `/users/${created.json.user.id}`, { cookie: t.admin, body: { name: "R" } });
    expect(renamed.json.user.passwordChangeRequired).toBe(true);
    // Signing out still works, and so does signing in as someone else from the same browser.
    const other = await t.call("POST", "/auth/login", {
      cookie: held,
      body: { email: "admin@test.local", password: "admin-password" },
    });
    expect(other.status).toBe(200);
    expect((await t.call("POST", "/auth/logout", { cookie: held })).status).toBe(204);
    expect((await t.call("GET", "/auth/me", { cookie: held })).status).toBe(401);
  });

  it("clears the requirement when the person sets a password through a one-time link", async () => {
    const created = await invite("linked@test.local", { password: "temporary-pass-3" });
    const cookie = await t.login("linked@test.local", "temporary-pass-3");
    const issued = await t.call("POST", `/users/${created.json.user.id}/password-link`, { cookie: t.admin });
    const token = decodeURIComponent(issued.json.link.split("#")[1]);
    // Redeemed in the same browser, whose session is still held at the password change.
    const redeemed = await t.call("POST", "/password-links/redeem", {
      cookie,
      body: { token, password: "set-by-link-99" },
    });
    expect(redeemed.status).toBe(200);
    expect(redeemed.json.user.passwordChangeRequired).toBe(false);
    const fresh = await t.login("linked@test.local", "set-by-link-99");
    expect((await t.call("GET", projectPath, { cookie: fresh })).status).toBe(200);
  });

  it("invites without a password: a one-time link the person sets their own with", async () => {
    const created = await invite("nopass@test.local");
    expect(created.status).toBe(201);
    expect(created.json.user.passwordChangeRequired).toBe(false);
    expect(created.json.passwordLink).toMatchObject({
      emailed: false,
      link: expect.stringMatching(/\/set-password#pw_/),
      expiresAt: new Date(t.clock.now + 72 * 3_600_000).toISOString(),
    });
    // No password works before the link is used.
    await expect(t.login("nopass@test.local", "!")).rejects.toThrow();
    const token = decodeURIComponent(created.json.passwordLink.link.split("#")[1]);
    const redeemed = await t.call("POST", "/password-links/redeem", { body: { token, password: "picked-myself-5" } });
    expect(redeemed.status).toBe(200);
    const cookie = await t.login("nopass@test.local", "picked-myself-5");
    expect((await t.call("GET", projectPath, { cookie })).status).toBe(200);
  });

  it("does not hold the first admin created at setup", async () => {
    const fresh = await target.open();
    try {
      await ensureAdmin(fresh, { email: "root@test.local", password: "documented-pass-1" }, t.clock.now, () => {});
      const app = await testApp(fresh);
      const cookie = await app.login("root@test.local", "documented-pass-1");
      const me = await app.call("GET", "/auth/me", { cookie });
      expect(me.json.user.passwordChangeRequired).toBe(false);
      expect((await app.call("GET", "/projects", { cookie })).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it("holds the first admin whose random password was printed in the server's log at the password change", async () => {
    const fresh = await target.open();
    try {
      const lines: string[] = [];
      const { password } = await ensureAdmin(fresh, { email: "root@test.local" }, t.clock.now, (line) =>
        lines.push(line),
      );
      expect(lines.join("\n")).toContain("you choose your own password at the first sign-in");
      const app = await testApp(fresh);
      const cookie = await app.login("root@test.local", password ?? "");
      const me = await app.call("GET", "/auth/me", { cookie });
      expect(me.json.user.passwordChangeRequired).toBe(true);
      const refused = await app.call("GET", "/projects", { cookie });
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe("password_change_required");
    } finally {
      await fresh.close();
    }
  });

  it("documents the requirement and the invite's link in the OpenAPI document", async () => {
    const doc = await t.call("GET", "/openapi.json");
    expect(JSON.stringify(doc.json.paths["/auth/me"].get)).toContain("passwordChangeRequired");
    expect(JSON.stringify(doc.json.paths["/users"].post.responses["201"])).toContain("passwordLink");
    expect(doc.json.paths["/users"].post.requestBody.content["application/json"].schema.required).not.toContain(
      "password",
    );
  });
});
