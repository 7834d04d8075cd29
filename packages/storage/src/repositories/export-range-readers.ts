/**
 * The range readers of an export's worker threads (see `export-worker.ts`): the tasks of one
 * project whose ids lie in a range, read through a connection of the worker's own. Like
 * `export-task-rows.ts` this imports no query builder and nothing else of storage: a worker holds
 * every module it loads in a heap of its own (the whole of storage and core, about 8 MiB of heap
 * more per worker).
 */

import type { ExportTask } from "@quorum/core";
import SQLite from "better-sqlite3";
import pg from "pg";
import {
  type JudgmentTuple,
  type PgTaskTuple,
  type ReviewTuple,
  type TaskTuple,
  withJudgments,
} from "./export-task-rows.js";
import { binaryCopyColumns, binaryCopyRows, sqlInteger } from "./pg-binary-copy.js";

/**
 * SQLite only: reads the tasks of one project whose ids lie in a range, with their judgments,
 * through a read-only connection of its own (synchronous: for a worker thread that renders part
 * of an export, see `export-text.ts`).
 */
/**
 * A worker's SQLite page cache: the interior pages of the two indexes a range walks, and its
 * leaves once. 8 MiB per worker was about 14 MiB of peak RSS each (the cache is allocated a page
 * at a time, so freed pages fragment the thread's heap) for no CPU saved.
 */
const WORKER_CACHE_KIB = 2048;

export class SqliteTaskRangeReader {
  readonly #connection: SQLite.Database;
  readonly #tasks: SQLite.Statement<[number, number, number], TaskTuple>;
  readonly #judgments: SQLite.Statement<[number, number, number], JudgmentTuple>;
  readonly #reviews: SQLite.Statement<[number, number, number], ReviewTuple>;

  constructor(
    file: string,
    readonly projectId: number,
    onlyLabeled: boolean,
  ) {
    // Each range is read once, in order: a small cache is enough, and each worker has its own.
    this.#connection = openReadOnly(file, WORKER_CACHE_KIB);
    this.#tasks = this.#connection
      .prepare<[number, number, number], TaskTuple>(
        `select ${TASK_COLUMNS} from tasks
         where project_id = ? and id >= ? and id <= ?${onlyLabeled ? " and judgment_count > 0" : ""} order by id`,
      )
      .raw(true);
    this.#judgments = prepareJudgments(this.#connection);
    this.#reviews = prepareReviews(this.#connection);
  }

  /** The tasks with `first <= id <= last`, in id order. */
  *tasks(first: number, last: number): Generator<ExportTask> {
    const tasks = this.#tasks.all(this.projectId, first, last);
    if (tasks.length === 0) return;
    const judgments = this.#judgments.all(this.projectId, first, last);
    yield* withJudgments(tasks, judgments, this.#reviews.all(this.projectId, first, last));
  }

  close(): void {
    this.#connection.close();
  }
}

/** How a worker thread connects to PostgreSQL: the server's pool's settings, without the pool. */
export interface PgConnectionSettings {
  connectionString?: string | undefined;
  /** Server options, e.g. `-c search_path=...` for a schema. */
  options?: string | undefined;
}

/**
 * A connection of its own in an export's snapshot (see `pg-export-snapshot.ts`): a read-only
 * repeatable-read transaction importing it, so that every reader of one export sees the same data.
 */
export async function connectInSnapshot(settings: PgConnectionSettings, snapshot: string): Promise<pg.Client> {
  if (!/^[0-9A-F-]+$/.test(snapshot)) throw new Error(`not a snapshot id: ${snapshot}`);
  const client = new pg.Client(settings);
  await client.connect();
  try {
    await client.query("begin isolation level repeatable read read only");
    await client.query(`set transaction snapshot '${snapshot}'`);
  } catch (error) {
    await client.end();
    throw error;
  }
  return client;
}

/**
 * PostgreSQL: reads the tasks of one project whose ids lie in a range, each with its exported
 * review item joined in, then their judgments, as two binary COPYs (see `pg-binary-copy.ts`): the
 * driver's rows were most of a CSV export's CPU.
 */
export class PgTaskRangeReader {
  readonly #client: pg.Client;
  readonly #onlyLabeled: string;

