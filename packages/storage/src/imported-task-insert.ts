import type SQLite from "better-sqlite3";
import { NEW_TASK_OWN_COLUMNS, NEW_TASK_SHARED_COLUMNS, type NewTaskShared } from "./repositories/task-rows.js";

/** Distinct chunk sizes kept prepared: an import sends full chunks and one last, shorter one. */
const KEPT = 4;

/**
 * SQLite: inserts the checked tasks of one import, `count` at a time, their own values
 * (`NEW_TASK_OWN_COLUMNS` per row, one after another) bound and the values every task of the
 * import shares written once into the statement's text, on the raw connection with a statement
 * prepared once per chunk size. The same rows as `insertValues` with `NEW_TASK_COLUMNS`, with
 * about a third of the values to bind and none of Kysely's work per chunk; run it inside the
 * import's transaction (the connection is the one Kysely holds for it), which a failure rolls back.
 *
 * `or fail`: a multi-row insert that may abort part-way keeps a statement journal, a copy of every
 * page it changes that existed before it began (here the last pages of the table and of each
 * index, again for every chunk): 14% of this thread's time in a 1M-task import. On a failure the
 * rows this statement already wrote stay until the caller's rollback, which the import always does.
 */
export function importedTaskInsert(
  sqlite: SQLite.Database,
  shared: NewTaskShared,
): (count: number, values: unknown[]) => void {
  // Only integers go into the text, and each is checked to be one: nothing here can break out of it.
  const literals = NEW_TASK_SHARED_COLUMNS.map((column) => {
    const value = shared[column];
    if (!Number.isSafeInteger(value)) throw new Error(`${column} must be an integer, not ${value}`);
    return String(value);
  });
  const columns = [...NEW_TASK_SHARED_COLUMNS, ...NEW_TASK_OWN_COLUMNS].map((column) => `"${column}"`).join(", ");
  const row = `(${[...literals, ...NEW_TASK_OWN_COLUMNS.map(() => "?")].join(", ")})`;
  const statements = new Map<number, SQLite.Statement<unknown[]>>();
  return (count, values) => {
    if (count === 0) return;
    if (values.length !== count * NEW_TASK_OWN_COLUMNS.length) throw new Error("one value per own column of each task");
    let statement = statements.get(count);
    if (!statement) {
      if (statements.size >= KEPT) statements.clear();
      statement = sqlite.prepare(
        `insert or fail into "tasks" (${columns}) values ${Array(count).fill(row).join(", ")}`,
      );
      statements.set(count, statement);
    }
    statement.run(values);
  };
}
