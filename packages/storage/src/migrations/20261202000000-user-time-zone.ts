import { type Kysely, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Every person has a time zone (issue 12, item 2): an IANA name such as "Europe/Vienna", so
 * "today", working hours and daily exposure budgets follow where they work. Null until set;
 * readers fall back to the workspace's zone.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`alter table users add column time_zone text`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`alter table users drop column time_zone`.execute(db);
}
