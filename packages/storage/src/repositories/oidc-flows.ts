import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

/** A sign-in on its way through the identity provider (see the `oidc_flows` table). */
export interface OidcFlow {
  secretHash: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  expiresAt: number;
}

export async function insertOidcFlow(db: Kysely<DB>, flow: OidcFlow): Promise<void> {
  await db
    .insertInto("oidc_flows")
    .values({
      secret_hash: flow.secretHash,
      state: flow.state,
      nonce: flow.nonce,
      code_verifier: flow.codeVerifier,
      return_to: flow.returnTo,
      expires_at: flow.expiresAt,
    })
    .execute();
}

/**
 * Removes and returns the flow of this secret, so a callback can use it once only (a replayed
 * callback finds nothing). Expired flows are returned too; the caller refuses them.
 */
export async function takeOidcFlow(db: Kysely<DB>, secretHash: string): Promise<OidcFlow | undefined> {
  const row = await db.deleteFrom("oidc_flows").where("secret_hash", "=", secretHash).returningAll().executeTakeFirst();
  return (
    row && {
      secretHash: row.secret_hash,
      state: row.state,
      nonce: row.nonce,
      codeVerifier: row.code_verifier,
      returnTo: row.return_to,
      expiresAt: row.expires_at,
    }
  );
}

/** Drops flows that expired before `now` (sign-ins abandoned at the provider). */
export async function pruneOidcFlows(db: Kysely<DB>, now: number): Promise<void> {
  await db.deleteFrom("oidc_flows").where("expires_at", "<", now).execute();
}
