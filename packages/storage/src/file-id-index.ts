import { join } from "node:path";
import SQLite from "better-sqlite3";

/** Pages of the index kept in memory (KiB); the rest stays on disk, in the OS's file cache. */
const CACHE_KIB = 16 * 1024;

/**
 * The ids met so far in one import file, each with the line of its first task, kept in a
 * scratch SQLite database on disk (a primary key on the id) rather than in memory: an import
 * of ten million ids costs the same few MiB of memory as one of a thousand. The database is
 * private to this import and thrown away with it, so it is written without journal or fsync.
 * SQLite is used whatever the project's own database is.
 */
export class FileIdIndex {
  readonly #db: SQLite.Database;
  readonly #insert: SQLite.Statement<[string, number]>;
  readonly #earlier: SQLite.Statement<[string], { line: number }>;
  readonly #claimAll: (items: readonly IdAtLine[]) => (number | undefined)[];

  constructor(directory: string) {
    this.#db = new SQLite(join(directory, "ids.sqlite"));
    this.#db.pragma("journal_mode = OFF");
    this.#db.pragma("synchronous = OFF");
    this.#db.pragma("locking_mode = EXCLUSIVE");
    this.#db.pragma(`cache_size = -${CACHE_KIB}`);
    this.#db.exec("create table ids (id text primary key, line integer not null) without rowid");
    this.#insert = this.#db.prepare("insert into ids (id, line) values (?, ?) on conflict do nothing");
    this.#earlier = this.#db.prepare("select line from ids where id = ?");
    this.#claimAll = this.#db.transaction((items: readonly IdAtLine[]) =>
      items.map(({ id, line }) => {
        if (this.#insert.run(id, line).changes === 1) return undefined;
        return this.#earlier.get(id)!.line;
      }),
    );
  }

  /**
   * For each id in order: the earlier line holding it, or undefined (and the id is now taken by
   * its line). One transaction for the lot, so pass them a chunk at a time.
   */
  claim(items: readonly IdAtLine[]): (number | undefined)[] {
    return items.length === 0 ? [] : this.#claimAll(items);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

export interface IdAtLine {
  id: string;
  line: number;
}
