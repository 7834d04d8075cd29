import type { User } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";
import { toUser } from "./users.js";

/** Sessions and API tokens are stored only as hashes of the secret the client holds. */
export async function insertSession(
  db: Kysely<DB>,
  session: { tokenHash: string; userId: number; now: number; expiresAt: number },
): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      created_at: session.now,
      expires_at: session.expiresAt,
    })
    .execute();
}

export async function findSessionUser(db: Kysely<DB>, tokenHash: string, now: number): Promise<User | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users")
    .where("sessions.token_hash", "=", tokenHash)
    .where("sessions.expires_at", ">", now)
    .executeTakeFirst();
  return row && toUser(row);
}

export async function deleteSession(db: Kysely<DB>, tokenHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
}

export async function deleteUserSessions(db: Kysely<DB>, userId: number): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
  await db.deleteFrom("api_tokens").where("user_id", "=", userId).execute();
}

export async function insertApiToken(
  db: Kysely<DB>,
  token: { tokenHash: string; userId: number; name: string; now: number },
): Promise<void> {
  await db
    .insertInto("api_tokens")
    .values({ token_hash: token.tokenHash, user_id: token.userId, name: token.name, created_at: token.now })
    .execute();
}

export async function findTokenUser(db: Kysely<DB>, tokenHash: string): Promise<User | undefined> {
  const row = await db
    .selectFrom("api_tokens")
    .innerJoin("users", "users.id", "api_tokens.user_id")
    .selectAll("users")
    .where("api_tokens.token_hash", "=", tokenHash)
    .executeTakeFirst();
  return row && toUser(row);
}
