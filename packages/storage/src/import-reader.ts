import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import {
  type BatchDefaults,
  type HarmMark,
  type ImportFormat,
  type ImportIssue,
  type LabelSchema,
  MAX_LISTED_ERRORS,
  SkippedList,
} from "@quorum/core";
import { type FileIdIndex, withScratchIds } from "./file-id-index.js";
import type { NewTaskTally } from "./repositories/import-task-counters.js";
import { withDuplicates } from "./use-cases/stage-import.js";

export interface ReaderWorkerData {
  path: string;
  format: ImportFormat;
  schema: LabelSchema;
  projectId: number;
  batchId: number;
  defaults: BatchDefaults;
  now: number;
}

/** The end of the file: its problems, and what the rows posted add to the counters and harm marks. */
export interface ReaderDone {
  issues: ImportIssue[];
  tally: Pick<NewTaskTally, "tasks" | "judged" | "judgmentsLeft">;
  harmMarks: HarmMark[];
}

/**
 * What the worker posts: `count` checked rows, their values one after another in
 * `NEW_TASK_COLUMNS` order (a flat array costs a third of rows as objects to pass between
 * threads), with the bytes read so far; or the end of the file.
 */
export type ReaderMessage =
  | { kind: "rows"; count: number; values: unknown[]; bytes: number }
  | { kind: "ids"; items: [ordinal: number, line: number, id: string][] }
  | ({ kind: "done"; bytes: number } & ReaderDone);

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
 * Reads and checks a local import file in a worker thread (as `stageImport` does, duplicates
 * refused, no ids looked up in the database) while this thread writes what it posts and keeps
 * the file's ids (a scratch index on disk, compared once the file is read: the worker has more
 * to do than this thread, whose database work waits on it). `write`
 * gets the checked rows of the batch in file order, and `onBytes` the bytes read so far.
 * Resolves after the last `write` with the file's problems in line order (nothing more is
 * written once there is one) and what the rows add up to. Rejects when the worker fails or
 * `write` throws; the worker is stopped either way.
 */
export async function readInWorker(
  script: URL,
  data: ReaderWorkerData,
  write: (count: number, values: unknown[]) => Promise<void>,
  onBytes?: (bytes: number) => void,
): Promise<ReaderDone> {
  return withScratchIds((ids) => readThrough(script, data, ids, write, onBytes));
}

async function readThrough(
  script: URL,
  data: ReaderWorkerData,
  ids: FileIdIndex,
  write: (count: number, values: unknown[]) => Promise<void>,
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
      if (message.kind === "ids") {
        ids.add(message.items.map(([ordinal, line, id]) => ({ ordinal, line, id })));
        continue;
      }
      onBytes?.(message.bytes);
      if (message.kind === "done") {
        const skipped = new SkippedList(MAX_LISTED_ERRORS);
        return { ...message, issues: withDuplicates(message.issues, ids, "reject", skipped) };
      }
      await write(message.count, message.values);
      worker.postMessage(0);
    }
  } finally {
    if (!ended) await worker.terminate();
  }
}
