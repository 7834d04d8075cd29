import type { Database } from "@quorum/storage";
import { insertUser, updateUser } from "@quorum/storage";
import { createApp } from "./app.js";
import { hashPassword } from "./auth/password.js";
import type { AppDeps } from "./context.js";

/** What @hono/node-server passes a handler, reduced to the socket's peer address. */
function socketFrom(address: string | undefined) {
  return address === undefined ? undefined : { incoming: { socket: { remoteAddress: address } } };
}

/**
 * A real app on a real database, driven through `app.request()` with real cookies. Used by the
 * HTTP tests; not part of the public API.
 */
export async function testApp(
  database: Database,
  clock = { now: 1_800_000_000_000 },
  options: Pick<AppDeps, "trustedProxies" | "limits" | "admission" | "oidc" | "mailer" | "publicUrl"> = {},
) {
  const app = createApp({ database, now: () => clock.now, secureCookies: false, log: () => {}, ...options });
  const adminPassword = "admin-password";
  await insertUser(
    database.db,
    { email: "admin@test.local", name: "Admin", passwordHash: await hashPassword(adminPassword), role: "admin" },
    clock.now,
  );

  async function call(
    method: string,
    path: string,
    options: {
      body?: unknown;
      raw?: string;
      cookie?: string;
      token?: string;
      headers?: Record<string, string>;
      /** The client's socket address, as a Node server would see it. */
      address?: string;
    } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] = "application/json";
    }
    const response = await app.request(
      `/api/v1${path}`,
      { method, headers, ...(body === undefined ? {} : { body }) },
      socketFrom(options.address),
    );
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests check response fields one by one
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text, headers: response.headers };
  }

  async function login(email: string, password: string, address?: string): Promise<string> {
    const response = await app.request(
      "/api/v1/auth/login",
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) },
      socketFrom(address),
    );
    if (response.status !== 200) throw new Error(`login ${email} failed: ${response.status} ${await response.text()}`);
    const cookie = response.headers.get("set-cookie") ?? "";
    return cookie.split(";")[0] ?? "";
  }

  const admin = await login("admin@test.local", adminPassword);

  /**
   * Creates a user through the API and returns a signed-in session cookie for them. The person
   * counts as having chosen "password-123" themself (an invite's password must otherwise be
   * changed before anything else works), since most tests are not about the first sign-in.
   */
  async function userSession(
    role: string,
    extra: Record<string, unknown> = {},
    seq = Math.random().toString(36).slice(2, 8),
  ) {
    const email = `${role}-${seq}@test.local`;
    const created = await call("POST", "/users", {
      cookie: admin,
      body: { email, name: `${role} ${seq}`, password: "password-123", role, ...extra },
    });
    if (created.status !== 201) throw new Error(`create ${role}: ${created.status} ${created.text}`);
    await updateUser(database.db, created.json.user.id, { passwordChangeRequired: false });
    return { cookie: await login(email, "password-123"), id: created.json.user.id as number, email };
  }

  return { app, call, login, admin, userSession, clock };
}

export type TestApp = Awaited<ReturnType<typeof testApp>>;
/** A signed-in user: their session cookie, id and email. */
export type TestSession = Awaited<ReturnType<TestApp["userSession"]>>;
