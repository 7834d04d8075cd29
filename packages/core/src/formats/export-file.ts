import type { LabelSchema } from "../label-schema.js";
import { labelStudioClose, labelStudioOpen, labelStudioTask } from "./export-label-studio.js";
import {
  csvPerJudgmentHeader,
  csvPerJudgmentRows,
  csvPerTaskHeader,
  csvPerTaskRow,
  type ExportTask,
  jsonlLine,
} from "./export-rows.js";

export type ExportFormat = "jsonl" | "csv" | "label-studio";
export const EXPORT_FORMATS: readonly ExportFormat[] = ["jsonl", "csv", "label-studio"];

export interface ExportFileOptions {
  format: ExportFormat;
  /** CSV only: one row per judgment or one per task. */
  per: "judgment" | "task";
  schema: LabelSchema;
}

/** CSV data columns are the union of the data keys of this many first tasks (the file is streamed). */
export const CSV_COLUMN_SAMPLE = 200;

/**
 * The whole text of an export file, a piece at a time, from a stream of tasks: JSONL (a line per
 * task), CSV (per judgment or per task) or a Label Studio JSON array with gold as a ground-truth
 * annotation. Holds at most `CSV_COLUMN_SAMPLE` tasks in memory.
 */
export async function* exportFile(
  tasks: AsyncIterable<ExportTask>,
  options: ExportFileOptions,
): AsyncGenerator<string> {
  if (options.format === "jsonl") {
    for await (const task of tasks) yield jsonlLine(task);
    return;
  }
  if (options.format === "label-studio") {
    yield labelStudioOpen();
    let first = true;
    for await (const task of tasks) {
      yield labelStudioTask(task, options.schema, first, { goldAsGroundTruth: true });
      first = false;
    }
    yield labelStudioClose();
    return;
  }
  const iterator = tasks[Symbol.asyncIterator]();
  const head: ExportTask[] = [];
  while (head.length < CSV_COLUMN_SAMPLE) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
  }
  const fields = csvDataFields(head);
  const row = taskText({ ...options, format: "csv" }, fields);
  yield csvHeader(options, fields);
  for (const task of head) yield row(task);
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield row(next.value);
}

/** The CSV data columns: the data keys of the first `CSV_COLUMN_SAMPLE` tasks, in order of appearance. */
export function csvDataFields(head: readonly ExportTask[]): string[] {
  return [...new Set(head.slice(0, CSV_COLUMN_SAMPLE).flatMap((task) => Object.keys(task.data)))];
}

/** The header row of a CSV export with these data columns. */
export function csvHeader(options: Pick<ExportFileOptions, "per">, fields: readonly string[]): string {
  return options.per === "task" ? csvPerTaskHeader(fields) : csvPerJudgmentHeader(fields);
}

/**
 * The text of one task in a JSONL or CSV export (`fields`: the CSV data columns), the same as
 * `exportFile` writes for it: a task's text depends on nothing but the task, so parts of a
 * file can be rendered apart (in worker threads) and joined in order.
 */
export function taskText(
  options: ExportFileOptions & { format: "jsonl" | "csv" },
  fields: readonly string[],
): (task: ExportTask) => string {
  if (options.format === "jsonl") return jsonlLine;
  if (options.per === "task") return (task) => csvPerTaskRow(task, fields, options.schema);
  return (task) => csvPerJudgmentRows(task, fields, options.schema);
}

/** Media type and file-name ending of an export. */
export function exportFileType(options: Pick<ExportFileOptions, "format" | "per">): {
  contentType: string;
  suffix: string;
} {
  if (options.format === "jsonl") return { contentType: "application/x-ndjson", suffix: ".jsonl" };
  if (options.format === "csv") return { contentType: "text/csv; charset=utf-8", suffix: `-per-${options.per}.csv` };
  return { contentType: "application/json", suffix: "-label-studio.json" };
}
