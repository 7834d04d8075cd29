import { can, DomainError, forbidden, type Permission, type User } from "@quorum/core";
import { findSessionUser, findTokenUser } from "@quorum/storage";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../context.js";
import { readCookie } from "./session-cookie.js";
import { hashSecret } from "./tokens.js";

export const SESSION_COOKIE = "quorum_session";

/** Resolves the caller from the session cookie or an unexpired `Authorization: Bearer` token. */
export const identify: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { database, now } = c.get("deps");
  const bearer = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const cookie = readCookie(c, SESSION_COOKIE);
  let user: User | undefined;
  c.set("sessionHash", undefined);
  if (bearer) user = await findTokenUser(database.db, hashSecret(bearer), now());
  else if (cookie) {
    const sessionHash = hashSecret(cookie);
    user = await findSessionUser(database.db, sessionHash, now());
    if (user) c.set("sessionHash", sessionHash);
  }
  c.set("user", user && user.status !== "deactivated" && user.status !== "erased" ? user : undefined);
  await next();
};

/**
 * What a person whose password was set by someone else may still do: see who they are, change
 * it, or sign out; and sign in afresh (password or single sign-on) or redeem a one-time link, which
 * act on the credentials they are given, not on the session the request came with.
 */
const OPEN_WHILE_PASSWORD_CHANGE_REQUIRED =
  /^(GET \/api\/v1\/auth\/(me|config|oidc\/login|oidc\/callback)|POST \/api\/v1\/(auth\/(password|logout|login)|password-links\/redeem))$/;

/**
 * Refuses every other request of a caller whose password must change (`passwordChangeRequired`):
 * a temporary password their inviter or manager chose, so someone else may know it. One place,
 * after `identify`, so no route can forget it; API tokens cannot be made meanwhile either.
 */
export const requireOwnPassword: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = c.get("user");
  if (user?.passwordChangeRequired && !OPEN_WHILE_PASSWORD_CHANGE_REQUIRED.test(`${c.req.method} ${c.req.path}`))
    throw new DomainError(
      "password_change_required",
      "Your password was set by someone else: change it first with POST /api/v1/auth/password (currentPassword, newPassword)",
    );
  await next();
};

/** The signed-in caller, or a 401. */
export function currentUser(c: Context<AppEnv>): User {
  const user = c.get("user");
  if (!user) throw new DomainError("unauthenticated", "Sign in first (session cookie or Bearer token)");
  return user;
}

/** The caller, who must hold `permission`; otherwise 401 or 403. */
export function requirePermission(c: Context<AppEnv>, permission: Permission): User {
  const user = currentUser(c);
  if (!can(user.role, permission)) throw forbidden(`Your role (${user.role}) may not do this (${permission})`);
  return user;
}
