/**
 * A worker thread of `exportProjectText`: reads ranges of a project's tasks through its own
 * connection (read-only SQLite, or PostgreSQL in the export's snapshot) and renders them as
 * export text, so that reading and rendering run beside the thread writing the file (and beside
 * each other).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { ExportTask } from "@quorum/core";
import { taskText } from "@quorum/core/export-rendering";
import type { BufferReturned, ExportWorkerData, RangeDone, RangeRequest } from "./export-text.js";
import { connectInSnapshot, PgTaskRangeReader, SqliteTaskRangeReader } from "./repositories/export-range-readers.js";
import { SpareBuffers } from "./spare-buffers.js";

const { source, projectId, onlyLabeled, options, fields, spareBuffers } = workerData as ExportWorkerData;
const reader: { tasks(first: number, last: number): Iterable<ExportTask> | Promise<Iterable<ExportTask>> } =
  "file" in source
    ? new SqliteTaskRangeReader(source.file, projectId, onlyLabeled)
    : new PgTaskRangeReader(await connectInSnapshot(source.pg, source.snapshot), projectId, onlyLabeled);
const render = taskText(options, fields);

/** Buffers handed back by the writing thread: as many as can be in flight at once. */
const spare = new SpareBuffers(spareBuffers);

/** Where a range's text is encoded; grown when a range needs more, never shrunk. */
let buffer = Buffer.allocUnsafeSlow(1 << 20);

async function renderRange({ range, first, last }: RangeRequest): Promise<void> {
  let length = 0;
  let tasks = 0;
  let judgments = 0;
  for (const task of await reader.tasks(first, last)) {
    const text = render(task);
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (length + text.length * 3 > buffer.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(buffer.length * 2, length + text.length * 3));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    length += buffer.write(text, length);
    tasks++;
    judgments += task.judgments.length;
  }
  // The bytes are copied out (into a buffer the writing thread handed back, if one is large
  // enough) rather than the buffer transferred, so that the buffer is reused for the next range.
  const out = spare.take(length);
  const bytes = new Uint8Array(out, 0, length);
  bytes.set(buffer.subarray(0, length));
  parentPort!.postMessage({ range, bytes, tasks, judgments } satisfies RangeDone, [out]);
}

// One range at a time, in the order asked (they share the buffer, and PostgreSQL's connection);
// a failure is left unhandled, which stops the worker with it. Buffers come back once written.
let queue = Promise.resolve();
parentPort!.on("message", (message: RangeRequest | BufferReturned) => {
  if ("returned" in message) spare.give(message.returned);
  else queue = queue.then(() => renderRange(message));
});
