import { type Kysely, PostgresAdapter, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * - `alerts.updated_at`: when an open alert's sentence was last rewritten in place (a risk alert
 *   whose cause or figures changed while it stayed open); null while it reads as raised.
 * - `project_delivery_status`: each project's latest delivery verdict (the forecast's level, its
 *   85th-percentile finish and the risk register's entries), written wherever the forecast is
 *   computed anyway (the monitors' risk round, a read of the project's forecast), so that the
 *   projects list reads every project's status in one indexed query instead of a forecast each.
 */
export async function up(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const big = pg ? "bigint" : "integer";
  await sql`alter table alerts add column updated_at bigint`.execute(db);
  await db.schema
    .createTable("project_delivery_status")
    .addColumn("project_id", big, (c) => c.primaryKey())
    .addColumn("level", "text", (c) => c.notNull())
    .addColumn("finish_p85", big)
    .addColumn("risks", "text", (c) => c.notNull())
    .addColumn("evaluated_at", big, (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("project_delivery_status").ifExists().execute();
  await sql`alter table alerts drop column updated_at`.execute(db);
}
