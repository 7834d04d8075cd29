import { assertPasswordAcceptable, DomainError, invalidInput } from "@quorum/core";
import { deleteOtherSessions, deleteSession, findUserWithPassword, updateUser, writeAudit } from "@quorum/storage";
import { Hono } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import { z } from "zod";
import { admitLogin, loginSucceeded } from "../auth/login-throttle.js";
import { currentUser, SESSION_COOKIE } from "../auth/middleware.js";
import { hashPassword, verifyPasswordOrDummy } from "../auth/password.js";
import { requestClientAddress } from "../auth/request-address.js";
import { startSession } from "../auth/session.js";
import { hashSecret } from "../auth/tokens.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { readJson } from "../validate.js";
import { userView } from "./views.js";

export const LoginBody = z.object({ email: z.string().email().max(320), password: z.string().min(1).max(1024) });
export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024).describe("at least 8 characters, not a common password, not your email"),
});

export const authDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/auth/login",
    tag: "Auth",
    summary:
      "Sign in; sets the HttpOnly session cookie. Attempts are counted before the password is checked: 10 per account from one address and 100 from one address per 15 minutes, then 429; past 10 failures on an account from anywhere, it is slowed to one attempt per 1-30 s (never locked).",
    access: "public (rate limited)",
    body: LoginBody,
    responses: {
      200: "{user}",
      400: "bad body",
      401: "wrong email or password",
      413: "body too large",
      429: "too many attempts (Retry-After says when to try again)",
    },
  },
  {
    method: "post",
    path: "/auth/logout",
    tag: "Auth",
    summary: "Ends the session.",
    access: "signed in (also while a password change is required)",
    responses: { 204: "signed out" },
  },
  {
    method: "get",
    path: "/auth/me",
    tag: "Auth",
    summary:
      "The signed-in user. `passwordChangeRequired` true: their password was set by someone else (an invite or a reset) and they must change it with POST /auth/password before any other route answers.",
    access: "signed in (also while a password change is required)",
    responses: { 200: "{user}", 401: "not signed in" },
  },
  {
    method: "post",
    path: "/auth/password",
    tag: "Auth",
    summary:
      "Changes the caller's own password (the current one is required). Ends the caller's other sessions; API tokens stay (see /auth/tokens). Clears `passwordChangeRequired`, which a temporary password set by someone else raises.",
    access: "signed in (also while a password change is required)",
    body: ChangePasswordBody,
    responses: { 204: "changed", 400: "the new password breaks the policy", 403: "the current password is wrong" },
  },
];

export function authRoutes() {
  const app = new Hono<AppEnv>();

  app.post("/auth/login", async (c) => {
    const { database, now } = c.get("deps");
    const body = await readJson(c, LoginBody);
    const admission = await admitLogin(database.db, body.email, requestClientAddress(c), now());
    if (!admission.admitted) {
      c.header("Retry-After", String(Math.ceil(admission.retryAfterMs / 1000)));
      throw new DomainError("rate_limited", admission.message);
    }
    const found = await findUserWithPassword(database.db, body.email);
    // The same hash runs for an unknown email, so the answer's timing does not tell who has an account.
    const ok = await verifyPasswordOrDummy(body.password, found?.passwordHash);
    if (!found || !ok || found.user.status === "deactivated" || found.user.status === "erased")
      throw new DomainError("unauthenticated", "Wrong email or password");
    await loginSucceeded(database.db, admission);
    await startSession(c, found.user.id);
    return c.json({ user: userView(found.user) });
  });

  app.post("/auth/logout", async (c) => {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) await deleteSession(c.get("deps").database.db, hashSecret(cookie));
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  app.get("/auth/me", (c) => c.json({ user: userView(currentUser(c)) }));

  app.post("/auth/password", async (c) => {
    const user = currentUser(c);
    const body = await readJson(c, ChangePasswordBody);
    const { database, now } = c.get("deps");
    // Guessing the current password through this route is throttled like signing in.
    const admission = await admitLogin(database.db, user.email, requestClientAddress(c), now());
    if (!admission.admitted) {
      c.header("Retry-After", String(Math.ceil(admission.retryAfterMs / 1000)));
      throw new DomainError("rate_limited", admission.message);
    }
    const found = await findUserWithPassword(database.db, user.email);
    if (!(await verifyPasswordOrDummy(body.currentPassword, found?.passwordHash)))
      throw new DomainError("forbidden", "The current password is wrong", [
        { path: "currentPassword", message: "does not match" },
      ]);
    await loginSucceeded(database.db, admission);
    if (body.newPassword === body.currentPassword)
      throw invalidInput("The new password is the current one", [
        { path: "newPassword", message: "must differ from the current password" },
      ]);
    assertPasswordAcceptable(body.newPassword, user, "newPassword");
    await updateUser(database.db, user.id, {
      passwordHash: await hashPassword(body.newPassword),
      passwordChangeRequired: false,
    });
    const sessionHash = c.get("sessionHash");
    if (sessionHash) await deleteOtherSessions(database.db, user.id, sessionHash);
    await writeAudit(database.db, {
      actorId: user.id,
      action: "auth.password.change",
      // Whether it replaced a temporary password someone else had set (an invite's or a reset's).
      details: { userId: user.id, ...(user.passwordChangeRequired ? { temporaryReplaced: true } : {}) },
      now: now(),
    });
    return c.body(null, 204);
  });

  return app;
}
