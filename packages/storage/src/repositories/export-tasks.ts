import {
  type ExportJudgment,
  type ExportReview,
  type ExportTask,
  isLabelValue,
  REVIEW_SOURCES,
  REVIEW_STATUSES,
  TASK_STATUSES,
  type TaskAggregate,
} from "@quorum/core";
import SQLite from "better-sqlite3";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { sqliteFileOf } from "../database.js";
import type { DB } from "../schema.js";
import { isObject, isTaskAggregate, oneOf, parseJsonColumn, parseNullableJsonColumn } from "./json-column.js";
import { binaryCopyColumns, binaryCopyRows, sqlInteger } from "./pg-binary-copy.js";

const readStatus = oneOf(TASK_STATUSES, "tasks.status");
const readReviewStatus = oneOf(REVIEW_STATUSES, "review_items.status");
const readReviewSource = oneOf(REVIEW_SOURCES, "review_items.source");

/** Tasks per page: two statements per page, each over an index range. */
const PAGE_SIZE = 1000;

/** A task row as [id, external_id, data, gold, aggregate, confidence, status, required]. */
type TaskTuple = [number, string | null, string, string | null, string | null, number | null, string, number];
/** PostgreSQL's task row: a task tuple, then its review's status, source, reviewer_id, reviewed_at (null without one). */
type PgTaskTuple = [...TaskTuple, string | null, string | null, number | null, number | null];
/** A task row with more columns after those (PostgreSQL's, with its review joined in). */
type TaskRow = [...TaskTuple, ...(string | number | null)[]];
/** A judgment row as [id, task_id, annotator_id, value, guideline_version, active_ms, created_at]. */
type JudgmentTuple = [number, number, number, string, number, number, number];
/**
 * A review item as [task_id, status, source, reviewer_id, reviewed_at], the items of a range in
 * task order, each task's exported one (`ExportReview`) first.
 */
type ReviewTuple = [number, string, string, number | null, number | null];

interface PageReader {
  tasks(after: number): Promise<TaskTuple[]> | TaskTuple[];
  judgments(first: number, last: number): Promise<JudgmentTuple[]> | JudgmentTuple[];
  reviews(first: number, last: number): Promise<ReviewTuple[]> | ReviewTuple[];
  close(): void;
}

/**
 * Every task of a project with its judgments and aggregate, in task order, read a page at a
 * time (keyset on the primary key; the judgments of a page as one index range), so memory stays
 * flat however large the project is. Each task carries the stored JSON text of its data, gold
 * and values, so a JSONL export writes them without parsing; `data` and `gold` are parsed (and
 * checked) only when something reads them.
 */
export async function* streamProjectTasks(
  db: Kysely<DB>,
  projectId: number,
  options: { onlyLabeled?: boolean; pageSize?: number } = {},
): AsyncGenerator<ExportTask> {
  for await (const page of streamProjectTaskPages(db, projectId, options)) yield* page;
}

/** `streamProjectTasks` a page at a time (for renderers that take a page in one loop). */
export async function* streamProjectTaskPages(
  db: Kysely<DB>,
  projectId: number,
  options: { onlyLabeled?: boolean; pageSize?: number } = {},
): AsyncGenerator<ExportTask[]> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const reader = pageReader(db, { projectId, onlyLabeled: options.onlyLabeled === true, pageSize });
  try {
    let after = 0;
    for (;;) {
      const tasks = await reader.tasks(after);
      if (tasks.length === 0) return;
      const first = tasks[0]![0];
      after = tasks[tasks.length - 1]![0];
      const judgments = await reader.judgments(first, after);
      yield [...withJudgments(tasks, judgments, await reader.reviews(first, after))];
      if (tasks.length < pageSize) return;
    }
  } finally {
    reader.close();
  }
}

/** Task rows with their judgments and review items (all in task order) as export tasks. */
function* withJudgments(tasks: TaskRow[], judgments: JudgmentTuple[], reviews: ReviewTuple[]): Generator<ExportTask> {
  let next = 0;
  let nextReview = 0;
  for (const row of tasks) {
    const own: ExportJudgment[] = [];
    while (next < judgments.length && judgments[next]![1] === row[0]) own.push(toExportJudgment(judgments[next++]!));
    // Items of tasks left out (onlyLabeled) are passed over; a task's first item is its own.
    while (nextReview < reviews.length && reviews[nextReview]![0] < row[0]) nextReview++;
    let review: ExportReview | null = null;
    if (nextReview < reviews.length && reviews[nextReview]![0] === row[0])
      review = toExportReview(reviews[nextReview]!);
    yield toExportTask(row, own, review);
  }
}

