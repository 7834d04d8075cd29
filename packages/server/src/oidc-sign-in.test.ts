import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type Database, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOidcConfig } from "./auth/oidc-config.js";
import { type TestApp, testApp } from "./test-client.js";
import { CookieJar, type Person, startOidcProvider } from "./test-oidc-provider.js";

const targets = await testTargets();

describe.each(targets)("single sign-on with OpenID Connect on $dialect", (target) => {
  const people: Record<string, Person> = {
    ada: { email: "ada@corp.example", name: "Ada Lovelace", groups: ["everyone", "quorum-managers"] },
    bob: { email: "bob@corp.example", name: "Bob Unmapped", groups: ["everyone"] },
    cy: { email: "cy@corp.example", name: "Cy Deactivated", groups: ["quorum-reviewers"] },
    eve: { email: "eve@corp.example", name: "Eve Existing", groups: ["quorum-reviewers"], emailVerified: false },
  };
  const next = { login: "ada" };
  let database: Database;
  let t: TestApp;
  let quorum: ReturnType<typeof serve>;
  let quorumUrl: string;
  let provider: Awaited<ReturnType<typeof startOidcProvider>>;

  beforeAll(async () => {
    database = await target.open();
    // The app needs the provider's address, the provider our callback: listen first, build the app after.
    let app: TestApp["app"] | undefined;
    await new Promise<void>((resolve) => {
      quorum = serve(
        {
          fetch: (request, env) => (app ? app.fetch(request, env) : new Response(null, { status: 503 })),
          port: 0,
          hostname: "127.0.0.1",
        },
        () => resolve(),
      );
    });
    quorumUrl = `http://127.0.0.1:${(quorum.address() as AddressInfo).port}`;
    provider = await startOidcProvider(`${quorumUrl}/api/v1/auth/oidc/callback`, people, next);
    const oidc = parseOidcConfig({
      QUORUM_OIDC_ISSUER: provider.issuer,
      QUORUM_OIDC_CLIENT_ID: "quorum",
      QUORUM_OIDC_CLIENT_SECRET: "quorum-test-secret",
      QUORUM_PUBLIC_URL: quorumUrl,
      QUORUM_OIDC_SCOPES: "openid email profile groups",
      QUORUM_OIDC_ROLE_MAP: "quorum-admins=admin,quorum-managers=manager,quorum-reviewers=reviewer",
    });
    t = await testApp(database, { now: Date.now() }, { oidc });
    app = t.app;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => quorum.close(() => resolve()));
    await provider.close();
    await database.close();
  });

  /**
   * One browser signing in as `login` at the provider: Quorum's login route, the provider's
   * redirects (interaction included), up to the URL of Quorum's callback, which is not opened.
   */
  async function throughProvider(login: string, returnTo?: string) {
    next.login = login;
    const quorumJar = new CookieJar();
    const providerJar = new CookieJar();
    const start = await fetch(
      `${quorumUrl}/api/v1/auth/oidc/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ""}`,
      { redirect: "manual" },
    );
    expect(start.status).toBe(302);
    quorumJar.store(start);
    let location = start.headers.get("location") ?? "";
    expect(location.startsWith(`${provider.issuer}/`)).toBe(true);
    const authorize = new URL(location);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("state")).toBeTruthy();
    expect(authorize.searchParams.get("nonce")).toBeTruthy();
    for (let hop = 0; hop < 10 && !location.startsWith(quorumUrl); hop++) {
      const response = await fetch(new URL(location, provider.issuer), {
        redirect: "manual",
        headers: { cookie: providerJar.header() },
      });
      providerJar.store(response);
      expect([302, 303], `provider answered ${response.status} at ${location}`).toContain(response.status);
      location = new URL(response.headers.get("location") ?? "", location).href;
    }
    expect(location.startsWith(`${quorumUrl}/api/v1/auth/oidc/callback?`)).toBe(true);
    return { callback: new URL(location), quorumJar };
  }

  async function openCallback(callback: URL, jar: CookieJar, headers: Record<string, string> = {}) {
    const response = await fetch(callback, { redirect: "manual", headers: { cookie: jar.header(), ...headers } });
    jar.store(response);
    return response;
  }

  async function me(jar: CookieJar) {
    const response = await fetch(`${quorumUrl}/api/v1/auth/me`, { headers: { cookie: jar.header() } });
    return {
      status: response.status,
      body: (await response.json()) as { user: { id: number; role: string; email: string } },
    };
  }

  async function countRows(table: "users" | "sso_identities" | "sessions") {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it("tells the web app that single sign-on is on", async () => {
    const response = await fetch(`${quorumUrl}/api/v1/auth/config`);
    expect(await response.json()).toEqual({
      passwordSignIn: true,
      sso: { enabled: true, loginUrl: "/api/v1/auth/oidc/login" },
    });
  });

  it("creates the user on the first sign-in with the mapped role and a session, then updates the role", async () => {
    const { callback, quorumJar } = await throughProvider("ada", "/console/projects");
    const response = await openCallback(callback, quorumJar);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/console/projects");
    expect(quorumJar.get("quorum_session")).toBeTruthy();
    expect(quorumJar.get("quorum_oidc_flow")).toBeUndefined();
    const first = await me(quorumJar);
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ email: "ada@corp.example", name: "Ada Lovelace", role: "manager" });

    // Promoted at the provider: the next sign-in makes her an admin, on the same account.
    people.ada!.groups = ["quorum-admins", "quorum-managers"];
    const again = await throughProvider("ada");
    const second = await openCallback(again.callback, again.quorumJar);
    expect(second.status).toBe(302);
    expect(second.headers.get("location")).toBe("/");
    const after = await me(again.quorumJar);
    expect(after.body.user).toMatchObject({ id: first.body.user.id, role: "admin" });
    // Her first session sees the new role too: the role is read from the user on every request.
    expect((await me(quorumJar)).body.user.role).toBe("admin");

    const identities = await database.db.selectFrom("sso_identities").selectAll().execute();
    expect(identities).toEqual([
      expect.objectContaining({ issuer: provider.issuer, subject: "ada", user_id: first.body.user.id }),
    ]);
    const audit = await t.call("GET", "/audit-log?action=auth.sso.login", { cookie: t.admin });
    expect(audit.status).toBe(200);
    const logins = (audit.json.entries as { details: Record<string, unknown> }[]).map((e) => e.details);
    expect(logins).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: first.body.user.id, role: "manager", created: true }),
        expect.objectContaining({ userId: first.body.user.id, role: "admin", previousRole: "manager" }),
      ]),
    );
    // No password was set: the account cannot sign in with one.
    const guess = await t.call("POST", "/auth/login", { body: { email: "ada@corp.example", password: "sso" } });
    expect(guess.status).toBe(401);
  });

  it("refuses a person with no mapped group and creates no user", async () => {
    const users = await countRows("users");
    const sessions = await countRows("sessions");
    const { callback, quorumJar } = await throughProvider("bob");
    const response = await openCallback(callback, quorumJar, { accept: "text/html" });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("none of the groups that give a role in Quorum");
    expect(quorumJar.get("quorum_session")).toBeUndefined();
    expect(await countRows("users")).toBe(users);
    expect(await countRows("sessions")).toBe(sessions);
    const audit = await t.call("GET", "/audit-log?action=auth.sso.refuse", { cookie: t.admin });
    expect(audit.json.entries[0].details).toMatchObject({ reason: "no_role", subject: "bob", groups: ["everyone"] });
  });

  it("refuses a callback whose state is not the one it started, and the flow cannot be replayed", async () => {
    const { callback, quorumJar } = await throughProvider("ada");
    const flowCookie = quorumJar.get("quorum_oidc_flow");
    expect(flowCookie).toBeTruthy();
    const forged = new URL(callback);
    forged.searchParams.set("state", "not-the-state");
    const refused = await openCallback(forged, quorumJar);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("invalid_input");
    expect(quorumJar.get("quorum_session")).toBeUndefined();
    // The flow was used up by the forged answer: the real one is refused too.
    const replay = await fetch(callback, { redirect: "manual", headers: { cookie: `quorum_oidc_flow=${flowCookie}` } });
    expect(replay.status).toBe(400);
    expect(replay.headers.getSetCookie().some((c) => c.startsWith("quorum_session="))).toBe(false);
  });

  it("refuses a callback from a browser that did not start the sign-in (login CSRF)", async () => {
    const { callback } = await throughProvider("ada");
    const response = await fetch(callback, { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      "No sign-in is in progress in this browser",
    );
  });

  it("refuses a deactivated account", async () => {
    const first = await throughProvider("cy");
    expect((await openCallback(first.callback, first.quorumJar)).status).toBe(302);
    const cy = await me(first.quorumJar);
    expect(cy.body.user.role).toBe("reviewer");
    const deactivated = await t.call("PATCH", `/users/${cy.body.user.id}`, {
      cookie: t.admin,
      body: { status: "deactivated" },
    });
    expect(deactivated.status).toBe(200);
    const again = await throughProvider("cy");
    const response = await openCallback(again.callback, again.quorumJar);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("deactivated");
  });

  it("links an existing account by email only when the provider verified the email", async () => {
    const created = await t.call("POST", "/users", {
      cookie: t.admin,
      body: { email: "eve@corp.example", name: "Eve", password: "password-123", role: "annotator", languages: ["en"] },
    });
    expect(created.status).toBe(201);
    const unverified = await throughProvider("eve");
    const refused = await openCallback(unverified.callback, unverified.quorumJar);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("email_taken");
    expect(await database.db.selectFrom("sso_identities").where("subject", "=", "eve").selectAll().execute()).toEqual(
      [],
    );

    people.eve!.emailVerified = true;
    const verified = await throughProvider("eve");
    expect((await openCallback(verified.callback, verified.quorumJar)).status).toBe(302);
    const eve = await me(verified.quorumJar);
    expect(eve.body.user).toMatchObject({ id: created.json.user.id, role: "reviewer" });
    // Her password still works: linking adds a way in, it takes none away.
    expect(
      (await t.call("POST", "/auth/login", { body: { email: "eve@corp.example", password: "password-123" } })).status,
    ).toBe(200);
  });

  it("forgets the provider account when the person is erased: their next sign-in is a new account", async () => {
    people.fay = { email: "fay@corp.example", name: "Fay Former", groups: ["quorum-reviewers"] };
    const first = await throughProvider("fay");
    expect((await openCallback(first.callback, first.quorumJar)).status).toBe(302);
    const fay = (await me(first.quorumJar)).body.user;
    const erased = await t.call("POST", `/users/${fay.id}/erase`, { cookie: t.admin });
    expect(erased.status).toBe(200);
    expect(await database.db.selectFrom("sso_identities").where("subject", "=", "fay").selectAll().execute()).toEqual(
      [],
    );
    expect((await me(first.quorumJar)).status).toBe(401);
    const again = await throughProvider("fay");
    expect((await openCallback(again.callback, again.quorumJar)).status).toBe(302);
    const fresh = (await me(again.quorumJar)).body.user;
    expect(fresh.id).not.toBe(fay.id);
    expect(fresh).toMatchObject({ email: "fay@corp.example", role: "reviewer" });
  });

  it("answers junk callback parameters with 400, never 5xx", async () => {
    for (const query of ["", "?code=x", "?state=%00", `?code=${"a".repeat(5000)}`, "?error=access_denied&state=1"]) {
      const response = await fetch(`${quorumUrl}/api/v1/auth/oidc/callback${query}`, {
        redirect: "manual",
        headers: { cookie: "quorum_oidc_flow=forged" },
      });
      expect(response.status, query).toBe(400);
    }
  });
});

