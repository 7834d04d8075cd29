import { type Kysely, PostgresAdapter, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Review claims become leases: a claim records when it was taken and when it runs out, after
 * which any reviewer may take the item. Projects say how long a claim lasts (900 s, core's
 * DEFAULT_REVIEW_LEASE_SECONDS). Claims from before leases never expired: they become claims
 * that ran out at their item's creation, so they stop blocking the queue.
 *
 * The next-item query walks a project's pending items in id order and skips those under
 * another reviewer's live claim; the partial index carries the claim columns so that walk
 * reads the index alone. Deactivating a reviewer gives back their claims, found by
 * `review_items_claims`.
 */
export async function up(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const big = pg ? "bigint" : "integer";
  await db.schema
    .alterTable("projects")
    .addColumn("review_lease_seconds", "integer", (c) => c.notNull().defaultTo(900))
    .execute();
  await db.schema.alterTable("review_items").addColumn("claimed_at", sql.raw(big)).execute();
  await db.schema.alterTable("review_items").addColumn("claim_expires_at", sql.raw(big)).execute();
  await sql`update review_items set claimed_at = created_at, claim_expires_at = created_at
    where status = 'pending' and reviewer_id is not null`.execute(db);
  await sql`create index review_items_open on review_items (project_id, id, claim_expires_at, reviewer_id)
    where status = 'pending'`.execute(db);
  await sql`create index review_items_claims on review_items (reviewer_id) where status = 'pending'`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists review_items_claims`.execute(db);
  await sql`drop index if exists review_items_open`.execute(db);
  await db.schema.alterTable("review_items").dropColumn("claim_expires_at").execute();
  await db.schema.alterTable("review_items").dropColumn("claimed_at").execute();
  await db.schema.alterTable("projects").dropColumn("review_lease_seconds").execute();
}
