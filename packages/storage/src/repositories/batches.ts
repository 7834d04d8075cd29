import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

export async function batchExists(db: Kysely<DB>, projectId: number, batchId: number): Promise<boolean> {
  const row = await db
    .selectFrom("batches")
    .select("id")
    .where("project_id", "=", projectId)
    .where("id", "=", batchId)
    .executeTakeFirst();
  return row !== undefined;
}
