import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import {
  CSV_COLUMN_SAMPLE,
  csvDataFields,
  csvHeader,
  type ExportFileOptions,
  type ExportTask,
  exportFile,
} from "@quorum/core";
import SQLite from "better-sqlite3";
import type { Kysely } from "kysely";
import { sqliteFileOf } from "./database.js";
import { pgCsvDataFields } from "./pg-csv-fields.js";
import { openPgExportSnapshot } from "./pg-export-snapshot.js";
import { type RangeText, rangesInOrder, type TaskRange } from "./ranges-in-order.js";
import type { PgConnectionSettings } from "./repositories/export-range-readers.js";
import { streamProjectTasks } from "./repositories/export-tasks.js";
import type { DB } from "./schema.js";

/**
 * A piece of an export file, as text or as UTF-8 bytes, with the tasks and judgments written so
 * far (this piece included).
 */
export interface ExportPiece {
  text: string | Uint8Array;
  tasks: number;
  judgments: number;
  /**
   * Hands the piece's bytes back for reuse once they are written (and no longer referenced):
   * the worker that rendered them copies a later range into them instead of a new buffer.
   * Optional to call; a piece not handed back is collected as garbage.
   */
  release?: () => void;
}

export interface ExportTextOptions extends ExportFileOptions {
  onlyLabeled?: boolean;
  /**
   * Worker threads reading and rendering JSONL and CSV (on PostgreSQL each with a connection of
   * its own); 0 renders in this thread.
   */
  threads?: number;
  /** Tasks per range given to a worker (tests use small ones to cross many ranges). */
  rangeTasks?: number;
}

/** Where a worker reads: a SQLite file, or PostgreSQL within an export's snapshot. */
export type ExportWorkerSource = { file: string } | { pg: PgConnectionSettings; snapshot: string };

/** What a worker is started with. */
export interface ExportWorkerData {
  source: ExportWorkerSource;
  projectId: number;
  onlyLabeled: boolean;
  options: ExportFileOptions & { format: "jsonl" | "csv" };
  fields: string[];
  /** Buffers handed back (`ExportPiece.release`) a worker keeps for reuse. */
  spareBuffers: number;
}
/** A range of task ids for a worker to render; ranges are numbered in file order. */
export interface RangeRequest {
  range: number;
  first: number;
  last: number;
}
/** A range's text (its bytes moved between threads without a copy, written without encoding). */
export interface RangeDone extends RangeText {
  range: number;
}
/** A range's bytes handed back to the worker that rendered them, once written. */
export interface BufferReturned {
  returned: ArrayBuffer;
}

/** Tasks per range: a range is read with one statement for its tasks and one for their judgments. */
const RANGE_TASKS = 1000;
/** Old-generation heap of a worker: it holds one range's rows and text at a time. */
const WORKER_HEAP_MIB = 64;
/** Ranges sent to each worker ahead of the one being written: enough to keep it busy, little memory. */
const AHEAD_PER_WORKER = 2;

/**
 * The text of a project's export file (see `exportFile`), a piece at a time, in order. JSONL and
 * CSV are read and rendered by worker threads, each taking ranges of task ids in turn, while this
 * thread only joins their text in order and writes it: reading and rendering were nearly all of
 * an export's CPU (SQLite), and the readers' round trips to the server are waited on side by
 * side (PostgreSQL: each worker a connection of its own, all in one snapshot; rendering JSONL in
 * SQL instead cost 1.6 times the CPU, the database's rendering more than the workers'). Label
 * Studio, a project of one range, 0 threads and a missing worker build stream the tasks and render
 * them here. The bytes are the same either way.
 */
export async function* exportProjectText(
  db: Kysely<DB>,
  projectId: number,
  options: ExportTextOptions,
): AsyncGenerator<ExportPiece> {
  const file = sqliteFileOf(db);
  const threads = options.threads ?? Math.min(4, availableParallelism());
  const worker = exportWorkerFile();
  const { format } = options;
  const rangeTasks = options.rangeTasks ?? RANGE_TASKS;
  const inThreads = worker && threads > 0 && format !== "label-studio";
  // A project of one range is rendered here: starting a worker costs more than it would save.
  if (inThreads && file && hasMoreTasksThan(file, projectId, rangeTasks)) {
    const source = { file };
    yield* inWorkers(
      db,
      source,
      taskIdRanges(file, projectId, rangeTasks),
      worker,
      projectId,
      { ...options, format },
      threads,
    );
    return;
  }
  // PostgreSQL: workers each reading ranges through a connection of their own, in one snapshot.
  const snapshot = !file && inThreads ? await openPgExportSnapshot(db, projectId, rangeTasks) : undefined;
  try {
    if (snapshot && worker && format !== "label-studio" && (await snapshot.hasMoreTasksThan(rangeTasks))) {
      const source = { pg: snapshot.settings, snapshot: snapshot.snapshot };
      const onlyLabeled = options.onlyLabeled === true;
      const fields = format === "csv" ? await pgCsvDataFields(snapshot, projectId, onlyLabeled) : [];
      yield* inWorkers(db, source, snapshot.ranges(), worker, projectId, { ...options, format, fields }, threads);
      return;
    }
  } finally {
    await snapshot?.close();
  }
  // A task at a time: rendering a page of tasks in one loop measured 10-15% more CPU per row here.
  let tasks = 0;
  let judgments = 0;
  async function* counted(): AsyncGenerator<ExportTask> {
    for await (const task of streamProjectTasks(db, projectId, { onlyLabeled: options.onlyLabeled === true })) {
      tasks++;
      judgments += task.judgments.length;
      yield task;
    }
  }
  for await (const text of exportFile(counted(), options)) yield { text, tasks, judgments };
}

