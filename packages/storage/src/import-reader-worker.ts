/**
 * A worker thread of `readInWorker`: reads an import file from local disk, parses and checks it
 * (`stageImport`) and posts the checked rows, a chunk at a
 * time, to the thread that writes them, so that parsing and writing run on two cores. At most
 * `AHEAD` chunks wait unwritten, so memory stays flat however fast the file is read.
 */
import { createReadStream } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { type HarmMark, isHarmCategory, MAX_LISTED_ERRORS, parseTasks, SkippedList } from "@quorum/core";
import type { ReaderMessage, ReaderWorkerData } from "./import-reader.js";
import { NewTaskTally } from "./repositories/import-task-counters.js";
import { NEW_TASK_OWN_COLUMNS } from "./repositories/task-rows.js";
import { stageImport } from "./use-cases/stage-import.js";

const AHEAD = 8;
const port = parentPort;
if (!port) throw new Error("import-reader-worker runs as a worker thread");
const { path, format, schema, projectId, defaults, now } = workerData as ReaderWorkerData;

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
const tally = new NewTaskTally();
const harmMarks = new Set<HarmMark>();
// Repeated ids are found by the writing thread among the rows written (`readInWorker`).
const ids = { add() {}, *findDuplicates() {} };
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
        for (const column of NEW_TASK_OWN_COLUMNS) values.push(row[column] ?? null);
        tally.add(row as Parameters<NewTaskTally["add"]>[0]);
        harmMarks.add(isHarmCategory(row.harm) ? row.harm : "none");
      }
      post({ kind: "rows", count: staged.length, values, bytes });
      unwritten++;
      while (unwritten >= AHEAD) await new Promise<void>((resolve) => (written = resolve));
    },
  };
  const issues = await stageImport(undefined, stage, sink, ids, new SkippedList(MAX_LISTED_ERRORS));
  post({ kind: "done", issues, tally, harmMarks: [...harmMarks], bytes });
} finally {
  // Nothing more to hear: the thread ends once its last message is out.
  port.unref();
}
