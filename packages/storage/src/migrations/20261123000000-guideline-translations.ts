import { type Kysely, PostgresAdapter } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * A guideline version's text in another language, one per (project, version, language); the
 * language is a canonical BCP 47 tag (`de`, `pt-BR`). The version's own body stays the original.
 */
export async function up(db: AnyDb): Promise<void> {
  const big = db.getExecutor().adapter instanceof PostgresAdapter ? "bigint" : "integer";
  await db.schema
    .createTable("guideline_translations")
    .addColumn("project_id", big, (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("updated_by", big)
    .addColumn("created_at", big, (c) => c.notNull())
    .addColumn("updated_at", big, (c) => c.notNull())
    .addPrimaryKeyConstraint("guideline_translations_pk", ["project_id", "version", "language"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("guideline_translations").ifExists().execute();
}
