import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { BatchDefaults, HarmMark, ImportFormat, ImportIssue, LabelSchema } from "@quorum/core";
import type { NewTaskTally } from "./repositories/import-task-counters.js";
import type { NewTaskShared } from "./repositories/task-rows.js";

export interface ReaderWorkerData {
  path: string;
  format: ImportFormat;
  schema: LabelSchema;
  projectId: number;
  defaults: BatchDefaults;
  now: number;
  /**
   * Post the rows as lines of PostgreSQL's COPY text, these shared values first and then each
   * task's own (`CHECKED_TASK_COPY_COLUMNS`), rather than as values.
   */
  copyShared?: NewTaskShared;
}

/** The end of the file: its problems, and what the rows posted add to the counters and harm marks. */
export interface ReaderDone {
  issues: ImportIssue[];
  tally: Pick<NewTaskTally, "tasks" | "judged" | "judgmentsLeft">;
  harmMarks: HarmMark[];
  /**
   * The ids that may repeat an earlier id of the file (`IdRepeatFilter`: all that do, and a few
   * that do not), or undefined when too many to list: then any id may.
   */
  repeatSuspects: string[] | undefined;
}

/**
 * Checked rows the worker posts: `count` of them, their own values one after another in
 * `NEW_TASK_OWN_COLUMNS` order (a flat array costs a third of rows as objects to pass between
 * threads; the values all tasks of the import share are the writer's to add), or, with
 * `copyShared`, as lines of COPY text in UTF-8 (rendered and encoded there, off the writing
 * thread, and handed over without a copy).
 */
export type ReaderRows =
  | { kind: "rows"; count: number; values: unknown[] }
  | { kind: "copy"; count: number; text: Uint8Array };

/** What the worker posts: checked rows, with the bytes read so far; or the end of the file. */
export type ReaderMessage = (ReaderRows & { bytes: number }) | ({ kind: "done"; bytes: number } & ReaderDone);

/** A worker's heap would otherwise grow toward the machine's default limit before collecting. */
const WORKER_HEAP_MIB = 64;

/** The compiled worker beside this module (from the TypeScript sources, the build's); none without a build. */
export function importReaderFile(): URL | undefined {
  const own = new URL(
    import.meta.url.endsWith(".ts") ? "../dist/import-reader-worker.js" : "./import-reader-worker.js",
    import.meta.url,
  );
  return existsSync(fileURLToPath(own)) ? own : undefined;
}

/**
 * Reads and checks a local import file in a worker thread (as `stageImport` does, no ids looked
 * up in the database) while this thread writes what it posts. Ids that repeat are only narrowed
 * down to `repeatSuspects`: the caller finds them among what it wrote. `write` gets the
 * checked rows in file order, and `onBytes` the bytes read so far. Resolves after the last
 * `write` with the file's other problems in line order (nothing more is written once there is
 * one) and what the rows add up to. Rejects when the worker fails or `write` throws; the worker
 * is stopped either way.
 */
export async function readInWorker(
  script: URL,
  data: ReaderWorkerData,
  write: (rows: ReaderRows) => void | Promise<void>,
  onBytes?: (bytes: number) => void,
): Promise<ReaderDone> {
  const worker = new Worker(script, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MIB } });
  const messages: ReaderMessage[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  let ended = false;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on("message", (message: ReaderMessage) => {
    messages.push(message);
    notify();
  });
  worker.on("error", (error) => {
    failure ??= error;
    notify();
  });
  worker.on("exit", (code) => {
    ended = true;
    failure ??= new Error(`the import reader stopped (exit code ${code})`);
    notify();
  });
  try {
    for (;;) {
      const message = messages.shift();
      if (!message) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      onBytes?.(message.bytes);
      if (message.kind === "done") return message;
      await write(message);
      worker.postMessage(0);
    }
  } finally {
    if (!ended) await worker.terminate();
  }
}
