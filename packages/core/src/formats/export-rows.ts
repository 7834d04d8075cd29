import type { LabelValue } from "../label-schema.js";
import { type CsvValue, csvRow } from "./csv.js";

/** One annotator's answer to a task, as exported. */
export interface ExportJudgment {
  id: number;
  annotatorId: string;
  value: LabelValue;
  guidelineVersion: number;
  activeMs: number;
  /** Epoch milliseconds; exports write it as an ISO 8601 timestamp. */
  createdAt: number;
}

/** One task with everything an export writes about it. */
export interface ExportTask {
  id: number;
  externalId: string | null;
  data: Record<string, unknown>;
  gold: LabelValue | null;
  aggregate: { value: LabelValue; confidence: number } | null;
  judgments: ExportJudgment[];
}

/** Epoch milliseconds as the ISO 8601 UTC timestamp that exports write. */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/**
 * One JSON Lines record per task, newline included:
 * `{"task": {id, externalId, data}, "gold", "judgments": [{id, annotatorId, value, guidelineVersion,
 * activeMs, createdAt}], "aggregate": {value, confidence} | null}` with `createdAt` in ISO 8601.
 * `parseTasks("jsonl", ...)` reads these lines back (data, external id and gold).
 */
export function jsonlLine(task: ExportTask): string {
  return `${JSON.stringify({
    task: { id: task.id, externalId: task.externalId, data: task.data },
    gold: task.gold,
    judgments: task.judgments.map((judgment) => ({ ...judgment, createdAt: isoTime(judgment.createdAt) })),
    aggregate: task.aggregate,
  })}\n`;
}

/**
 * A value as a CSV cell: numbers as numbers, text as is, other scalars with `String`, lists and
 * objects as JSON, none as empty. `csvRow` neutralises the text cells that could start a formula.
 */
export function csvCell(value: unknown): CsvValue {
  if (value === undefined || value === null) return "";
  if (typeof value === "string" || typeof value === "number") return value;
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}

const perJudgmentColumns = [
  "judgment_id",
  "annotator_id",
  "label",
  "guideline_version",
  "active_ms",
  "created_at",
  "gold",
] as const;
const perTaskColumns = ["label", "confidence", "judgments", "gold"] as const;
const taskColumns = ["task_id", "external_id"] as const;

/**
 * Header names for the data fields: the field name, or `data.<name>` when it would clash with one
 * of the export's own columns (a data field called "label", say).
 */
function dataColumnNames(dataFields: readonly string[], ownColumns: readonly string[]): string[] {
  return dataFields.map((field) => (ownColumns.includes(field) ? `data.${field}` : field));
}

/**
 * Header of the one-row-per-judgment CSV export: `task_id, external_id, <data fields...>,
 * judgment_id, annotator_id, label, guideline_version, active_ms, created_at, gold`.
 */
export function csvPerJudgmentHeader(dataFields: readonly string[]): string {
  const own = [...taskColumns, ...perJudgmentColumns];
  return csvRow([...taskColumns, ...dataColumnNames(dataFields, own), ...perJudgmentColumns]);
}

/** The rows of one task in the per-judgment CSV export (none when it has no judgments). */
export function csvPerJudgmentRows(task: ExportTask, dataFields: readonly string[]): string {
  const leading = [task.id, task.externalId ?? "", ...dataFields.map((field) => csvCell(task.data[field]))];
  const gold = csvCell(task.gold);
  let rows = "";
  for (const judgment of task.judgments) {
    rows += csvRow([
      ...leading,
      judgment.id,
      judgment.annotatorId,
      csvCell(judgment.value),
      judgment.guidelineVersion,
      judgment.activeMs,
      isoTime(judgment.createdAt),
      gold,
    ]);
  }
  return rows;
}

/**
 * Header of the one-row-per-task CSV export: `task_id, external_id, <data fields...>, label,
 * confidence, judgments, gold` where label and confidence are the aggregate's and judgments is
 * their count.
 */
export function csvPerTaskHeader(dataFields: readonly string[]): string {
  const own = [...taskColumns, ...perTaskColumns];
  return csvRow([...taskColumns, ...dataColumnNames(dataFields, own), ...perTaskColumns]);
}

/** One task's row in the per-task CSV export. Lists are written as JSON; no aggregate leaves label and confidence empty. */
export function csvPerTaskRow(task: ExportTask, dataFields: readonly string[]): string {
  return csvRow([
    task.id,
    task.externalId ?? "",
    ...dataFields.map((field) => csvCell(task.data[field])),
    csvCell(task.aggregate?.value),
    csvCell(task.aggregate?.confidence),
    task.judgments.length,
    csvCell(task.gold),
  ]);
}
