import { createReadStream } from "node:fs";
import { parseTasks } from "@quorum/core";
import type { importTasks } from "@quorum/storage";

type ImportTasks = typeof importTasks;
type Options = Parameters<ImportTasks>[1];

/**
 * Imports the bench's JSONL file at `path` into `project` as `quorum import` does (writing while
 * reading), with the `importTasks` of whichever build is measured; `asLocalFile` also hands it the
 * path, so a SQLite import reads and checks the file in its worker thread.
 */
export function importBenchFile(
  run: ImportTasks,
  db: Parameters<ImportTasks>[0],
  project: Options["project"],
  path: string,
  asLocalFile: boolean,
): ReturnType<ImportTasks> {
  const records = parseTasks(
    "jsonl",
    createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 16 }) as AsyncIterable<string>,
    project.schema,
  );
  return run(db, {
    project,
    records,
    batchName: "bench",
    actorId: 0,
    now: Date.now(),
    writeWhileReading: true,
    ...(asLocalFile ? { localFile: { path, format: "jsonl" as const } } : {}),
  });
}
