import type { TaskStatus } from "../assignment/task-status.js";
import type { LabelSchema, LabelValue } from "../label-schema.js";
import { type CsvValue, csvCellText, csvRow } from "./csv.js";
import { type ExportReview, labelSourceOf } from "./export-review.js";

/** One annotator's answer to a task, as exported. */
export interface ExportJudgment {
  id: number;
  annotatorId: string;
  value: LabelValue;
  guidelineVersion: number;
  activeMs: number;
  /** Epoch milliseconds; exports write it as an ISO 8601 timestamp. */
  createdAt: number;
  /** `value` as the JSON text the database holds, when the reader has it: JSONL writes it as is. */
  valueJson?: string;
}

/** One task with everything an export writes about it. */
export interface ExportTask {
  id: number;
  externalId: string | null;
  data: Record<string, unknown>;
  gold: LabelValue | null;
  /** `method`: how the label was reached, as stored with it (absent: from the judgments). */
  aggregate: { value: LabelValue; confidence: number; method?: string } | null;
  judgments: ExportJudgment[];
  /** Only a done task has its judgments; an aggregate of an open task is provisional. */
  status: TaskStatus;
  /** Judgments the task needs (its overlap, which dynamic overlap may have raised). */
  required: number;
  /** The task's review (see `ExportReview`); none when absent. */
  review?: ExportReview | null;
  /**
   * `data` and `gold` as the JSON text the database holds, when the reader has it: JSONL writes
   * them as they are instead of parsing and stringifying every task again (a third of its CPU).
   */
  dataJson?: string;
  goldJson?: string | null;
}

/** Epoch milliseconds as the ISO 8601 UTC timestamp that exports write. */
export function isoTime(epochMs: number): string {
  const day = Math.floor(epochMs / DAY_MS);
  if (!(epochMs >= 0 && epochMs < YEAR_10000_MS)) return new Date(epochMs).toISOString();
  // Written by hand: `toISOString` was 7% of an export's CPU. Judgments of one export fall on few
  // days, so the date part is remembered and only the time of day is formatted.
  if (day !== lastDay) {
    lastDay = day;
    lastDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = epochMs - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = Math.floor(rest - seconds * 1000);
  return `${lastDayPrefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}Z`;
}

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00Z: from there `toISOString` writes six-digit years. */
const YEAR_10000_MS = 253_402_300_800_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
let lastDay = Number.NaN;
let lastDayPrefix = "";

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
 * activeMs, createdAt}], "aggregate": {value, confidence} | null, "status", "required",
 * "review": {status, source, reviewerId, reviewedAt} | null, "labelSource": "consensus" | "review" |
 * null}` with times in ISO 8601 and the confidence rounded to 4 decimals (see `ExportReview`;
 * `labelSource` is null when there is no aggregate).
 * `parseTasks("jsonl", ...)` reads these lines back (data, external id and gold).
 */
export function jsonlLine(task: ExportTask): string {
  // Assembled by hand, not by one JSON.stringify of the whole record, so that the stored JSON text
  // of data, gold and values goes out as it is; the output is the same, key for key.
  let judgments = "";
  for (const judgment of task.judgments) {
    judgments += `${judgments ? "," : ""}{"id":${judgment.id},"annotatorId":${jsonString(judgment.annotatorId)},"value":${
      judgment.valueJson ?? JSON.stringify(judgment.value)
    },"guidelineVersion":${judgment.guidelineVersion},"activeMs":${judgment.activeMs},"createdAt":"${isoTime(judgment.createdAt)}"}`;
  }
  const aggregate = task.aggregate
    ? `{"value":${JSON.stringify(task.aggregate.value)},"confidence":${JSON.stringify(roundConfidence(task.aggregate.confidence))}}`
    : "null";
  const gold = task.goldJson !== undefined ? (task.goldJson ?? "null") : JSON.stringify(task.gold);
  return `{"task":{"id":${task.id},"externalId":${JSON.stringify(task.externalId)},"data":${
    task.dataJson ?? JSON.stringify(task.data)
  }},"gold":${gold},"judgments":[${judgments}],"aggregate":${aggregate},"status":${JSON.stringify(
    task.status,
  )},"required":${task.required},"review":${jsonReview(task.review)},"labelSource":${
    task.aggregate ? `"${labelSourceOf(task.aggregate.method ?? "")}"` : "null"
  }}\n`;
}

function jsonReview(review: ExportReview | null | undefined): string {
  if (!review) return "null";
  const reviewer = review.reviewerId === null ? "null" : jsonString(review.reviewerId);
  const at = review.reviewedAt === null ? "null" : `"${isoTime(review.reviewedAt)}"`;
  return `{"status":"${review.status}","source":"${review.source}","reviewerId":${reviewer},"reviewedAt":${at}}`;
}

/** A task's review as CSV cells: status, source, reviewer id, time (all empty when none). */
function csvReviewCells(review: ExportReview | null | undefined): string {
  if (!review) return ",,,";
  const reviewer = review.reviewerId === null ? "" : csvTextCell(review.reviewerId);
  const at = review.reviewedAt === null ? "" : csvTimeCell(isoTime(review.reviewedAt));
  return `${review.status},${review.source},${reviewer},${at}`;
}

/**
 * Texts computed from texts, remembered (at most `size`; all forgotten when full): an export's
 * annotator ids and label values repeat on nearly every row.
 */
class RecentTexts {
  #known = new Map<string, string>();
  constructor(readonly size: number) {}

  get(key: string): string | undefined {
    return this.#known.get(key);
  }

  set(key: string, value: string): string {
    if (this.#known.size >= this.size) this.#known = new Map();
    this.#known.set(key, value);
    return value;
  }
}

const quotedIds = new RecentTexts(4096);
function jsonString(text: string): string {
  return quotedIds.get(text) ?? quotedIds.set(text, JSON.stringify(text));
}

const idCells = new RecentTexts(4096);
function csvTextCell(text: string): string {
  return idCells.get(text) ?? idCells.set(text, csvCellText(text));
}

/**
 * A judgment's label as a CSV cell, once per distinct stored JSON text (the first judgment with
 * that text parses and checks it through `value`).
 */
const labelCells = new RecentTexts(4096);
function csvLabelCell(judgment: ExportJudgment): string {
  const json = judgment.valueJson;
  if (json === undefined) return csvCellText(csvCell(judgment.value));
  return labelCells.get(json) ?? labelCells.set(json, csvCellText(csvCell(judgment.value)));
}

/**
 * A judgment's label name (`labelName`) as a CSV cell, once per distinct stored JSON text for
 * one schema (an export has one; another schema starts afresh).
 */
let labelNameSchema: LabelSchema | undefined;
let labelNameCells = new RecentTexts(4096);
function csvLabelNameCell(schema: LabelSchema, judgment: ExportJudgment): string {
  const cell = () => csvCellText(csvCell(labelName(schema, judgment.value)));
  const json = judgment.valueJson;
  if (json === undefined) return cell();
  if (schema !== labelNameSchema) {
    labelNameSchema = schema;
    labelNameCells = new RecentTexts(4096);
  }
  return labelNameCells.get(json) ?? labelNameCells.set(json, cell());
}

/** An ISO time as a CSV cell: as it is unless its year has a sign (before 0 or after 9999). */
function csvTimeCell(iso: string): string {
  const first = iso.charCodeAt(0);
  return first >= 48 && first <= 57 ? iso : csvCellText(iso);
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
  "label_name",
  "review_status",
  "review_source",
  "reviewer_id",
  "reviewed_at",
] as const;
const perTaskColumns = [
  "label",
  "confidence",
  "judgments",
  "gold",
  "status",
  "required",
  "label_name",
  "review_status",
  "review_source",
  "reviewer_id",
  "reviewed_at",
  "label_source",
] as const;
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
 * judgment_id, annotator_id, label, guideline_version, active_ms, created_at, gold, label_name,
 * review_status, review_source, reviewer_id, reviewed_at`: label_name is the judgment's label's
 * name in the schema, and the review columns the task's (see `ExportReview`).
 */
