import {
  batchDefaults,
  type DomainError,
  type DuplicatePolicy,
  duplicateOutcome,
  type HarmMark,
  type ImportFormat,
  type ImportIssue,
  type ImportItem,
  type ImportPlace,
  ImportRejected,
  invalidInput,
  isHarmCategory,
  MAX_LISTED_ERRORS,
  type Project,
  placeOf,
  projectIsHarmful,
  SkippedList,
  type SkippedTask,
} from "@quorum/core";
import { type Insertable, type Kysely, PostgresAdapter, sql } from "kysely";
import { insertRows } from "../bulk-insert.js";
import { pgPoolOf, sqliteHandleOf } from "../database.js";
import { FileIdIndex, withScratchIds } from "../file-id-index.js";
import { importReaderFile, type ReaderDone, type ReaderRows, readInWorker } from "../import-reader.js";
import { importedTaskInsert } from "../imported-task-insert.js";
import { inClientTransaction } from "../pg-copy.js";
import { copyCheckedTasks, copyNewTasks } from "../pg-copy-tasks.js";
import { refreshPlannerStatistics } from "../planner-statistics.js";
import { insertBatch, latestBatchId, setBatchTaskCount } from "../repositories/batches.js";
import { insertCountingOnce } from "../repositories/import-task-counters.js";
import { addHarmMarks, forgetProject } from "../repositories/projects.js";
import {
  projectHasExternalIds,
  projectRepeatsExternalIds,
  projectRepeatsExternalIdsAmong,
  tasksWithExternalIds,
} from "../repositories/task-external-ids.js";
import { NEW_TASK_COLUMNS, type NewTaskShared, newTaskShared } from "../repositories/task-rows.js";
import type { DB, TasksTable } from "../schema.js";
import { StagingFile } from "../staging-file.js";
import { writeAudit } from "../transaction.js";
import { STAGE_CHUNK, type StagedTask, stagedTaskCodec, stageImport } from "./stage-import.js";
import { assignQueueArmsToBatch } from "./start-experiment.js";

/** What the streaming parsers of `@quorum/core` (`parseTasks`) yield: a task, or a problem on a line. */
export type ImportRecord = ImportItem;

export interface ImportOptions {
  project: Project;
  records: AsyncIterable<ImportItem>;
  batchName: string;
  batchPriority?: number;
  batchDeadline?: number | null;
  /** Tasks whose id repeats a line of the file or a task of the project: refuse the file (default) or skip them. */
  duplicates?: DuplicatePolicy;
  actorId: number;
  now: number;
  /**
   * The records come from a file on local disk (read at disk speed, not at an uploader's pace):
   * on PostgreSQL, read, check and COPY them in one transaction, with no staging file in between,
   * so that the database inserts while this process reads, when the duplicate policy is `reject`
   * and the project holds no task with an id yet (its first import, the usual large one);
   * otherwise as without it. The transaction holds a connection for the whole read; any problem
   * rolls all of it back. SQLite inserts in this thread, so nothing would overlap (measured: no
   * less CPU), and its writer would be held for the whole read: it stages as without it.
   */
  writeWhileReading?: boolean;
  /**
   * The records are this file's on local disk (implies `writeWhileReading`). Under the conditions
   * of PostgreSQL's one step (duplicates refused, the project's first tasks with ids), a worker
   * thread reads and checks the file while this thread writes, in one transaction that holds the
   * connection (SQLite's writer) for the whole read: SQLite inserts here, PostgreSQL's COPY gets
   * the text the worker renders. `records` is left unread and `onBytes` hears how many bytes were
   * read. A problem (a bad line, or an id that repeats, found once the file is written with one
   * read of the project's ids, instead of keeping every id of the file aside) rolls it all back,
   * and `records` are then read as without it, to list the problems as that does. Otherwise
   * `records` are read as without it.
   */
  localFile?: { path: string; format: ImportFormat; onBytes?: (bytes: number) => void };
}

export interface ImportResult {
  imported: number;
  batchId: number;
  /** Tasks left out as duplicates (policy `skip`): the first `MAX_LISTED_ERRORS`, and how many in all. */
  skipped: SkippedTask[];
  skippedCount: number;
}

/** PostgreSQL plans the queue from table statistics, stale after a large import until autovacuum catches up. */
const ANALYZE_AFTER = 10_000;
/** First key of the advisory lock that lets one import of a project write at a time (PostgreSQL). */
const IMPORT_LOCK = 0x71696d70;

