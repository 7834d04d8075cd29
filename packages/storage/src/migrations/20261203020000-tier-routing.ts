import { type Kysely, PostgresAdapter, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Routing by tier (issue 12, item 5): a person's tier moves from `user_tiers` to `users.tier`, so
 * the account every request already reads carries it and a project's `requirements.minTier` is
 * checked with no extra statement on the claim. `tier_changes` stays the log.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`alter table users add column tier text not null default 'trainee'`.execute(db);
  await sql`update users set tier = (select t.tier from user_tiers t where t.user_id = users.id)
    where exists (select 1 from user_tiers t where t.user_id = users.id)`.execute(db);
  await sql`drop table user_tiers`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  const big = sql.raw(db.getExecutor().adapter instanceof PostgresAdapter ? "bigint" : "integer");
  await sql`create table user_tiers (
    user_id ${big} primary key,
    tier text not null,
    updated_at ${big} not null
  )`.execute(db);
  await sql`insert into user_tiers (user_id, tier, updated_at)
    select id, tier, coalesce((select max(c.created_at) from tier_changes c where c.user_id = users.id), 0)
    from users where tier <> 'trainee'`.execute(db);
  await sql`alter table users drop column tier`.execute(db);
}
