import {
  DomainError,
  DUPLICATE_POLICIES,
  type DuplicatePolicy,
  IMPORT_FORMATS,
  type ImportFormat,
  issuePlace,
  parseTasks,
  type SkippedTask,
} from "@quorum/core";
import { getProject, importTasks } from "@quorum/storage";
import { inputFileSize, integerOption, parseCommandArgs, UsageError } from "../args.js";
import type { Config } from "../config.js";
import type { Io } from "../io.js";
import { readTextChunks } from "../io.js";
import { openConfiguredDatabase, projectNotFound } from "../open.js";
import { progressBar } from "../progress.js";

export const IMPORT_HELP = `quorum import --project ID --file PATH [--format jsonl|csv|label-studio] [--batch NAME] [--priority N] [--duplicates reject|skip]
  Streams tasks from a file into a new batch of the project, all or nothing. The format is taken
  from the file's extension when not given (.jsonl, .csv, .json = Label Studio).
  --batch       the new batch's name (default: the file's name)
  --priority    the batch's priority, a whole number from -1000 to 1000 (default 0; higher is served first)
  --duplicates  what to do with a task whose id repeats an earlier line of the file or a task
                already in the project: reject (the default) refuses the file and lists them by
                line; skip imports the rest and lists the tasks left out.`;

/**
 * Files from this size up are read and checked in a worker thread while this one writes (see
 * `ImportOptions.localFile`): starting the worker costs about half a CPU second, which a smaller
 * file does not win back.
 */
const WORKER_FROM_BYTES = 16 * 2 ** 20;

function formatFromPath(path: string): ImportFormat {
  if (path.endsWith(".csv")) return "csv";
  if (path.endsWith(".json")) return "label-studio";
  return "jsonl";
}

/** Reads a file as text chunks while counting bytes, for the progress bar. */
async function* counted(chunks: AsyncIterable<string>, onBytes: (n: number) => void) {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += Buffer.byteLength(chunk);
    onBytes(bytes);
    yield chunk;
  }
}

function skippedReport(listed: readonly SkippedTask[], count: number): string {
  const more = count > listed.length ? ` (the first ${listed.length} are listed)` : "";
  const lines = listed.map((s) => `  ${issuePlace(s)}: ${s.reason}\n`).join("");
  return `Skipped ${count.toLocaleString("en-US")} duplicate tasks${more}:\n${lines}`;
}

export async function importCommand(argv: string[], io: Io, config: Config): Promise<void> {
  const values = parseCommandArgs(
    argv,
    {
      project: { type: "string" },
      file: { type: "string" },
      format: { type: "string" },
      batch: { type: "string" },
      priority: { type: "string" },
      duplicates: { type: "string" },
    },
    IMPORT_HELP,
    io,
  );
  if (!values) return;
  if (!values.project || !values.file) throw new UsageError(`--project and --file are required\n${IMPORT_HELP}`);
  const format = (values.format ?? formatFromPath(values.file)) as ImportFormat;
  if (!IMPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${IMPORT_FORMATS.join(", ")}`);
  const duplicates = (values.duplicates ?? "reject") as DuplicatePolicy;
  if (!DUPLICATE_POLICIES.includes(duplicates))
    throw new UsageError(`--duplicates must be one of ${DUPLICATE_POLICIES.join(", ")}`);
  const projectId = integerOption("--project", values.project, 1, Number.MAX_SAFE_INTEGER);
  const priority =
    values.priority === undefined ? undefined : integerOption("--priority", values.priority, -1000, 1000);
  const size = await inputFileSize("--file", values.file);
  const database = await openConfiguredDatabase(config);
  try {
    const project = await getProject(database.db, projectId);
    if (!project) throw projectNotFound(values.project, database);
    const bar = progressBar(io, "importing", size);
    let bytes = 0;
    const onBytes = (b: number) => {
      bytes = b;
      bar.update(b, "bytes");
    };
    const started = Date.now();
    const result = await importTasks(database.db, {
      project,
      records: parseTasks(format, counted(readTextChunks(values.file), onBytes), project.schema),
      batchName: values.batch ?? values.file.split("/").pop() ?? "import",
      ...(priority === undefined ? {} : { batchPriority: priority }),
      duplicates,
      actorId: 0,
      now: Date.now(),
      writeWhileReading: true,
      ...(size >= WORKER_FROM_BYTES ? { localFile: { path: values.file, format, onBytes } } : {}),
    });
    bar.finish(bytes, "bytes");
    const seconds = (Date.now() - started) / 1000;
    io.stdout(
      `Imported ${result.imported.toLocaleString("en-US")} tasks into project ${project.id} batch ${result.batchId} in ${seconds.toFixed(1)} s (${Math.round(result.imported / seconds).toLocaleString("en-US")} tasks/s)\n`,
    );
    if (result.skippedCount > 0) io.stdout(skippedReport(result.skipped, result.skippedCount));
  } catch (error) {
    if (error instanceof DomainError && error.details.length > 0) {
      const lines = error.details.map((d) => `  ${d.path}: ${d.message}`).join("\n");
      throw new Error(`${error.message}\n${lines}`);
    }
    throw error;
  } finally {
    await database.close();
  }
}
