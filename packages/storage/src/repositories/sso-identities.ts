import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

/** The provider account (issuer, subject) behind a user. */
export interface SsoIdentity {
  issuer: string;
  subject: string;
  userId: number;
  createdAt: number;
  lastLoginAt: number;
}

export async function insertSsoIdentity(
  db: Kysely<DB>,
  identity: { issuer: string; subject: string; userId: number; now: number },
): Promise<void> {
  await db
    .insertInto("sso_identities")
    .values({
      issuer: identity.issuer,
      subject: identity.subject,
      user_id: identity.userId,
      created_at: identity.now,
      last_login_at: identity.now,
    })
    .execute();
}

export async function findSsoIdentity(
  db: Kysely<DB>,
  issuer: string,
  subject: string,
): Promise<SsoIdentity | undefined> {
  const row = await db
    .selectFrom("sso_identities")
    .selectAll()
    .where("issuer", "=", issuer)
    .where("subject", "=", subject)
    .executeTakeFirst();
  return (
    row && {
      issuer: row.issuer,
      subject: row.subject,
      userId: row.user_id,
      createdAt: row.created_at,
      lastLoginAt: row.last_login_at,
    }
  );
}

/** The provider accounts linked to a user (usually one). */
export async function listSsoIdentities(db: Kysely<DB>, userId: number): Promise<SsoIdentity[]> {
  const rows = await db.selectFrom("sso_identities").selectAll().where("user_id", "=", userId).execute();
  return rows.map((row) => ({
    issuer: row.issuer,
    subject: row.subject,
    userId: row.user_id,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  }));
}

export async function touchSsoIdentity(db: Kysely<DB>, issuer: string, subject: string, now: number): Promise<void> {
  await db
    .updateTable("sso_identities")
    .set({ last_login_at: now })
    .where("issuer", "=", issuer)
    .where("subject", "=", subject)
    .execute();
}
