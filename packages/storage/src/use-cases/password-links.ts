import { DomainError, type User } from "@quorum/core";
import type { Kysely } from "kysely";
import type { Database } from "../database.js";
import {
  consumePasswordToken,
  getPasswordToken,
  insertPasswordToken,
  revokePasswordTokens,
} from "../repositories/password-tokens.js";
import { deleteUserSessions } from "../repositories/sessions.js";
import { getUser, updateUser } from "../repositories/users.js";
import type { DB } from "../schema.js";
import { inTransaction, writeAudit } from "../transaction.js";

/** How long a one-time password link works. */
export const PASSWORD_LINK_TTL_MS = 72 * 3_600_000;

/** A one-time link to write: only the secret's hash is kept. */
export interface NewPasswordLink {
  userId: number;
  tokenHash: string;
  purpose: "set" | "reset";
  createdBy: number | null;
  now: number;
}

/**
 * Writes a one-time link inside the caller's transaction (the person's earlier unused links stop
 * working); returns when it expires.
 */
export async function writePasswordLink(trx: Kysely<DB>, options: NewPasswordLink): Promise<{ expiresAt: number }> {
  const expiresAt = options.now + PASSWORD_LINK_TTL_MS;
  await revokePasswordTokens(trx, options.userId, options.now);
  await insertPasswordToken(trx, { ...options, expiresAt });
  await writeAudit(trx, {
    actorId: options.createdBy,
    action: "user.password.link",
    details: { userId: options.userId, purpose: options.purpose },
    now: options.now,
  });
  return { expiresAt };
}

/** Issues a one-time link to set or reset a person's password (`writePasswordLink`, in a transaction of its own). */
export async function issuePasswordLink(database: Database, options: NewPasswordLink): Promise<{ expiresAt: number }> {
  return inTransaction(database, (trx) => writePasswordLink(trx, options));
}

const unusable = () =>
  new DomainError("not_found", "This link is unknown, used or expired; ask for a new one", [
    { path: "token", message: "unknown, used or expired" },
  ]);

/** The person a link is for, while it works (for the password policy, which reads their email). */
export async function userOfPasswordLink(database: Database, tokenHash: string, now: number): Promise<User> {
  const token = await getPasswordToken(database.db, tokenHash);
  if (!token || token.usedAt !== null || token.expiresAt <= now) throw unusable();
  const user = await getUser(database.db, token.userId);
  if (!user || user.status === "deactivated" || user.status === "erased") throw unusable();
  return user;
}

/**
 * Uses a link once: sets the password and signs the person out everywhere, in one transaction.
 * A second use, or one after expiry, is `not_found`.
 */
export async function redeemPasswordLink(
  database: Database,
  options: { tokenHash: string; passwordHash: string; now: number },
): Promise<User> {
  return inTransaction(database, async (trx) => {
    const consumed = await consumePasswordToken(trx, options.tokenHash, options.now);
    if (!consumed) throw unusable();
    // A password of one's own: a temporary one set by someone else no longer needs changing.
    const user = await updateUser(trx, consumed.userId, {
      passwordHash: options.passwordHash,
      passwordChangeRequired: false,
    });
    if (!user) throw unusable();
    await deleteUserSessions(trx, user.id);
    await writeAudit(trx, {
      actorId: user.id,
      action: "auth.password.set",
      details: { userId: user.id },
      now: options.now,
    });
    return user;
  });
}
