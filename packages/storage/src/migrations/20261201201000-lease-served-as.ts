import type { Kysely } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Why a lease's task was served when it is a control task (`onboarding`, `training` or `hidden`;
 * null from the ordinary queue): the gold feedback policy differs between them.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("assignments").addColumn("served_as", "text").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("assignments").dropColumn("served_as").execute();
}
