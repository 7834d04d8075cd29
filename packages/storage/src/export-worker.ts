/**
 * A worker thread of `exportProjectText`: reads ranges of a project's tasks through its own
 * read-only SQLite connection and renders them as export text, so that reading and rendering
 * run beside the thread writing the file (and beside each other).
 */
import { parentPort, workerData } from "node:worker_threads";
import { taskText } from "@quorum/core";
import type { ExportWorkerData, RangeDone, RangeRequest } from "./export-text.js";
import { SqliteTaskRangeReader } from "./repositories/export-tasks.js";

const { file, projectId, onlyLabeled, options, fields } = workerData as ExportWorkerData;
const reader = new SqliteTaskRangeReader(file, projectId, onlyLabeled);
const render = taskText(options, fields);

/** Where a range's text is encoded; grown when a range needs more, never shrunk. */
let buffer = Buffer.allocUnsafeSlow(1 << 20);

parentPort!.on("message", ({ range, first, last }: RangeRequest) => {
  let length = 0;
  let tasks = 0;
  let judgments = 0;
  for (const task of reader.tasks(first, last)) {
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
  // The bytes are copied out (one allocation of their size) rather than the buffer transferred,
  // so that the buffer is reused for the next range.
  const bytes = new Uint8Array(length);
  bytes.set(buffer.subarray(0, length));
  parentPort!.postMessage({ range, bytes, tasks, judgments } satisfies RangeDone, [bytes.buffer]);
});