/**
 * The compiled worker beside this module; from the TypeScript sources (tests), the build's
 * (`dist/`), which node can run; none when there is no build.
 */
export function exportWorkerFile(): URL | undefined {
  const own = new URL(
    import.meta.url.endsWith(".ts") ? "../dist/export-worker.js" : "./export-worker.js",
    import.meta.url,
  );
  return existsSync(fileURLToPath(own)) ? own : undefined;
}

async function* inWorkers(
  db: Kysely<DB>,
  source: ExportWorkerSource,
  ranges: Iterator<TaskRange> | AsyncIterator<TaskRange>,
  script: URL,
  projectId: number,
  // `fields`: the CSV data columns when already read (PostgreSQL, in the export's snapshot).
  options: ExportTextOptions & { format: "jsonl" | "csv"; fields?: string[] },
  threads: number,
): AsyncGenerator<ExportPiece> {
  const onlyLabeled = options.onlyLabeled === true;
  let fields = options.fields ?? [];
  if (options.format === "csv" && options.fields === undefined) {
    const head: ExportTask[] = [];
    for await (const task of streamProjectTasks(db, projectId, { onlyLabeled, pageSize: CSV_COLUMN_SAMPLE })) {
      head.push(task);
      if (head.length >= CSV_COLUMN_SAMPLE) break;
    }
    fields = csvDataFields(head);
  }
  if (options.format === "csv") yield { text: csvHeader(options, fields), tasks: 0, judgments: 0 };
  const data: ExportWorkerData = {
    source,
    projectId,
    onlyLabeled,
    options: { format: options.format, per: options.per, schema: options.schema },
    fields,
    // The buffers one worker can have in flight: its ranges ahead, and the one being written.
    spareBuffers: AHEAD_PER_WORKER + 1,
  };
  const waiting = new Map<number, { resolve(done: RangeDone): void; reject(error: Error): void }>();
  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  const workers = Array.from({ length: threads }, () => {
    // A worker's heap would otherwise grow toward the machine's default limit before collecting.
    const worker = new Worker(script, {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MIB },
    });
    worker.on("message", (done: RangeDone) => {
      waiting.get(done.range)?.resolve(done);
      waiting.delete(done.range);
    });
    worker.on("error", failAll);
    worker.on("exit", (code) => {
      if (waiting.size > 0) failAll(new Error(`an export worker stopped (exit code ${code})`));
    });
    return worker;
  });
  try {
    yield* rangesInOrder(ranges, threads, AHEAD_PER_WORKER, (range, { first, last }) => {
      const done = new Promise<RangeDone>((resolve, reject) => {
        waiting.set(range, { resolve, reject });
      });
      const worker = workers[range % threads]!;
      worker.postMessage({ range, first, last } satisfies RangeRequest);
      return done.then((text) => ({
        ...text,
        release: () => {
          const returned = text.bytes.buffer as ArrayBuffer;
          // Handed back once; a worker already stopped (the export over) drops it.
          if (returned.byteLength > 0) worker.postMessage({ returned } satisfies BufferReturned, [returned]);
        },
      }));
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function hasMoreTasksThan(file: string, projectId: number, count: number): boolean {
  const connection = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const beyond = connection
      .prepare<[number, number], number>("select id from tasks where project_id = ? order by id limit 1 offset ?")
      .pluck(true)
      .get(projectId, count);
    return beyond !== undefined;
  } finally {
    connection.close();
  }
}

/**
 * The project's task ids cut into ranges of `size` tasks, in order, read from the
 * project's index of task ids alone (a read-only connection of its own, like the workers').
 */
function* taskIdRanges(file: string, projectId: number, size: number): Generator<{ first: number; last: number }> {
  const connection = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const ids = connection
      .prepare<[number, number], number>(
        `select id from tasks where project_id = ? and id > ? order by id limit ${size}`,
      )
      .pluck(true);
    let after = 0;
    for (;;) {
      const page = ids.all(projectId, after);
      if (page.length === 0) return;
      after = page[page.length - 1]!;
      yield { first: page[0]!, last: after };
      if (page.length < size) return;
    }
  } finally {
    connection.close();
  }
}
