import { insertSession } from "@quorum/storage";
import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import type { AppEnv } from "../context.js";
import { SESSION_COOKIE } from "./middleware.js";
import { hashSecret, newSecret } from "./tokens.js";

const SESSION_DAYS = 14;
const DAY = 86_400_000;

/** Stores a new session for the user and sets its HttpOnly cookie (password and single sign-on alike). */
export async function startSession(c: Context<AppEnv>, userId: number): Promise<void> {
  const { database, now, secureCookies } = c.get("deps");
  const secret = newSecret("");
  await insertSession(database.db, {
    tokenHash: hashSecret(secret),
    userId,
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
}