/**
 * SQLite only: reads the tasks of one project whose ids lie in a range, with their judgments,
 * through a read-only connection of its own (synchronous: for a worker thread that renders part
 * of an export, see `export-text.ts`).
 */
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
    this.#connection = openReadOnly(file, 8192);
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

const TASK_COLUMNS = "id, external_id, data, gold, aggregate, confidence, status, required";
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

function openReadOnly(file: string, cacheKib = 65_536): SQLite.Database {
  const connection = new SQLite(file, { readonly: true, fileMustExist: true });
  connection.pragma(`cache_size = -${cacheKib}`);
  return connection;
}

function prepareJudgments(connection: SQLite.Database): SQLite.Statement<[number, number, number], JudgmentTuple> {
  return connection
    .prepare<[number, number, number], JudgmentTuple>(
      `select ${JUDGMENT_COLUMNS} from judgments
       where project_id = ? and task_id >= ? and task_id <= ? order by task_id, id`,
    )
    .raw(true);
}

function prepareReviews(connection: SQLite.Database): SQLite.Statement<[number, number, number], ReviewTuple> {
  return connection
    .prepare<[number, number, number], ReviewTuple>(
      `select ${REVIEW_COLUMNS} from review_items
       where project_id = ? and task_id >= ? and task_id <= ? order by ${REVIEW_ORDER}`,
    )
    .raw(true);
}

interface PageQuery {
  projectId: number;
  onlyLabeled: boolean;
  pageSize: number;
}

function pageReader(db: Kysely<DB>, query: PageQuery): PageReader {
  const file = sqliteFileOf(db);
  return file ? sqliteReader(file, query) : kyselyReader(db, query);
}

/**
 * SQLite: a read-only connection of its own, with rows as arrays. Objects per row were 40% of an
 * export's CPU; and the server's connection may be inside another request's transaction, whose
 * uncommitted rows an export must not see.
 */
function sqliteReader(file: string, { projectId, onlyLabeled, pageSize }: PageQuery): PageReader {
  const connection = openReadOnly(file);
  const tasks = connection
    .prepare<[number, number], TaskTuple>(
      `select ${TASK_COLUMNS} from tasks
       where project_id = ? and id > ?${onlyLabeled ? " and judgment_count > 0" : ""} order by id limit ${pageSize}`,
    )
    .raw(true);
  const judgments = prepareJudgments(connection);
  const reviews = prepareReviews(connection);
  return {
    tasks: (after) => tasks.all(projectId, after),
    judgments: (first, last) => judgments.all(projectId, first, last),
    reviews: (first, last) => reviews.all(projectId, first, last),
    close: () => connection.close(),
  };
}

function kyselyReader(db: Kysely<DB>, { projectId, onlyLabeled, pageSize }: PageQuery): PageReader {
  return {
    async tasks(after) {
      let query = db
        .selectFrom("tasks")
        .select(["id", "external_id", "data", "gold", "aggregate", "confidence", "status", "required"])
        .where("project_id", "=", projectId)
        .where("id", ">", after)
        .orderBy("id")
        .limit(pageSize);
      if (onlyLabeled) query = query.where("judgment_count", ">", 0);
      const rows = await query.execute();
      return rows.map(
        (r): TaskTuple => [r.id, r.external_id, r.data, r.gold, r.aggregate, r.confidence, r.status, r.required],
      );
    },
    async judgments(first, last) {
      const rows = await db
        .selectFrom("judgments")
        .select(["id", "task_id", "annotator_id", "value", "guideline_version", "active_ms", "created_at"])
        .where("project_id", "=", projectId)
        .where("task_id", ">=", first)
        .where("task_id", "<=", last)
        .orderBy("task_id")
        .orderBy("id")
        .execute();
      return rows.map(
        (r): JudgmentTuple => [
          r.id,
          r.task_id,
          r.annotator_id,
          r.value,
          r.guideline_version,
          r.active_ms,
          r.created_at,
        ],
      );
    },
    async reviews(first, last) {
      const rows = await db
        .selectFrom("review_items")
        .select(["task_id", "status", "source", "reviewer_id", "reviewed_at"])
        .where("project_id", "=", projectId)
        .where("task_id", ">=", first)
        .where("task_id", "<=", last)
        .orderBy(sql.raw(REVIEW_ORDER))
        .execute();
      return rows.map((r): ReviewTuple => [r.task_id, r.status, r.source, r.reviewer_id, r.reviewed_at]);
    },
    close() {},
  };
}

