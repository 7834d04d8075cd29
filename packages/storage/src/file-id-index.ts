import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EarlierId, type ImportPlace, placeOf } from "@quorum/core";
import SQLite from "better-sqlite3";

/** Pages kept in memory, for the table and for sorting it (KiB); the rest stays on disk. */
const CACHE_KIB = 16 * 1024;
/** Rows appended by one statement (a quarter cheaper than one JSON array of them through `json_each`). */
const APPEND_ROWS = 100;
/** Rows read back at a time. */
const PAGE = 2000;

/**
 * A task of the file with an id: its place among the file's tasks (0, 1, ...; several tasks may
 * share a line), its line (and item, in a Label Studio array), its id, and the project's task
 * holding that id when it was read.
 */
export interface IdAtLine extends ImportPlace {
  ordinal: number;
  id: string;
  storedTask?: number | undefined;
}

/** A task of the file whose id was seen before: in an earlier task of the file or in a task of the project. */
export interface DuplicateAt extends ImportPlace {
  ordinal: number;
  id: string;
  earlier: EarlierId;
}

/**
 * The ids of one import file, kept in a scratch SQLite database on disk rather than in memory, so
 * that ten million ids cost the same few MiB as a thousand. Ids are appended as they are read
 * (in file order: cheap, whatever the ids look like) and compared once at the end with one sort
 * (`findDuplicates`), which SQLite spills to disk when it outgrows its cache; a B-tree kept in id
 * order while reading would cost a random page access per id once it outgrew memory. The database
 * is private to the import and thrown away with it: no journal, no fsync. It is SQLite whatever
 * the project's own database is.
 */
export class FileIdIndex {
  readonly #db: SQLite.Database;
  readonly #appendMany: SQLite.Statement<unknown[]>;
  readonly #appendOne: SQLite.Statement<unknown[]>;
  readonly #leaveOut: SQLite.Statement<[number, number, string]>;

  constructor(directory: string) {
    this.#db = new SQLite(join(directory, "ids.sqlite"));
    // better-sqlite3 opens in defensive mode, which keeps the rollback journal; this file needs none.
    this.#db.unsafeMode(true);
    this.#db.pragma("journal_mode = OFF");
    this.#db.unsafeMode(false);
    this.#db.pragma("synchronous = OFF");
    this.#db.pragma("locking_mode = EXCLUSIVE");
    this.#db.pragma("temp_store = FILE");
    this.#db.pragma(`cache_size = -${CACHE_KIB}`);
    this.#db.exec(`
      create table ids (ordinal integer primary key, line integer not null, item integer, id text not null,
        stored_task integer);
      create table left_out (ordinal integer primary key, line integer not null, item integer, id text not null,
        earlier_line integer, earlier_item integer, stored_task integer);`);
    const append = (rows: number) =>
      this.#db.prepare(
        `insert into ids (ordinal, line, item, id, stored_task) values ${Array(rows).fill("(?, ?, ?, ?, ?)")}`,
      );
    this.#appendMany = append(APPEND_ROWS);
    this.#appendOne = append(1);
    this.#leaveOut = this.#db.prepare("insert or ignore into left_out (ordinal, line, id) values (?, ?, ?)");
  }

  /** Records tasks of the file, in file order. */
  add(items: readonly IdAtLine[]): void {
    let i = 0;
    for (; i + APPEND_ROWS <= items.length; i += APPEND_ROWS) {
      const values: unknown[] = [];
      for (let j = i; j < i + APPEND_ROWS; j++) {
        const { ordinal, line, item, id, storedTask } = items[j]!;
        values.push(ordinal, line, item ?? null, id, storedTask ?? null);
      }
      this.#appendMany.run(values);
    }
    for (; i < items.length; i++) {
      const { ordinal, line, item, id, storedTask } = items[i]!;
      this.#appendOne.run(ordinal, line, item ?? null, id, storedTask ?? null);
    }
  }

  /**
   * The tasks recorded whose id an earlier task of the file holds (the first holder is kept), or,
   * for that first holder, a task of the project; in file order. They are also remembered as left
   * out (`leftOut`). Call once, after the last `add`.
   */
  *findDuplicates(): Generator<DuplicateAt> {
    this.#db.exec(`
      insert into left_out (ordinal, line, item, id, earlier_line, earlier_item, stored_task)
      select ordinal, line, item, id, case when first <> ordinal then first_line end,
        case when first <> ordinal then first_item end, case when first = ordinal then stored_task end
      from (
        select ordinal, line, item, id, stored_task, first_value(ordinal) over holders as first,
          first_value(line) over holders as first_line, first_value(item) over holders as first_item
        from ids window holders as (partition by id order by ordinal))
      where first <> ordinal or stored_task is not null`);
    const page = this.#db.prepare<
      [number, number],
      {
        ordinal: number;
        line: number;
        item: number | null;
        id: string;
        earlier_line: number | null;
        earlier_item: number | null;
        stored_task: number | null;
      }
    >(
      "select ordinal, line, item, id, earlier_line, earlier_item, stored_task from left_out where ordinal > ? order by ordinal limit ?",
    );
    for (const row of paged(page)) {
      const earlier: EarlierId =
        row.earlier_line === null
          ? { kind: "task", taskId: row.stored_task! }
          : { kind: "line", ...placeOf({ line: row.earlier_line, item: row.earlier_item ?? undefined }) };
      yield { ordinal: row.ordinal, ...placeOf({ line: row.line, item: row.item ?? undefined }), id: row.id, earlier };
    }
  }

  /** Leaves out one more task (its id was stored meanwhile); false if it was left out already. */
  leaveOut(ordinal: number, line: number, id: string): boolean {
    return this.#leaveOut.run(ordinal, line, id).changes === 1;
  }

  /** The ordinals of the tasks left out, in order. */
  *leftOut(): Generator<number> {
    const page = this.#db.prepare<[number, number], { ordinal: number }>(
      "select ordinal from left_out where ordinal > ? order by ordinal limit ?",
    );
    for (const row of paged(page)) yield row.ordinal;
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

/**
 * The rows of `page` (ordinal > ?, in ordinal order, limit ?), a page at a time: no statement
 * stays open between pages, so callers may await and use the database meanwhile.
 */
function* paged<R extends { ordinal: number }>(page: SQLite.Statement<[number, number], R>): Generator<R> {
  let after = -1;
  for (;;) {
    const rows = page.all(after, PAGE);
    yield* rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.ordinal;
  }
}

/** Runs `body` with a scratch index of ids in a temporary directory, removed after. */
export async function withScratchIds<T>(body: (ids: FileIdIndex) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), "quorum-import-"));
  const ids = new FileIdIndex(directory);
  try {
    return await body(ids);
  } finally {
    ids.close();
    await rm(directory, { recursive: true, force: true });
  }
}
