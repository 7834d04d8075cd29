/**
 * A worker thread of `readInWorker`: reads an import file from local disk, parses and checks it
 * (`stageImport`) and posts the checked rows (values, or PostgreSQL's COPY text), a chunk at a
 * time, to the thread that writes them, so that parsing and writing run on two cores. At most
 * `AHEAD` chunks wait unwritten, so memory stays flat however fast the file is read.
 */
import { createReadStream, statSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { type HarmMark, isHarmCategory, MAX_LISTED_ERRORS, parseTasks, SkippedList } from "@quorum/core";
import type { IdAtLine } from "./file-id-index.js";
import { IdRepeatFilter } from "./id-repeat-filter.js";
import type { ReaderMessage, ReaderWorkerData } from "./import-reader.js";
import { copyLines, copyPrefix } from "./pg-copy-text.js";
import { NewTaskTally } from "./repositories/import-task-counters.js";
import { NEW_TASK_OWN_COLUMNS, NEW_TASK_SHARED_COLUMNS } from "./repositories/task-rows.js";
import { stageImport } from "./use-cases/stage-import.js";

const AHEAD = 8;
const port = parentPort;
if (!port) throw new Error("import-reader-worker runs as a worker thread");
const { path, format, schema, projectId, defaults, now, copyShared } = workerData as ReaderWorkerData;
const copyStart = copyShared && copyPrefix(NEW_TASK_SHARED_COLUMNS.map((column) => copyShared[column]));

let bytes = 0;
async function* counted(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    bytes += Buffer.byteLength(chunk);
    yield chunk;
  }
}

let unwritten = 0;
let written: (() => void) | undefined;
port.on("message", () => {
  unwritten--;
  written?.();
  written = undefined;
});

const post = (message: ReaderMessage) => port.postMessage(message);
const ENCODER = new TextEncoder();
const tally = new NewTaskTally();
const harmMarks = new Set<HarmMark>();
// Repeated ids are found by the writing thread among the rows written, from the suspects this
// filter names (`readInWorker`).
const repeats = new IdRepeatFilter(statSync(path).size);
const ids = {
  add(items: readonly IdAtLine[]) {
    for (const { id } of items) repeats.add(id);
  },
  *findDuplicates() {},
};
try {
  const input = createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 16 });
  const stage = {
    projectId,
    lookUpStored: false,
    records: parseTasks(format, counted(input as AsyncIterable<string>), schema),
    defaults,
    duplicates: "reject" as const,
    now,
  };
  const sink = {
    async write(staged: readonly { row: Record<string, unknown> }[]) {
      const values: unknown[] = [];
      for (const { row } of staged) {
        if (copyStart === undefined) for (const column of NEW_TASK_OWN_COLUMNS) values.push(row[column] ?? null);
        tally.add(row as Parameters<NewTaskTally["add"]>[0]);
        harmMarks.add(isHarmCategory(row.harm) ? row.harm : "none");
      }
      const count = staged.length;
      if (copyStart === undefined) post({ kind: "rows", count, values, bytes });
      else {
        // Encoded here and its memory handed over: posting the string would copy it, and the
        // socket would encode it again on the writing thread.
        const text = ENCODER.encode(
          copyLines(
            staged.map(({ row }) => row),
            NEW_TASK_OWN_COLUMNS,
            copyStart,
          ),
        );
        port.postMessage({ kind: "copy", count, text, bytes } satisfies ReaderMessage, [text.buffer]);
      }
      unwritten++;
      while (unwritten >= AHEAD) await new Promise<void>((resolve) => (written = resolve));
    },
  };
  const issues = await stageImport(undefined, stage, sink, ids, new SkippedList(MAX_LISTED_ERRORS));
  post({ kind: "done", issues, tally, harmMarks: [...harmMarks], repeatSuspects: repeats.suspects(), bytes });
} finally {
  // Nothing more to hear: the thread ends once its last message is out.
  port.unref();
}
