import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

export interface PasswordToken {
  tokenHash: string;
  userId: number;
  purpose: "set" | "reset";
  expiresAt: number;
  usedAt: number | null;
}

export async function insertPasswordToken(
  db: Kysely<DB>,
  token: {
    tokenHash: string;
    userId: number;
    purpose: "set" | "reset";
    createdBy: number | null;
    now: number;
    expiresAt: number;
  },
): Promise<void> {
  await db
    .insertInto("password_tokens")
    .values({
      token_hash: token.tokenHash,
      user_id: token.userId,
      purpose: token.purpose,
      created_by: token.createdBy,
      created_at: token.now,
      expires_at: token.expiresAt,
      used_at: null,
    })
    .execute();
}

/**
 * Marks the token used if it is unused and unexpired, in one conditional update (two redeemers
 * racing: one wins). Returns the token's user, or undefined when it is unknown, used or expired.
 */
export async function consumePasswordToken(
  db: Kysely<DB>,
  tokenHash: string,
  now: number,
): Promise<{ userId: number } | undefined> {
  const row = await db
    .updateTable("password_tokens")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning("user_id")
    .executeTakeFirst();
  return row && { userId: Number(row.user_id) };
}

export async function getPasswordToken(db: Kysely<DB>, tokenHash: string): Promise<PasswordToken | undefined> {
  const row = await db.selectFrom("password_tokens").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
  return (
    row && {
      tokenHash: row.token_hash,
      userId: Number(row.user_id),
      purpose: row.purpose as "set" | "reset",
      expiresAt: Number(row.expires_at),
      usedAt: row.used_at === null ? null : Number(row.used_at),
    }
  );
}

/** Earlier unused links of a person stop working when a new one is issued. */
export async function revokePasswordTokens(db: Kysely<DB>, userId: number, now: number): Promise<void> {
  await db
    .updateTable("password_tokens")
    .set({ used_at: now })
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .execute();
}
