import { type Kysely, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * A password someone else chose (an invite's or a reset's temporary password) must be changed
 * at the next sign-in: 1 until the person sets one of their own, 0 otherwise (every existing
 * account chose theirs or was given a documented one).
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`alter table users add column password_change_required integer not null default 0`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`alter table users drop column password_change_required`.execute(db);
}
