import { type Kysely, PostgresAdapter, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Wellbeing for harmful content (issue 12, item 7): harm categories on projects and tasks, the
 * exposure each person had per category and day, the workspace's budgets and each person's
 * overrides, session state and check-ins. Sensitive projects become harm category `other`.
 */
export async function up(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const big = pg ? "bigint" : "integer";
  await sql`alter table projects add column harm_category text`.execute(db);
  await sql`alter table projects add column harm_present text not null default '[]'`.execute(db);
  await sql`alter table projects add column harm_media text not null default '{"blur":false,"greyscale":false,"mute":false}'`.execute(
    db,
  );
  await sql`alter table tasks add column harm text`.execute(db);
  await sql`update projects set harm_category = 'other', harm_present = '["other"]',
    harm_media = '{"blur":true,"greyscale":true,"mute":true}' where sensitive = 1`.execute(db);
  await sql`update tasks set harm = 'other' where project_id in (select id from projects where sensitive = 1)`.execute(
    db,
  );

  // Grows with work: one row per project, person, local day and category judged.
  const exposure = db.schema
    .createTable("exposure_daily")
    .addColumn("project_id", big, (c) => c.notNull())
    .addColumn("user_id", big, (c) => c.notNull())
    .addColumn("day", "integer", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("items", "integer", (c) => c.notNull())
    .addColumn("active_ms", big, (c) => c.notNull())
    .addPrimaryKeyConstraint("exposure_daily_pk", ["project_id", "user_id", "day", "category"]);
  await (pg ? exposure : exposure.modifyEnd(sql`without rowid`)).execute();
  // The lease reads one person's week across projects.
  await db.schema.createIndex("exposure_daily_user_day").on("exposure_daily").columns(["user_id", "day"]).execute();

  await db.schema
    .createTable("wellbeing_settings")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("policy", "text", (c) => c.notNull())
    .addColumn("updated_by", big)
    .addColumn("updated_at", big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("wellbeing_people")
    .addColumn("user_id", big, (c) => c.primaryKey())
    .addColumn("budgets", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("media", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("session_started_at", big)
    .addColumn("session_last_at", big)
    .addColumn("break_until", big)
    .addColumn("updated_at", big, (c) => c.notNull())
    .execute();

  const checkins = pg
    ? db.schema
        .createTable("wellbeing_checkins")
        .addColumn("id", "bigint", (c) => c.generatedByDefaultAsIdentity().primaryKey())
    : db.schema.createTable("wellbeing_checkins").addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());
  await checkins
    .addColumn("user_id", big, (c) => c.notNull())
    .addColumn("answers", "text", (c) => c.notNull())
    .addColumn("score", "integer", (c) => c.notNull())
    .addColumn("created_at", big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("wellbeing_checkins_user")
    .on("wellbeing_checkins")
    .columns(["user_id", "created_at"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("wellbeing_checkins").ifExists().execute();
  await db.schema.dropTable("wellbeing_people").ifExists().execute();
  await db.schema.dropTable("wellbeing_settings").ifExists().execute();
  await db.schema.dropTable("exposure_daily").ifExists().execute();
  await sql`alter table tasks drop column harm`.execute(db);
  await sql`alter table projects drop column harm_media`.execute(db);
  await sql`alter table projects drop column harm_present`.execute(db);
  await sql`alter table projects drop column harm_category`.execute(db);
}
