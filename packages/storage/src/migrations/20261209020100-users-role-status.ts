import type { Kysely } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * People counted by role (`GET /users/role-counts`, the projects page's "Getting started") from
 * an index instead of the users' rows.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.createIndex("users_role_status").on("users").columns(["role", "status"]).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("users_role_status").ifExists().execute();
}
