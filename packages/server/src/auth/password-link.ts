import { issuePasswordLink } from "@quorum/storage";
import type { Context } from "hono";
import type { AppEnv } from "../context.js";
import { hashSecret, newSecret } from "./tokens.js";

/** A new one-time link secret and its hash (only the hash is stored). */
export function newPasswordLinkToken(): { secret: string; hash: string } {
  const secret = newSecret("pw_");
  return { secret, hash: hashSecret(secret) };
}

/** The set-password page for a secret, on the public URL or the request's origin. */
export function passwordLinkUrl(c: Context<AppEnv>, secret: string): string {
  const base = c.get("deps").publicUrl ?? new URL(c.req.url).origin;
  return `${base.replace(/\/$/, "")}/set-password#${encodeURIComponent(secret)}`;
}

/**
 * Delivers a one-time link: by e-mail when a mail server is configured (then the link is not
 * returned), otherwise it is handed back for the inviter to pass on. A failed send is logged
 * and reported as not e-mailed; the link is then returned only when `showOnFailure` (the caller
 * is staff, not the anonymous person signing up).
 */
export async function deliverPasswordLink(
  c: Context<AppEnv>,
  options: { email: string; name: string; secret: string; purpose: "set" | "reset"; showOnFailure: boolean },
): Promise<{ link: string | null; emailed: boolean }> {
  const link = passwordLinkUrl(c, options.secret);
  const { mailer, log } = c.get("deps");
  if (!mailer) return { link, emailed: false };
  try {
    await mailer.send({
      to: [options.email],
      subject: options.purpose === "set" ? "Set your Quorum password" : "Reset your Quorum password",
      text: `Hello ${options.name},\n\nOpen this link to ${options.purpose === "set" ? "set" : "reset"} your password (it works once, for 72 hours):\n\n${link}\n`,
    });
    return { link: null, emailed: true };
  } catch (error) {
    log(`password link e-mail to ${options.email} failed: ${(error as Error).message}`);
    return { link: options.showOnFailure ? link : null, emailed: false };
  }
}

/**
 * Issues a one-time link for `person` (their earlier links stop working) and delivers it to them
 * (`deliverIssuedLink`).
 */
export async function sendPasswordLink(
  c: Context<AppEnv>,
  options: { person: { id: number; email: string; name: string }; purpose: "set" | "reset"; createdBy: number },
): Promise<IssuedLink> {
  const { database, now } = c.get("deps");
  const token = newPasswordLinkToken();
  const { expiresAt } = await issuePasswordLink(database, {
    userId: options.person.id,
    tokenHash: token.hash,
    purpose: options.purpose,
    createdBy: options.createdBy,
    now: now(),
  });
  return deliverIssuedLink(c, { ...options, secret: token.secret, expiresAt });
}

/** A link as the staff caller is told of it: shown when it could not be e-mailed. */
export interface IssuedLink {
  link: string | null;
  emailed: boolean;
  expiresAt: string;
}

/** Delivers a link already written (`deliverPasswordLink`, shown to the staff caller when it cannot be e-mailed). */
export async function deliverIssuedLink(
  c: Context<AppEnv>,
  options: { person: { email: string; name: string }; purpose: "set" | "reset"; secret: string; expiresAt: number },
): Promise<IssuedLink> {
  const delivered = await deliverPasswordLink(c, {
    email: options.person.email,
    name: options.person.name,
    secret: options.secret,
    purpose: options.purpose,
    showOnFailure: true,
  });
  return { ...delivered, expiresAt: new Date(options.expiresAt).toISOString() };
}