describe.each(targets)("single sign-on with the provider down on $dialect", (target) => {
  it("answers 502 provider_unavailable, and tries discovery again on the next sign-in", async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const port = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(port));
      });
    });
    const database = await target.open();
    let provider: Awaited<ReturnType<typeof startOidcProvider>> | undefined;
    try {
      const t = await testApp(database, undefined, {
        oidc: parseOidcConfig({
          QUORUM_OIDC_ISSUER: `http://127.0.0.1:${closed}`,
          QUORUM_OIDC_CLIENT_ID: "quorum",
          QUORUM_PUBLIC_URL: "http://127.0.0.1:1",
          QUORUM_OIDC_ROLE_MAP: "quorum-admins=admin",
        }),
      });
      const response = await t.call("GET", "/auth/oidc/login");
      expect(response.status).toBe(502);
      expect(response.json.error.code).toBe("provider_unavailable");
      expect(response.json.error.message).toContain("discovery");
      const page = await t.call("GET", "/auth/oidc/login", { headers: { accept: "text/html" } });
      expect(page.status).toBe(502);
      expect(page.text).toContain("The identity provider could not be reached");
      // The provider comes up: the failed discovery was not kept.
      provider = await startOidcProvider("http://127.0.0.1:1/api/v1/auth/oidc/callback", {}, { login: "" }, closed);
      const redirected = await t.call("GET", "/auth/oidc/login");
      expect(redirected.status).toBe(302);
      expect(redirected.headers.get("location")).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${closed}/`));
    } finally {
      await provider?.close();
      await database.close();
    }
  });
});
