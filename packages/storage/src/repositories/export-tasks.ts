import type { ExportTask } from "@quorum/core";
import { type Kysely, sql } from "kysely";
import { sqliteFileOf } from "../database.js";
import type { DB } from "../schema.js";
import { openReadOnly, prepareJudgments, prepareReviews, REVIEW_ORDER, TASK_COLUMNS } from "./export-range-readers.js";
import { type JudgmentTuple, type ReviewTuple, type TaskTuple, withJudgments } from "./export-task-rows.js";

export {
  connectInSnapshot,
  type PgConnectionSettings,
  PgTaskRangeReader,
  pgExportedReviews,
  REVIEW_ORDER,
  SqliteTaskRangeReader,
} from "./export-range-readers.js";

/** Tasks per page: two statements per page, each over an index range. */
const PAGE_SIZE = 1000;

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