export function csvPerJudgmentHeader(dataFields: readonly string[]): string {
  const own = [...taskColumns, ...perJudgmentColumns];
  return csvRow([...taskColumns, ...dataColumnNames(dataFields, own), ...perJudgmentColumns]);
}

/**
 * The rows of one task in the per-judgment CSV export (none when it has no judgments): the cells
 * of `csvRow`, with the task's own cells written once for all its judgments.
 */
export function csvPerJudgmentRows(task: ExportTask, dataFields: readonly string[], schema: LabelSchema): string {
  if (task.judgments.length === 0) return "";
  let leading = `${csvCellText(task.id)},${csvCellText(task.externalId ?? "")}`;
  for (const field of dataFields) leading += `,${csvCellText(csvCell(task.data[field]))}`;
  const gold = csvCellText(csvCell(task.gold));
  const review = csvReviewCells(task.review);
  let rows = "";
  for (const judgment of task.judgments) {
    rows += `${leading},${judgment.id},${csvTextCell(judgment.annotatorId)},${csvLabelCell(judgment)},${
      judgment.guidelineVersion
    },${judgment.activeMs},${csvTimeCell(isoTime(judgment.createdAt))},${gold},${csvLabelNameCell(schema, judgment)},${review}\n`;
  }
  return rows;
}

/**
 * Header of the one-row-per-task CSV export: `task_id, external_id, <data fields...>, label,
 * confidence, judgments, gold, status, required, label_name, review_status, review_source,
 * reviewer_id, reviewed_at, label_source` where label and confidence are the aggregate's,
 * judgments is their count, status is open, full (being labeled), done or gold (a control task),
 * required is the judgments the task needs, label_name the label's name in the schema, the review
 * columns the task's review (see `ExportReview`) and label_source where the label came from
 * (`LabelSource`).
 */
export function csvPerTaskHeader(dataFields: readonly string[]): string {
  const own = [...taskColumns, ...perTaskColumns];
  return csvRow([...taskColumns, ...dataColumnNames(dataFields, own), ...perTaskColumns]);
}

/**
 * One task's row in the per-task CSV export. Lists are written as JSON. Label, confidence (to 4
 * decimals), label name and label source are written for done tasks only: before its last judgment a task's
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
    task.review?.status ?? "",
    task.review?.source ?? "",
    task.review?.reviewerId ?? "",
    csvCell(task.review?.reviewedAt == null ? null : isoTime(task.review.reviewedAt)),
    aggregate ? labelSourceOf(aggregate.method ?? "") : "",
  ]);
}
