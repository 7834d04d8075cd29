import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

/** Every business unit, by name. */
export async function listBusinessUnits(db: Kysely<DB>): Promise<{ id: number; name: string }[]> {
  const rows = await db.selectFrom("business_units").select(["id", "name"]).orderBy("name").execute();
  return rows.map((row) => ({ id: Number(row.id), name: row.name }));
}
