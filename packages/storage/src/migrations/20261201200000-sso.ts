import { type Kysely, PostgresAdapter, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Single sign-on with OpenID Connect:
 * - `sso_identities`: the provider's account (issuer and subject, unique together) behind a user,
 *   so a person is found again by who the provider says they are, not by an email that can change.
 * - `oidc_flows`: sign-ins on their way through the provider. The browser holds a random secret in
 *   an HttpOnly cookie; the row, found by the secret's hash, holds the state, nonce and PKCE
 *   verifier. Rows are used once and expire after minutes.
 */
export async function up(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const big = sql.raw(pg ? "bigint" : "integer");

  await sql`create table sso_identities (
    issuer text not null,
    subject text not null,
    user_id ${big} not null,
    created_at ${big} not null,
    last_login_at ${big} not null,
    primary key (issuer, subject)
  )`.execute(db);
  await db.schema.createIndex("sso_identities_user").on("sso_identities").column("user_id").execute();

  await sql`create table oidc_flows (
    secret_hash text primary key,
    state text not null,
    nonce text not null,
    code_verifier text not null,
    return_to text not null,
    expires_at ${big} not null
  )`.execute(db);
  await db.schema.createIndex("oidc_flows_expiry").on("oidc_flows").column("expires_at").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("oidc_flows").ifExists().execute();
  await db.schema.dropTable("sso_identities").ifExists().execute();
}
