import type { Kysely } from "kysely";
import pg from "pg";
import { pgPoolOf } from "./database.js";
import type { PgConnectionSettings } from "./repositories/export-tasks.js";
import type { DB } from "./schema.js";

/**
 * One PostgreSQL export's view of the data: a repeatable-read transaction whose snapshot the
 * export's readers import (`SET TRANSACTION SNAPSHOT`), so that the file is one consistent read
 * however many connections read its ranges; open until `close()`, as the readers may only import
 * it while it is.
 */
export interface PgExportSnapshot {
  settings: PgConnectionSettings;
  snapshot: string;
  /** The project's task ids cut into ranges of `size` tasks, in order, as the snapshot sees them. */
  ranges: { first: number; last: number }[];
  close(): Promise<void>;
}

/** The export snapshot of a project, or undefined when `db` is not PostgreSQL. */
export async function openPgExportSnapshot(
  db: Kysely<DB>,
  projectId: number,
  size: number,
): Promise<PgExportSnapshot | undefined> {
  const pool = pgPoolOf(db);
  if (!pool) return undefined;
  const settings: PgConnectionSettings = {
    connectionString: pool.options.connectionString,
    options: pool.options.options,
  };
  const client = new pg.Client(settings);
  await client.connect();
  try {
    await client.query("begin isolation level repeatable read read only");
    const exported = await client.query<{ snapshot: string }>("select pg_export_snapshot() as snapshot");
    // One pass over the project's ids in the (project_id, id) index.
    const ranges = await client.query<{ first: number; last: number }>(
      `select min(id) as first, max(id) as last
       from (select id, (row_number() over (order by id) - 1) / $2 as range from tasks where project_id = $1) numbered
       group by range order by range`,
      [projectId, size],
    );
    return {
      settings,
      snapshot: exported.rows[0]!.snapshot,
      ranges: ranges.rows,
      close: async () => {
        await client.end();
      },
    };
  } catch (error) {
    await client.end();
    throw error;
  }
}
