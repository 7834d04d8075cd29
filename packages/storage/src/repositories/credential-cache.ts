import type { User } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

/**
 * How long a server process may trust a session or API token it has looked up, without asking
 * the database again. Signing out, revoking a token and any change to the user (deactivation,
 * password, role, erasure) forget the user's entries in the process that made the change at
 * once; another server process (`--workers`, or several hosts) notices within this time.
 */
export const CREDENTIAL_CACHE_MS = 1000;
const MAX_ENTRIES = 50_000;

interface Entry {
  db: Kysely<DB>;
  user: User;
  /** When the session or token itself expires (null: never), in the clock of the requests. */
  expiresAt: number | null;
  /** Date.now() when read from the database. */
  readAt: number;
}

/** Keyed by the hash of the secret; one map for every database of the process (tests open many). */
const entries = new Map<string, Entry>();
/** Bumped by every forget, so a lookup that raced with one does not store what it read. */
let generation = 0;

/**
 * The user holding the secret whose hash is `tokenHash`, from memory when read within
 * `CREDENTIAL_CACHE_MS`, else by `read` (which also returns the secret's own expiry). Unknown
 * secrets are not remembered.
 */
export async function cachedCredential(
  db: Kysely<DB>,
  tokenHash: string,
  now: number,
  read: () => Promise<{ user: User; expiresAt: number | null } | undefined>,
): Promise<User | undefined> {
  const hit = entries.get(tokenHash);
  const clock = Date.now();
  if (hit && hit.db === db && clock - hit.readAt < CREDENTIAL_CACHE_MS && clock >= hit.readAt) {
    if (hit.expiresAt === null || hit.expiresAt > now) return hit.user;
    entries.delete(tokenHash);
    return undefined;
  }
  const seen = generation;
  const found = await read();
  if (!found) {
    entries.delete(tokenHash);
    return undefined;
  }
  if (seen === generation) {
    if (entries.size >= MAX_ENTRIES) entries.clear();
    entries.set(tokenHash, { db, user: found.user, expiresAt: found.expiresAt, readAt: clock });
  }
  return found.user;
}

/** Forgets one secret (its session or token was deleted). */
export function forgetCredential(tokenHash: string): void {
  generation++;
  entries.delete(tokenHash);
}

/** Forgets every secret of a user (they changed, or their sessions or tokens were deleted). */
export function forgetUserCredentials(userId: number): void {
  generation++;
  for (const [hash, entry] of entries) if (entry.user.id === userId) entries.delete(hash);
}
