import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

/**
 * Which of `ids` the project's tasks already carry as their external id, each with its task
 * (the lowest id when several share it). One query on `tasks_external_id` per call; callers pass
 * a chunk of a few hundred ids.
 */
export async function tasksWithExternalIds(
  db: Kysely<DB>,
  projectId: number,
  ids: readonly string[],
): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  if (ids.length === 0) return found;
  const rows = await db
    .selectFrom("tasks")
    .select(["id", "external_id"])
    .where("project_id", "=", projectId)
    // Spelled out so that SQLite sees the partial index's condition.
    .where("external_id", "is not", null)
    .where("external_id", "in", ids)
    .execute();
  for (const row of rows) {
    const id = row.external_id!;
    const earlier = found.get(id);
    if (earlier === undefined || row.id < earlier) found.set(id, row.id);
  }
  return found;
}

/** Whether any task of the project carries an external id (one read of `tasks_external_id`). */
export async function projectHasExternalIds(db: Kysely<DB>, projectId: number): Promise<boolean> {
  const row = await db
    .selectFrom("tasks")
    .select("id")
    .where("project_id", "=", projectId)
    .where("external_id", "is not", null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Whether two tasks of the project share an external id: one read of `tasks_external_id` in
 * order, grouped as it goes (no sort), stopping at the first repeat.
 */
export async function projectRepeatsExternalIds(db: Kysely<DB>, projectId: number): Promise<boolean> {
  return (await repeatedExternalId(db, projectId).executeTakeFirst()) !== undefined;
}

/** The first external id two tasks of the project share (read in `tasks_external_id` order). */
function repeatedExternalId(db: Kysely<DB>, projectId: number) {
  return db
    .selectFrom("tasks")
    .select("external_id")
    .where("project_id", "=", projectId)
    .where("external_id", "is not", null)
    .groupBy("external_id")
    .having((eb) => eb.fn.countAll(), ">", 1)
    .limit(1);
}

/** `ids` looked up this many at a time. */
const AMONG_CHUNK = 500;

/**
 * Whether two tasks of the project share one of `ids`: one read of `tasks_external_id` per few
 * hundred ids, stopping at the first repeat.
 */
export async function projectRepeatsExternalIdsAmong(
  db: Kysely<DB>,
  projectId: number,
  ids: readonly string[],
): Promise<boolean> {
  for (let start = 0; start < ids.length; start += AMONG_CHUNK) {
    const among = ids.slice(start, start + AMONG_CHUNK);
    const row = await repeatedExternalId(db, projectId).where("external_id", "in", among).executeTakeFirst();
    if (row !== undefined) return true;
  }
  return false;
}