/**
 * Imports tasks into a new batch, all or nothing. Each task is checked (up to
 * `MAX_LISTED_ERRORS` problems by line and field, then `ImportRejected` and nothing written).
 * By default in two steps, so that a slow upload holds no connection: the file is read and
 * checked into a temporary staging file first (`stageImport`), then the staged tasks are written
 * in one short transaction, where ids are checked again against tasks that a concurrent import
 * stored meanwhile. With `writeWhileReading` (see `ImportOptions`), when it applies, in one step
 * on PostgreSQL, the COPY under way while the file is read.
 */
export async function importTasks(db: Kysely<DB>, options: ImportOptions): Promise<ImportResult> {
  const duplicates = options.duplicates ?? "reject";
  const sqlite = pgPoolOf(db) === undefined;
  // SQLite writes while reading only through the reader worker (see `localFile`), on its own connection.
  const worker = options.localFile && (!sqlite || sqliteHandleOf(db)) ? importReaderFile() : undefined;
  const whileReading =
    duplicates === "reject" &&
    (sqlite ? worker !== undefined : Boolean(options.writeWhileReading || options.localFile));
  const result =
    (whileReading ? await importWhileReading(db, options, worker) : undefined) ??
    (await importStaged(db, options, duplicates));
  const { harmMarks, ...imported } = result;
  if (harmMarks.size > 0) forgetProject(db, options.project.id);
  // Refresh the statistics now, or the lease query may pick a scan meanwhile.
  if (imported.imported >= ANALYZE_AFTER) await refreshPlannerStatistics(db, ["tasks"]);
  return imported;
}

type Imported = ImportResult & { harmMarks: ReadonlySet<HarmMark> };

async function importStaged(db: Kysely<DB>, options: ImportOptions, duplicates: DuplicatePolicy): Promise<Imported> {
  const { project, now } = options;
  const skipped = new SkippedList(MAX_LISTED_ERRORS);
  const file = await StagingFile.create("quorum-import-", stagedTaskCodec(project.id, now));
  let ids: FileIdIndex | undefined;
  try {
    ids = new FileIdIndex(file.directory);
    const latestBatch = await latestBatchId(db, project.id);
    const stage = {
      projectId: project.id,
      lookUpStored: await projectHasExternalIds(db, project.id),
      records: options.records,
      defaults: defaultsOf(options),
      duplicates,
      now,
    };
    const issues = await stageImport(db, stage, file, ids, skipped);
    if (issues.length > 0) throw new ImportRejected(issues);
    if (file.count === skipped.count) throw nothingToImport(skipped);
    const staged = { file, ids, latestBatch };
    return await inWriteTransaction(db, project.id, (trx, writing) =>
      writeStaged(trx, writing.rows, options, duplicates, staged, skipped),
    );
  } finally {
    ids?.close();
    await file.remove();
  }
}

/**
 * Reads, checks and writes the file in one transaction, without a staging file, so that the
 * COPY runs while the file is read and checked (PostgreSQL), or, with a reader `worker` (a local
 * file), so that the file is read and checked in that thread while this one writes. Undefined,
 * with nothing read, when the project already holds tasks with ids: those are looked up while
 * reading, which a COPY in progress on the transaction's connection does not allow.
 */
async function importWhileReading(
  db: Kysely<DB>,
  options: ImportOptions,
  worker: URL | undefined,
): Promise<Imported | undefined> {
  try {
    return await writeWhileReading(db, options, worker);
  } catch (error) {
    if (error === RESTAGE) return undefined;
    throw error;
  }
}

/** Thrown to roll back a write while reading whose problems the staged path is to list. */
const RESTAGE = new Error("restage");

async function writeWhileReading(
  db: Kysely<DB>,
  options: ImportOptions,
  worker: URL | undefined,
): Promise<Imported | undefined> {
  const { project, now } = options;
  const file = options.localFile;
  return inWriteTransaction(db, project.id, async (trx, writers) => {
    await lockImports(trx, project.id);
    if (await projectHasExternalIds(trx, project.id)) return undefined;
    const skipped = new SkippedList(MAX_LISTED_ERRORS);
    const batchId = await insertNewBatch(trx, options);
    const harmMarks = new Set<HarmMark>();
    const defaults = defaultsOf(options);
    let imported = 0;
    let issues: ImportIssue[];
    if (worker && file) {
      // This thread only writes what the worker has checked.
      const { path, format, onBytes } = file;
      const data = { path, format, schema: project.schema, projectId: project.id, defaults, now };
      const done = await writers.checked(newTaskShared(project.id, batchId, now), (copyShared, write) =>
        readInWorker(
          worker,
          { ...data, ...(copyShared ? { copyShared } : {}) },
          (rows) => {
            imported += rows.count;
            return write(rows);
          },
          onBytes,
        ),
      );
      for (const mark of done.harmMarks) harmMarks.add(mark);
      // The worker only names the ids that may repeat, and lists problems without them: on any
      // problem, roll back and let the staged path list them all, in line order, as it does.
      if (done.issues.length > 0 || (await repeatsAmongWritten(trx, project.id, done.repeatSuspects))) throw RESTAGE;
      issues = done.issues;
    } else {
      const stage = { projectId: project.id, lookUpStored: false, records: options.records, defaults, now };
      issues = await writers.rows((write) =>
        withScratchIds((ids) =>
          stageImport(
            trx,
            { ...stage, duplicates: "reject" },
            {
              async write(staged) {
                const rows = staged.map(({ row }) => withBatch(row, batchId, harmMarks));
                await write(rows);
                imported += rows.length;
              },
            },
            ids,
            skipped,
          ),
        ),
      );
    }
    if (issues.length > 0) throw new ImportRejected(issues);
    if (imported === 0) throw nothingToImport(skipped);
    return finishBatch(trx, options, batchId, imported, harmMarks, skipped);
  });
}