function toExportTask(row: TaskRow, judgments: ExportJudgment[], review: ExportReview | null): ExportTask {
  const aggregate = row[4] === null ? null : parsedAggregate(row[4]);
  const label = aggregate ? { value: aggregate.value, confidence: row[5] ?? 0, method: aggregate.method } : null;
  return new StoredTask(row, label, judgments, review);
}

/** A review item as exported: a pending one names no reviewer or time (a claim is no verdict). */
function toExportReview(row: ReviewTuple): ExportReview {
  const status = readReviewStatus(row[1]);
  const pending = status === "pending";
  return {
    status,
    source: readReviewSource(row[2]),
    reviewerId: pending || row[3] === null ? null : String(row[3]),
    reviewedAt: pending ? null : row[4],
  };
}

/**
 * Stored aggregates, parsed and checked once per distinct text: most tasks share one of a few
 * (`{"value":2,"method":"majority"}`). At most `AGGREGATES_KEPT`, all forgotten when full. The
 * parsed values are shared between tasks, so nothing may change them.
 */
const AGGREGATES_KEPT = 4096;
let aggregates = new Map<string, TaskAggregate>();
function parsedAggregate(text: string): TaskAggregate {
  let aggregate = aggregates.get(text);
  if (aggregate === undefined) {
    aggregate = parseJsonColumn(text, "tasks.aggregate", isTaskAggregate);
    if (aggregates.size >= AGGREGATES_KEPT) aggregates = new Map();
    aggregates.set(text, aggregate);
  }
  return aggregate;
}

function toExportJudgment(row: JudgmentTuple): ExportJudgment {
  return new StoredJudgment(row);
}

/**
 * A task as stored, its JSON parsed (and checked) only when read. A class rather than object
 * literals with getters: those made a closure per task, and the garbage collector a quarter of
 * the export's CPU.
 */
class StoredTask implements ExportTask {
  readonly id: number;
  readonly externalId: string | null;
  readonly dataJson: string;
  readonly goldJson: string | null;
  readonly status: ExportTask["status"];
  readonly required: number;
  #data: Record<string, unknown> | undefined;
  #gold: ExportTask["gold"] | undefined;

  constructor(
    row: TaskRow,
    readonly aggregate: ExportTask["aggregate"],
    readonly judgments: ExportJudgment[],
    readonly review: ExportReview | null,
  ) {
    this.id = row[0];
    this.externalId = row[1];
    this.dataJson = row[2];
    this.goldJson = row[3];
    this.status = readStatus(row[6]);
    this.required = row[7];
  }

  get data(): Record<string, unknown> {
    this.#data ??= parseJsonColumn(this.dataJson, "tasks.data", isObject);
    return this.#data;
  }

  get gold(): ExportTask["gold"] {
    if (this.#gold === undefined) this.#gold = parseNullableJsonColumn(this.goldJson, "tasks.gold", isLabelValue);
    return this.#gold;
  }
}

class StoredJudgment implements ExportJudgment {
  readonly id: number;
  readonly annotatorId: string;
  readonly valueJson: string;
  readonly guidelineVersion: number;
  readonly activeMs: number;
  readonly createdAt: number;
  #value: ExportJudgment["value"] | undefined;

  constructor(row: JudgmentTuple) {
    this.id = row[0];
    this.annotatorId = String(row[2]);
    this.valueJson = row[3];
    this.guidelineVersion = row[4];
    this.activeMs = row[5];
    this.createdAt = row[6];
  }

  get value(): ExportJudgment["value"] {
    this.#value ??= parseJsonColumn(this.valueJson, "judgments.value", isLabelValue);
    return this.#value;
  }
}
