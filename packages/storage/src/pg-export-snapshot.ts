import type { Kysely } from "kysely";
import pg from "pg";
import { pgPoolOf } from "./database.js";
import type { TaskRange } from "./ranges-in-order.js";
import type { PgConnectionSettings } from "./repositories/export-range-readers.js";
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
  /**
   * The project's task ids cut into ranges of `size` tasks, in order, as the snapshot sees them,
   * each read when asked for as one range of the index of task ids (`PG_NEXT_RANGE`): numbering
   * every id of a project in one statement took seconds before the first reader could start.
   */
  ranges(): AsyncGenerator<TaskRange>;
  /** Whether the project has more than `count` tasks. */
  hasMoreTasksThan(count: number): Promise<boolean>;
  close(): Promise<void>;
}

/** The next range of a project's task ids after `$2`, at most `$3` of them: none when `tasks` is 0. */
export const PG_NEXT_RANGE = `select min(id) as first, max(id) as last, count(*)::int as tasks
  from (select id from tasks where project_id = $1 and id > $2 order by id limit $3) ids`;

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
    return {
      settings,
      snapshot: exported.rows[0]!.snapshot,
      async *ranges() {
        let after = 0;
        for (;;) {
          const { rows } = await client.query<TaskRange & { tasks: number }>(PG_NEXT_RANGE, [projectId, after, size]);
          const range = rows[0]!;
          if (range.tasks === 0) return;
          yield { first: range.first, last: range.last };
          if (range.tasks < size) return;
          after = range.last;
        }
      },
      async hasMoreTasksThan(count) {
        const { rows } = await client.query(
          "select id from tasks where project_id = $1 order by id limit 1 offset $2",
          [projectId, count],
        );
        return rows.length > 0;
      },
      close: async () => {
        await client.end();
      },
    };
  } catch (error) {
    await client.end();
    throw error;
  }
}
