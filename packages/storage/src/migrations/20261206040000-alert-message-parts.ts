import { type Kysely, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * An alert's sentence with its days kept as instants (JSON `DatedText`), so that each reader
 * gets them in their own time zone and locale. Null for alerts whose sentence has no day and
 * for alerts raised before this: those keep the text they were written with.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`alter table alerts add column message_parts text`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`alter table alerts drop column message_parts`.execute(db);
}