/** Whether two tasks of the project share an id, among `suspects` when the reader could name them. */
function repeatsAmongWritten(trx: Kysely<DB>, projectId: number, suspects: string[] | undefined): Promise<boolean> {
  return suspects === undefined
    ? projectRepeatsExternalIds(trx, projectId)
    : projectRepeatsExternalIdsAmong(trx, projectId, suspects);
}

function defaultsOf(options: ImportOptions) {
  return batchDefaults(options.project, { priority: options.batchPriority, deadline: options.batchDeadline });
}

function nothingToImport(skipped: SkippedList): DomainError {
  if (skipped.count === 0) return invalidInput("The file has no tasks; nothing was imported");
  return new ImportRejected(
    skipped.listed.map((s) => ({ ...placeOf(s), path: "id", message: s.reason })),
    `All ${skipped.count} tasks were skipped as duplicates; nothing was imported`,
  );
}

/**
 * Runs `fill` with a function that writes new tasks into the caller's transaction (a COPY on
 * PostgreSQL, prepared multi-row inserts on SQLite); the task counters take them once, at the end.
 */
type TaskWriting = <T>(fill: (write: (rows: Insertable<TasksTable>[]) => Promise<void>) => Promise<T>) => Promise<T>;

/**
 * Runs `read`, a reader worker (`readInWorker`), with the way to write the checked rows it posts
 * (tasks sharing `shared`) into the caller's transaction, asking it for COPY text rendered after
 * `copyShared` (PostgreSQL) or for values (SQLite); the counters take them once, from the tally
 * the worker ends with.
 */
type CheckedWriting = (
  shared: NewTaskShared,
  read: (
    copyShared: NewTaskShared | undefined,
    write: (rows: ReaderRows) => void | Promise<void>,
  ) => Promise<ReaderDone>,
) => Promise<ReaderDone>;

/** Runs `body` in one write transaction, with the ways to write new tasks of `projectId` in it. */
async function inWriteTransaction<T>(
  db: Kysely<DB>,
  projectId: number,
  body: (trx: Kysely<DB>, writers: { rows: TaskWriting; checked: CheckedWriting }) => Promise<T>,
): Promise<T> {
  const pool = pgPoolOf(db);
  if (pool)
    return inClientTransaction(pool, (trx, client) =>
      body(trx, {
        rows: (fill) => copyNewTasks(client, fill),
        checked: (shared, read) =>
          copyCheckedTasks(client, projectId, (write) =>
            read(shared, (rows) => {
              if (rows.kind !== "copy") throw new Error("the reader was to post COPY text");
              return write(rows.text);
            }),
          ),
      }),
    );
  return db.transaction().execute((trx) =>
    body(trx, {
      rows: (fill) =>
        insertCountingOnce(trx, projectId, (tally) =>
          fill(async (rows) => {
            await insertRows(trx, "tasks", NEW_TASK_COLUMNS, rows);
            for (const row of rows) tally.add(row);
          }),
        ),
      checked: (shared, read) =>
        insertCountingOnce(trx, projectId, async (tally) => {
          const handle = sqliteHandleOf(db);
          if (!handle) throw new Error("writing a reader's rows needs the SQLite connection");
          const insert = importedTaskInsert(handle, shared);
          const done = await read(undefined, (rows) => {
            if (rows.kind !== "rows") throw new Error("the reader was to post values");
            insert(rows.count, rows.values);
          });
          tally.merge(done.tally);
          return done;
        }),
    }),
  );
}

/** Lets one import of a project write at a time (PostgreSQL; SQLite has one writer anyway). */
async function lockImports(trx: Kysely<DB>, projectId: number): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter)
    await sql`select pg_advisory_xact_lock(${IMPORT_LOCK}, ${projectId}::int)`.execute(trx);
}

