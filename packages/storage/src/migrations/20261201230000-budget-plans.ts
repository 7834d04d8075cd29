import { type Kysely, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * A budget may carry its plan (issue 11, item 8): the segments (task type × language) it was
 * costed from, as JSON, so actual spend can be explained against it driver by driver.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`alter table budgets add column plan text`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`alter table budgets drop column plan`.execute(db);
}
