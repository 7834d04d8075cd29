import type { User } from "@quorum/core";
import type { Kysely, Selectable } from "kysely";
import { dialectOf, PreparedStatement } from "../prepared-statement.js";
import type { DB, UsersTable } from "../schema.js";
import { cachedCredential, forgetCredential, forgetUserCredentials } from "./credential-cache.js";
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

/**
 * The user of an unexpired session; served from memory for up to `CREDENTIAL_CACHE_MS` (pass the root `db`).
 * Every signed-in annotator's cache entry lapses each second, so under a crowd this read runs for
 * about one request in ten: built once (`PreparedStatement`), not per request.
 */
export async function findSessionUser(db: Kysely<DB>, tokenHash: string, now: number): Promise<User | undefined> {
  return cachedCredential(db, tokenHash, now, async () => {
    const { rows } = await sessionUserStatement.run(db, dialectOf(db), { tokenHash, now });
    const row = rows[0];
    return row && { user: toUser(row), expiresAt: row.session_expires_at };
  });
}

const sessionUserStatement = new PreparedStatement<
  Selectable<UsersTable> & { session_expires_at: number },
  "tokenHash" | "now"
>((db, slot) =>
  db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users")
    .select("sessions.expires_at as session_expires_at")
    .where("sessions.token_hash", "=", slot("tokenHash"))
    .where("sessions.expires_at", ">", slot("now")),
);

export async function deleteSession(db: Kysely<DB>, tokenHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
  forgetCredential(tokenHash);
}

export async function deleteUserSessions(db: Kysely<DB>, userId: number): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
  await db.deleteFrom("api_tokens").where("user_id", "=", userId).execute();
  forgetUserCredentials(userId);
}

/** Ends every session of a user but one (after they change their own password). */
export async function deleteOtherSessions(db: Kysely<DB>, userId: number, keepTokenHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).where("token_hash", "!=", keepTokenHash).execute();
  forgetUserCredentials(userId);
}

/** An API token as its owner sees it: never the secret nor its hash. */
export interface ApiToken {
  id: number;
  name: string;
  createdAt: number;
  /** null for tokens created before tokens expired. */
  expiresAt: number | null;
}

export async function insertApiToken(
  db: Kysely<DB>,
  token: { tokenHash: string; userId: number; name: string; now: number; expiresAt: number },
): Promise<ApiToken> {
  const row = await db
    .insertInto("api_tokens")
    .values({
      token_hash: token.tokenHash,
      user_id: token.userId,
      name: token.name,
      created_at: token.now,
      expires_at: token.expiresAt,
    })
    .returning(["id", "name", "created_at", "expires_at"])
    .executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, createdAt: row.created_at, expiresAt: row.expires_at };
}

/** The user holding an unexpired token; served from memory for up to `CREDENTIAL_CACHE_MS` (pass the root `db`). */
export async function findTokenUser(db: Kysely<DB>, tokenHash: string, now: number): Promise<User | undefined> {
  return cachedCredential(db, tokenHash, now, async () => {
    const { rows } = await tokenUserStatement.run(db, dialectOf(db), { tokenHash, now });
    const row = rows[0];
    return row && { user: toUser(row), expiresAt: row.token_expires_at };
  });
}

const tokenUserStatement = new PreparedStatement<
  Selectable<UsersTable> & { token_expires_at: number | null },
  "tokenHash" | "now"
>((db, slot) =>
  db
    .selectFrom("api_tokens")
    .innerJoin("users", "users.id", "api_tokens.user_id")
    .selectAll("users")
    .select("api_tokens.expires_at as token_expires_at")
    .where("api_tokens.token_hash", "=", slot("tokenHash"))
    .where((eb) => eb.or([eb("api_tokens.expires_at", "is", null), eb("api_tokens.expires_at", ">", slot("now"))])),
);

/** A user's tokens, newest first, expired ones included (so they can be seen and removed). */
export async function listApiTokens(db: Kysely<DB>, userId: number): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom("api_tokens")
    .select(["id", "name", "created_at", "expires_at"])
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at, expiresAt: row.expires_at }));
}

/** Revokes one of a user's tokens; undefined when they hold no token with this id. */
export async function deleteApiToken(db: Kysely<DB>, userId: number, tokenId: number): Promise<ApiToken | undefined> {
  const row = await db
    .deleteFrom("api_tokens")
    .where("user_id", "=", userId)
    .where("id", "=", tokenId)
    .returning(["id", "name", "created_at", "expires_at"])
    .executeTakeFirst();
  // The token's hash is not at hand: forget all of the user's entries.
  if (row) forgetUserCredentials(userId);
  return row && { id: row.id, name: row.name, createdAt: row.created_at, expiresAt: row.expires_at };
}
