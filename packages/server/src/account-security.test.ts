import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureAdmin } from "./bootstrap.js";
import { testApp } from "./test-client.js";

const targets = await testTargets();
const DAY = 86_400_000;

describe.each(targets)("accounts, tokens and passwords on $dialect", (target) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let database: Awaited<ReturnType<typeof target.open>>;
  let projectId: number;

  beforeAll(async () => {
    database = await target.open();
    t = await testApp(database);
    const project = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Q", schema: { type: "single_choice", options: ["a", "b"] } },
    });
    projectId = project.json.id;
  });
  afterAll(() => database.close());

  it("sets a quality status only for an annotator that exists", async () => {
    const annotator = await t.userSession("annotator", {}, "quality");
    const manager = await t.userSession("manager", {}, "quality");
    const me = await t.call("GET", "/auth/me", { cookie: t.admin });
    const path = (id: number) => `/projects/${projectId}/annotators/${id}/status`;
    const body = { status: "paused", reason: "checking" };
    for (const id of [me.json.user.id, manager.id, 999_999]) {
      const response = await t.call("POST", path(id), { cookie: t.admin, body });
      expect(response.status, `user ${id}`).toBe(404);
      expect(response.json.error.code).toBe("not_found");
    }
    expect((await t.call("POST", path(annotator.id), { cookie: t.admin, body })).status).toBe(204);
    const actions = await t.call("GET", `/projects/${projectId}/quality/actions`, { cookie: t.admin });
    expect(actions.json.actions.map((a: { annotatorId: number }) => a.annotatorId)).toEqual([annotator.id]);
    const logged = await t.call("GET", `/audit-log?action=quality.status&projectId=${projectId}`, { cookie: t.admin });
    expect(logged.json.entries.map((e: { details: unknown }) => e.details)).toEqual([
      { annotatorId: annotator.id, status: "paused", reason: "checking" },
    ]);
  });

  it("gives API tokens a name and an expiry, lists them without secrets, and revokes them", async () => {
    const person = await t.userSession("analyst", {}, "tokens");
    const made = await t.call("POST", "/auth/tokens", {
      cookie: person.cookie,
      body: { name: "nightly export", expiresInDays: 7 },
    });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ name: "nightly export", token: expect.stringMatching(/^qrm_/) });
    expect(Date.parse(made.json.expiresAt) - t.clock.now).toBe(7 * DAY);
    const second = await t.call("POST", "/auth/tokens", { cookie: person.cookie, body: { name: "ci" } });
    expect(Date.parse(second.json.expiresAt) - t.clock.now).toBe(90 * DAY);
    expect((await t.call("POST", "/auth/tokens", { cookie: person.cookie, body: { expiresInDays: 400 } })).status).toBe(
      400,
    );

    const listed = await t.call("GET", "/auth/tokens", { token: made.json.token });
    expect(listed.status).toBe(200);
    expect(listed.json.tokens.map((tk: { name: string }) => tk.name)).toEqual(["ci", "nightly export"]);
    expect(Object.keys(listed.json.tokens[0]).sort()).toEqual(["createdAt", "expiresAt", "id", "name"]);
    expect(listed.text).not.toContain(made.json.token);
    // Someone else's token cannot be revoked (or even found).
    expect((await t.call("DELETE", `/auth/tokens/${made.json.id}`, { cookie: t.admin })).status).toBe(404);

    expect((await t.call("DELETE", `/auth/tokens/${second.json.id}`, { cookie: person.cookie })).status).toBe(204);
    expect((await t.call("GET", "/auth/me", { token: second.json.token })).status).toBe(401);
    expect((await t.call("GET", "/auth/me", { token: made.json.token })).status).toBe(200);
    t.clock.now += 7 * DAY + 1;
    expect((await t.call("GET", "/auth/me", { token: made.json.token })).status).toBe(401);
  });

  it("lets users change their own password (current one required) and ends their other sessions", async () => {
    const person = await t.userSession("reviewer", {}, "changer");
    const otherDevice = await t.login(person.email, "password-123");
    const change = (body: Record<string, string>) => t.call("POST", "/auth/password", { cookie: person.cookie, body });

    const wrong = await change({ currentPassword: "nope-nope-nope", newPassword: "violet-harbour-91" });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.details[0].path).toBe("currentPassword");
    const common = await change({ currentPassword: "password-123", newPassword: "iloveyou" });
    expect(common.status).toBe(400);
    expect(common.json.error.details).toEqual([
      { path: "newPassword", message: "is one of the most common passwords; choose another" },
    ]);
    const ownEmail = await change({ currentPassword: "password-123", newPassword: person.email });
    expect(ownEmail.status).toBe(400);
    expect(ownEmail.json.error.details[0].message).toBe("must not be the account's email address");

    expect((await change({ currentPassword: "password-123", newPassword: "violet-harbour-91" })).status).toBe(204);
    expect((await t.call("GET", "/auth/me", { cookie: person.cookie })).status).toBe(200);
    expect((await t.call("GET", "/auth/me", { cookie: otherDevice })).status).toBe(401);
    await expect(t.login(person.email, "password-123")).rejects.toThrow();
    expect(await t.login(person.email, "violet-harbour-91")).toMatch(/^quorum_session=/);
  });

  it("applies the password policy when staff create or reset accounts", async () => {
    const weak = await t.call("POST", "/users", {
      cookie: t.admin,
      body: { email: "weak@test.local", name: "W", password: "password1", role: "annotator" },
    });
    expect(weak.status).toBe(400);
    expect(weak.json.error.details[0].path).toBe("password");
    const person = await t.userSession("annotator", {}, "reset");
    const reset = await t.call("PATCH", `/users/${person.id}`, { cookie: t.admin, body: { password: person.email } });
    expect(reset.status).toBe(400);
  });

  it("does not let a manager reset another manager's (or an admin's) password", async () => {
    const manager = await t.userSession("manager", {}, "m1");
    const otherManager = await t.userSession("manager", {}, "m2");
    const annotator = await t.userSession("annotator", {}, "m-team");
    const me = await t.call("GET", "/auth/me", { cookie: t.admin });
    for (const id of [otherManager.id, me.json.user.id]) {
      const response = await t.call("PATCH", `/users/${id}`, {
        cookie: manager.cookie,
        body: { password: "taken-over-123" },
      });
      expect(response.status).toBe(403);
    }
    expect(
      (await t.call("PATCH", `/users/${otherManager.id}`, { cookie: manager.cookie, body: { name: "X" } })).status,
    ).toBe(403);
    await t.login(otherManager.email, "password-123");
    expect(
      (
        await t.call("PATCH", `/users/${annotator.id}`, {
          cookie: manager.cookie,
          body: { password: "fresh-start-77" },
        })
      ).status,
    ).toBe(200);
    expect(
      (await t.call("PATCH", `/users/${otherManager.id}`, { cookie: t.admin, body: { password: "fresh-start-78" } }))
        .status,
    ).toBe(200);
  });

  it("sends a Content-Security-Policy and the other security headers", async () => {
    const response = await t.app.request("/api/docs");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await t.call("GET", "/health")).headers.get("content-security-policy")).toBe(csp);
  });

  it("documents the new routes in the OpenAPI document with their schemas", async () => {
    const doc = await t.call("GET", "/openapi.json");
    expect(doc.json.paths["/auth/tokens"].get).toBeDefined();
    expect(doc.json.paths["/auth/tokens/{id}"].delete).toBeDefined();
    expect(
      doc.json.paths["/auth/tokens"].post.requestBody.content["application/json"].schema.properties.expiresInDays,
    ).toBeDefined();
    expect(
      doc.json.paths["/auth/password"].post.requestBody.content["application/json"].schema.properties.newPassword,
    ).toBeDefined();
    const audit = doc.json.paths["/audit-log"].get;
    expect(audit.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["action", "actorId", "projectId", "since", "until", "before", "limit", "format"]),
    );
    expect(doc.json.paths["/auth/login"].post.responses["413"]).toBeDefined();
  });

  it("refuses a QUORUM_ADMIN_PASSWORD that breaks the policy on the first start", async () => {
    const fresh = await target.open();
    try {
      await expect(
        ensureAdmin(fresh, { email: "root@example.com", password: "password" }, 0, () => {}),
      ).rejects.toThrow(/QUORUM_ADMIN_PASSWORD is not acceptable: is one of the most common passwords/);
      await expect(
        ensureAdmin(fresh, { email: "root@example.com", password: "root@example.com" }, 0, () => {}),
      ).rejects.toThrow(/email/);
      const made = await ensureAdmin(fresh, { email: "root@example.com", password: "amber-lantern-55" }, 0, () => {});
      expect(made.created).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});