function insertNewBatch(trx: Kysely<DB>, options: ImportOptions): Promise<number> {
  return insertBatch(trx, {
    projectId: options.project.id,
    name: options.batchName,
    priority: options.batchPriority ?? 0,
    deadline: options.batchDeadline ?? null,
    createdBy: options.actorId,
    createdAt: options.now,
  });
}

/** `row` placed in the batch, its harm mark added to `harmMarks`. */
function withBatch(row: Insertable<TasksTable>, batchId: number, harmMarks: Set<HarmMark>): Insertable<TasksTable> {
  row.batch_id = batchId;
  harmMarks.add(isHarmCategory(row.harm) ? row.harm : "none");
  return row;
}

async function writeStaged(
  trx: Kysely<DB>,
  writing: TaskWriting,
  options: ImportOptions,
  duplicates: DuplicatePolicy,
  staged: { file: StagingFile<StagedTask>; ids: FileIdIndex; latestBatch: number },
  skipped: SkippedList,
): Promise<Imported> {
  const { file, ids } = staged;
  const { project } = options;
  await lockImports(trx, project.id);
  // Only imports make batches: without a new one, no task was stored since the file was checked.
  if ((await latestBatchId(trx, project.id)) !== staged.latestBatch) {
    const issues: ImportIssue[] = [];
    for await (const late of storedSinceStaging(trx, project.id, file)) {
      if (!ids.leaveOut(late.ordinal, late.place.line, late.id)) continue;
      const outcome = duplicateOutcome(duplicates, late.place, late.id, { kind: "task", taskId: late.taskId });
      if (outcome.kind === "skip") skipped.add(outcome.skipped);
      else if (issues.length < MAX_LISTED_ERRORS) issues.push(outcome.issue);
    }
    if (issues.length > 0) throw new ImportRejected(issues);
  }

  const batchId = await insertNewBatch(trx, options);
  // The marks the project's tasks carry: a lease in a project with none reads no exposure.
  const harmMarks = new Set<HarmMark>();
  const imported = await writing(async (write) => {
    const leftOut = ids.leftOut();
    let nextLeftOut = leftOut.next();
    let ordinal = 0;
    let count = 0;
    for await (const chunk of file.read(STAGE_CHUNK)) {
      const kept: Insertable<TasksTable>[] = [];
      for (const { row } of chunk) {
        if (!nextLeftOut.done && nextLeftOut.value === ordinal++) {
          nextLeftOut = leftOut.next();
          continue;
        }
        kept.push(withBatch(row, batchId, harmMarks));
      }
      await write(kept);
      count += kept.length;
    }
    return count;
  });
  if (imported === 0) throw nothingToImport(skipped);
  return finishBatch(trx, options, batchId, imported, harmMarks, skipped);
}

/** Records the batch's size, harm marks, queue arms and the audit entry of an import. */
async function finishBatch(
  trx: Kysely<DB>,
  options: ImportOptions,
  batchId: number,
  imported: number,
  harmMarks: ReadonlySet<HarmMark>,
  skipped: SkippedList,
): Promise<Imported> {
  const { project, now } = options;
  await setBatchTaskCount(trx, batchId, imported);
  if (projectIsHarmful(project.harm) || [...harmMarks].some((mark) => mark !== "none"))
    await addHarmMarks(trx, project.id, harmMarks);
  await assignQueueArmsToBatch(trx, project.id, batchId, now);
  await writeAudit(trx, {
    projectId: project.id,
    actorId: options.actorId,
    action: "tasks.import",
    details: { batchId, imported, skipped: skipped.count },
    now,
  });
  return { imported, batchId, skipped: skipped.listed, skippedCount: skipped.count, harmMarks };
}

/**
 * The staged tasks whose id another import stored after this file was checked, in file order.
 * Read before this import inserts anything: a query on a table growing inside the transaction
 * may be planned from statistics that say it is empty, and scan it whole each time.
 */
async function* storedSinceStaging(
  trx: Kysely<DB>,
  projectId: number,
  file: StagingFile<StagedTask>,
): AsyncGenerator<{ ordinal: number; place: ImportPlace; id: string; taskId: number }> {
  let ordinal = 0;
  for await (const chunk of file.read(STAGE_CHUNK)) {
    const first = ordinal;
    ordinal += chunk.length;
    const ids: string[] = [];
    for (const { row } of chunk) if (row.external_id != null) ids.push(row.external_id);
    const stored = await tasksWithExternalIds(trx, projectId, ids);
    if (stored.size === 0) continue;
    for (const [i, staged] of chunk.entries()) {
      const { row } = staged;
      const taskId = row.external_id == null ? undefined : stored.get(row.external_id);
      if (taskId !== undefined) yield { ordinal: first + i, place: placeOf(staged), id: row.external_id!, taskId };
    }
  }
}
