import { DomainError } from "@quorum/core";
import { deleteSession, findUserWithPassword, insertApiToken, insertSession } from "@quorum/storage";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { currentUser, SESSION_COOKIE } from "../auth/middleware.js";
import { verifyPassword } from "../auth/password.js";
import { FailureLimiter } from "../auth/rate-limit.js";
import { hashSecret, newSecret } from "../auth/tokens.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { readJson } from "../validate.js";
import { userView } from "./views.js";

export const LoginBody = z.object({ email: z.string().email(), password: z.string().min(1) });
export const CreateTokenBody = z.object({ name: z.string().min(1).max(100).default("script") });

const SESSION_DAYS = 14;
const DAY = 86_400_000;

export const authDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/auth/login",
    tag: "Auth",
    summary: "Sign in; sets the HttpOnly session cookie.",
    access: "public (rate limited: 10 failures per 15 minutes per account and per address)",
    body: LoginBody,
    responses: { 200: "{user}", 400: "bad body", 401: "wrong email or password", 429: "too many failures" },
  },
  {
    method: "post",
    path: "/auth/logout",
    tag: "Auth",
    summary: "Ends the session.",
    access: "signed in",
    responses: { 204: "signed out" },
  },
  {
    method: "get",
    path: "/auth/me",
    tag: "Auth",
    summary: "The signed-in user.",
    access: "signed in",
    responses: { 200: "{user}", 401: "not signed in" },
  },
  {
    method: "post",
    path: "/auth/tokens",
    tag: "Auth",
    summary: "Creates an API token for `Authorization: Bearer` (shown once).",
    access: "signed in",
    body: CreateTokenBody,
    responses: { 201: "{token}" },
  },
];

export function authRoutes() {
  const app = new Hono<AppEnv>();
  const limiter = new FailureLimiter(10, 15 * 60_000);

  app.post("/auth/login", async (c) => {
    const { database, now, secureCookies } = c.get("deps");
    const body = await readJson(c, LoginBody);
    const address = c.req.header("x-forwarded-for")?.split(",")[0]?.trim() ?? "local";
    const keys = [`email:${body.email.toLowerCase()}`, `address:${address}`];
    const wait = Math.max(...keys.map((k) => limiter.retryAfter(k, now())));
    if (wait > 0) {
      c.header("Retry-After", String(Math.ceil(wait / 1000)));
      throw new DomainError("rate_limited", `Too many failed sign-ins; try again in ${Math.ceil(wait / 60_000)} min`);
    }
    const found = await findUserWithPassword(database.db, body.email);
    const ok =
      found !== undefined &&
      found.user.status !== "deactivated" &&
      (await verifyPassword(body.password, found.passwordHash));
    if (!found || !ok) {
      for (const k of keys) limiter.recordFailure(k, now());
      throw new DomainError("unauthenticated", "Wrong email or password");
    }
    for (const k of keys) limiter.reset(k);
    const secret = newSecret("");
    await insertSession(database.db, {
      tokenHash: hashSecret(secret),
      userId: found.user.id,
      now: now(),
      expiresAt: now() + SESSION_DAYS * DAY,
    });
    setCookie(c, SESSION_COOKIE, secret, {
      httpOnly: true,
      sameSite: "Lax",
      secure: secureCookies,
      path: "/",
      maxAge: SESSION_DAYS * 86_400,
    });
    return c.json({ user: userView(found.user) });
  });

  app.post("/auth/logout", async (c) => {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) await deleteSession(c.get("deps").database.db, hashSecret(cookie));
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  app.get("/auth/me", (c) => c.json({ user: userView(currentUser(c)) }));

  app.post("/auth/tokens", async (c) => {
    const user = currentUser(c);
    const body = await readJson(c, CreateTokenBody);
    const token = newSecret("qrm_");
    const { database, now } = c.get("deps");
    await insertApiToken(database.db, { tokenHash: hashSecret(token), userId: user.id, name: body.name, now: now() });
    return c.json({ token }, 201);
  });

  return app;
}
