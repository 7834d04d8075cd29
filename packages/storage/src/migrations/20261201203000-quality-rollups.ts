import { type Kysely, PostgresAdapter, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * The quality roll-ups (core's `RollupKind`): per project, sums over tasks that the quality report
 * reads instead of the judgments. Kept up to date in the judgment's transaction; filled for
 * existing projects right after this migration (`rebuildAllQualityRollups`).
 */
export async function up(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const table = db.schema
    .createTable("quality_rollups")
    .addColumn("project_id", pg ? "bigint" : "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("v1", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("v2", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("v3", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("v4", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("v5", "double precision", (c) => c.notNull().defaultTo(0))
    // Which of the row's shards (see ROLLUP_SHARDS): concurrent judgments add to different rows.
    .addColumn("shard", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("quality_rollups_pk", ["project_id", "kind", "key", "shard"]);
  // On SQLite the rows live in the primary key's B-tree: each judgment's UPSERT finds its cells once.
  await (pg ? table : table.modifyEnd(sql`without rowid`)).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("quality_rollups").ifExists().execute();
}
