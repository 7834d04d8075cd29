import type { TaskStatus } from "../assignment/task-status.js";
import type { LabelSchema, LabelValue } from "../label-schema.js";
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
  /** Only a done task has its judgments; an aggregate of an open task is provisional. */
  status: TaskStatus;
  /** Judgments the task needs (its overlap, which dynamic overlap may have raised). */
  required: number;
}

/** Epoch milliseconds as the ISO 8601 UTC timestamp that exports write. */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** A confidence as exported: rounded to 4 decimals (0.6999999999999998 is 0.7). */
export function roundConfidence(confidence: number): number {
  return Math.round(confidence * 10_000) / 10_000;
}

/**
 * The name the schema gives a label, where it has one: an option's label (a list of them for
 * multi-label) or a rating point's name. Undefined where the schema names nothing.
 */
export function labelName(schema: LabelSchema, value: LabelValue): string | string[] | undefined {
  switch (schema.type) {
    case "single_choice":
    case "multi_label": {
      const names = new Map(schema.options.map((o) => [o.value, o.label]));
      if (Array.isArray(value)) return value.map((v) => names.get(v) ?? v);
      return names.get(String(value));
    }
    case "rating":
      return schema.labels[String(value)];
    default:
      return undefined;
  }
}

/**
 * One JSON Lines record per task, newline included:
 * `{"task": {id, externalId, data}, "gold", "judgments": [{id, annotatorId, value, guidelineVersion,
 * activeMs, createdAt}], "aggregate": {value, confidence} | null, "status", "required"}` with
 * `createdAt` in ISO 8601 and the confidence rounded to 4 decimals.
 * `parseTasks("jsonl", ...)` reads these lines back (data, external id and gold).
 */
export function jsonlLine(task: ExportTask): string {
  return `${JSON.stringify({
    task: { id: task.id, externalId: task.externalId, data: task.data },
    gold: task.gold,
    judgments: task.judgments.map((judgment) => ({ ...judgment, createdAt: isoTime(judgment.createdAt) })),
    aggregate: task.aggregate && { ...task.aggregate, confidence: roundConfidence(task.aggregate.confidence) },
    status: task.status,
    required: task.required,
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
const perTaskColumns = ["label", "confidence", "judgments", "gold", "status", "required", "label_name"] as const;
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
 * confidence, judgments, gold, status, required, label_name` where label and confidence are the
 * aggregate's, judgments is their count, status is open, full (being labeled), done or gold (a
 * control task), required is the judgments the task needs, and label_name the label's name in the
 * schema.
 */
export function csvPerTaskHeader(dataFields: readonly string[]): string {
  const own = [...taskColumns, ...perTaskColumns];
  return csvRow([...taskColumns, ...dataColumnNames(dataFields, own), ...perTaskColumns]);
}

/**
 * One task's row in the per-task CSV export. Lists are written as JSON. Label, confidence (to 4
 * decimals) and label name are written for done tasks only: before its last judgment a task's
 * aggregate is provisional (one answer of three is no label).
 */
export function csvPerTaskRow(task: ExportTask, dataFields: readonly string[], schema: LabelSchema): string {
  const aggregate = task.status === "done" ? task.aggregate : null;
  return csvRow([
    task.id,
    task.externalId ?? "",
    ...dataFields.map((field) => csvCell(task.data[field])),
    csvCell(aggregate?.value),
    csvCell(aggregate && roundConfidence(aggregate.confidence)),
    task.judgments.length,
    csvCell(task.gold),
    task.status,
    String(task.required),
    csvCell(aggregate && labelName(schema, aggregate.value)),
  ]);
}