  constructor(
    client: pg.Client,
    readonly projectId: number,
    onlyLabeled: boolean,
  ) {
    this.#client = client;
    this.#onlyLabeled = onlyLabeled ? " and t.judgment_count > 0" : "";
  }

  /** The tasks with `first <= id <= last`, in id order. */
  async tasks(first: number, last: number): Promise<Iterable<ExportTask>> {
    const [project, from, to] = [this.projectId, first, last].map(sqlInteger);
    const tasks = await binaryCopyRows<PgTaskTuple>(
      this.#client,
      `select ${PG_TASK_READ.select} from tasks t
       left join (${pgExportedReviews(this.projectId, first, last)}) r on r.task_id = t.id
       where t.project_id = ${project} and t.id >= ${from} and t.id <= ${to}${this.#onlyLabeled} order by t.id`,
      PG_TASK_READ.types,
    );
    if (tasks.length === 0) return [];
    const reviews: ReviewTuple[] = [];
    for (const row of tasks) if (row[8] !== null) reviews.push([row[0], row[8], row[9]!, row[10], row[11]]);
    const judgments = await binaryCopyRows<JudgmentTuple>(
      this.#client,
      `select ${PG_JUDGMENT_READ.select} from judgments
       where project_id = ${project} and task_id >= ${from} and task_id <= ${to} order by task_id, id`,
      PG_JUDGMENT_READ.types,
    );
    return withJudgments(tasks, judgments, reviews);
  }
}

export const TASK_COLUMNS = "id, external_id, data, gold, aggregate, confidence, status, required";
const JUDGMENT_COLUMNS = "id, task_id, annotator_id, value, guideline_version, active_ms, created_at";
const REVIEW_COLUMNS = "task_id, status, source, reviewer_id, reviewed_at";
/**
 * A task's exported review first (see `ExportReview`): decided before pending, then the latest
 * verdict, then the latest item. Read through the index `review_items_task`.
 */
export const REVIEW_ORDER = "task_id, status = 'pending', reviewed_at desc, id desc";

/**
 * PostgreSQL: each task's exported review item (`REVIEW_ORDER`'s first) among the tasks with ids
 * in a range, as a subquery to join to them: one range of `review_items_task` per range of tasks.
 */
export function pgExportedReviews(projectId: number, first: number, last: number): string {
  const [project, from, to] = [projectId, first, last].map(sqlInteger);
  return `select distinct on (task_id) ${REVIEW_COLUMNS} from review_items
    where project_id = ${project} and task_id >= ${from} and task_id <= ${to} order by ${REVIEW_ORDER}`;
}

/** Each column with the type the binary COPY is decoded as, cast to it (a no-op for the stored types). */
const PG_TASK_READ = binaryCopyColumns({
  "t.id": "int8",
  "t.external_id": "text",
  "t.data": "text",
  "t.gold": "text",
  "t.aggregate": "text",
  "t.confidence": "float8",
  "t.status": "text",
  "t.required": "int4",
  "r.status": "text",
  "r.source": "text",
  "r.reviewer_id": "int8",
  "r.reviewed_at": "int8",
});
const PG_JUDGMENT_READ = binaryCopyColumns({
  id: "int8",
  task_id: "int8",
  annotator_id: "int8",
  value: "text",
  guideline_version: "int4",
  active_ms: "int4",
  created_at: "int8",
});

export function openReadOnly(file: string, cacheKib = 65_536): SQLite.Database {
  const connection = new SQLite(file, { readonly: true, fileMustExist: true });
  connection.pragma(`cache_size = -${cacheKib}`);
  return connection;
}

export function prepareJudgments(
  connection: SQLite.Database,
): SQLite.Statement<[number, number, number], JudgmentTuple> {
  return connection
    .prepare<[number, number, number], JudgmentTuple>(
      `select ${JUDGMENT_COLUMNS} from judgments
       where project_id = ? and task_id >= ? and task_id <= ? order by task_id, id`,
    )
    .raw(true);
}

export function prepareReviews(connection: SQLite.Database): SQLite.Statement<[number, number, number], ReviewTuple> {
  return connection
    .prepare<[number, number, number], ReviewTuple>(
      `select ${REVIEW_COLUMNS} from review_items
       where project_id = ? and task_id >= ? and task_id <= ? order by ${REVIEW_ORDER}`,
    )
    .raw(true);
}
