import { type Kysely, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * A project's review policy (JSON core `ReviewPolicy`: sample share, confidence threshold,
 * disagreement), read with the project. `{}` reads as off, so existing projects queue nothing.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`alter table projects add column review_policy text not null default '{}'`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`alter table projects drop column review_policy`.execute(db);
}
