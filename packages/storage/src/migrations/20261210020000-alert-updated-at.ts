import { type Kysely, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * When an open alert's sentence was last rewritten in place (a risk alert whose cause or figures
 * changed while it stayed open); null while it reads as raised.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`alter table alerts add column updated_at bigint`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`alter table alerts drop column updated_at`.execute(db);
}
