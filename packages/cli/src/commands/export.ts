import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { EXPORT_FORMATS, type ExportFormat } from "@quorum/core";
import { exportProjectText, getProject, projectTaskCounts } from "@quorum/storage";
import { integerOption, parseCommandArgs, UsageError } from "../args.js";
import type { Config } from "../config.js";
import type { Io } from "../io.js";
import { openConfiguredDatabase, projectNotFound } from "../open.js";
import { progressBar } from "../progress.js";

export const EXPORT_HELP = `quorum export --project ID --out PATH [--format jsonl|csv|label-studio] [--per judgment|task] [--threads N]
  Streams every task with its judgments and aggregate to a file ("-" for standard output).
  --format   jsonl (default: a task a line with its judgments and aggregate), csv or label-studio
  --per      for csv: judgment (default: a row per judgment) or task (a row per task with its label,
             confidence, judgment count, status and label name)
  --threads  worker threads reading and rendering JSONL and CSV, on PostgreSQL each through a
             connection of its own (default: the cores, at most 4; 0 renders in the main thread,
             which costs less CPU on a busy machine). PostgreSQL's readers share one snapshot, so
             the file is one consistent read.`;

export async function exportCommand(argv: string[], io: Io, config: Config): Promise<void> {
  const values = parseCommandArgs(
    argv,
    {
      project: { type: "string" },
      out: { type: "string" },
      format: { type: "string", default: "jsonl" },
      per: { type: "string", default: "judgment" },
      threads: { type: "string" },
    },
    EXPORT_HELP,
    io,
  );
  if (!values) return;
  if (!values.project || !values.out) throw new UsageError(`--project and --out are required\n${EXPORT_HELP}`);
  if (!EXPORT_FORMATS.includes(values.format as ExportFormat))
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(", ")}`);
  if (values.per !== "judgment" && values.per !== "task") throw new UsageError("--per must be judgment or task");
  const threads = values.threads === undefined ? undefined : integerOption("--threads", values.threads, 0, 64);
  const projectId = integerOption("--project", values.project, 1, Number.MAX_SAFE_INTEGER);
  const database = await openConfiguredDatabase(config);
  try {
    const project = await getProject(database.db, projectId);
    if (!project) throw projectNotFound(values.project, database);
    const out = values.out === "-" ? process.stdout : createWriteStream(values.out);
    // Lines are gathered into ~64 KiB writes: one stream write per line cost a quarter of the export's CPU.
    let pending = "";
    const flush = async () => {
      if (pending && !out.write(pending)) await once(out, "drain");
      pending = "";
    };
    const write = async (text: string | Uint8Array, release?: () => void) => {
      if (typeof text !== "string") {
        if (text.length === 0) return release?.();
        await flush();
        // Once written the bytes go back to the worker that rendered them, for a later range.
        if (!out.write(text, release && (() => release()))) await once(out, "drain");
        return;
      }
      pending += text;
      if (pending.length >= 65_536) await flush();
    };
    const bar = progressBar(io, "exporting", (await projectTaskCounts(database.db, project.id)).total);
    let tasks = 0;
    let judgments = 0;
    const format = values.format as ExportFormat;
    const per = values.per === "task" ? "task" : "judgment";
    for await (const piece of exportProjectText(database.db, project.id, {
      format,
      per,
      schema: project.schema,
      ...(threads === undefined ? {} : { threads }),
    })) {
      await write(piece.text, piece.release);
      if (piece.tasks !== tasks) bar.update(piece.tasks, "tasks");
      tasks = piece.tasks;
      judgments = piece.judgments;
    }
    await flush();
    bar.finish(tasks, "tasks");
    if (out !== process.stdout) {
      out.end();
      await once(out, "finish");
    }
    io.stderr(`Exported ${tasks} tasks and ${judgments} judgments\n`);
  } finally {
    await database.close();
  }
}
