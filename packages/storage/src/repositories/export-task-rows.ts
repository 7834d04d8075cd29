/**
 * Export rows as read from either database (array tuples, in task order) turned into export
 * tasks, their JSON parsed only when read. Imports nothing of the query builder or the rest of
 * storage: the export's worker threads load this module, and every module a worker loads is
 * held once per worker (see `export-range-readers.ts`).
 */
import type { ExportJudgment, ExportReview, ExportTask, TaskAggregate } from "@quorum/core";
import { isLabelValue, REVIEW_SOURCES, REVIEW_STATUSES, TASK_STATUSES } from "@quorum/core/export-rendering";
import { isObject, isTaskAggregate, oneOf, parseJsonColumn, parseNullableJsonColumn } from "./json-column.js";

const readStatus = oneOf(TASK_STATUSES, "tasks.status");
const readReviewStatus = oneOf(REVIEW_STATUSES, "review_items.status");
const readReviewSource = oneOf(REVIEW_SOURCES, "review_items.source");

/** A task row as [id, external_id, data, gold, aggregate, confidence, status, required]. */
export type TaskTuple = [number, string | null, string, string | null, string | null, number | null, string, number];
/** PostgreSQL's task row: a task tuple, then its review's status, source, reviewer_id, reviewed_at (null without one). */
export type PgTaskTuple = [...TaskTuple, string | null, string | null, number | null, number | null];
/** A task row with more columns after those (PostgreSQL's, with its review joined in). */
export type TaskRow = [...TaskTuple, ...(string | number | null)[]];
/** A judgment row as [id, task_id, annotator_id, value, guideline_version, active_ms, created_at]. */
export type JudgmentTuple = [number, number, number, string, number, number, number];
/**
 * A review item as [task_id, status, source, reviewer_id, reviewed_at], the items of a range in
 * task order, each task's exported one (`ExportReview`) first.
 */
export type ReviewTuple = [number, string, string, number | null, number | null];

/** Task rows with their judgments and review items (all in task order) as export tasks. */
export function* withJudgments(
  tasks: TaskRow[],
  judgments: JudgmentTuple[],
  reviews: ReviewTuple[],
): Generator<ExportTask> {
  let next = 0;
  let nextReview = 0;
  for (const row of tasks) {
    const own: ExportJudgment[] = [];
    while (next < judgments.length && judgments[next]![1] === row[0]) own.push(toExportJudgment(judgments[next++]!));
    // Items of tasks left out (onlyLabeled) are passed over; a task's first item is its own.
    while (nextReview < reviews.length && reviews[nextReview]![0] < row[0]) nextReview++;
    let review: ExportReview | null = null;
    if (nextReview < reviews.length && reviews[nextReview]![0] === row[0])
      review = toExportReview(reviews[nextReview]!);
    yield toExportTask(row, own, review);
  }
}

function toExportTask(row: TaskRow, judgments: ExportJudgment[], review: ExportReview | null): ExportTask {
  const aggregate = row[4] === null ? null : parsedAggregate(row[4]);
  const label = aggregate ? { value: aggregate.value, confidence: row[5] ?? 0, method: aggregate.method } : null;
  return new StoredTask(row, label, judgments, review);
}

/** A review item as exported: a pending one names no reviewer or time (a claim is no verdict). */
function toExportReview(row: ReviewTuple): ExportReview {
  const status = readReviewStatus(row[1]);
  const pending = status === "pending";
  return {
    status,
    source: readReviewSource(row[2]),
    reviewerId: pending || row[3] === null ? null : String(row[3]),
    reviewedAt: pending ? null : row[4],
  };
}

/**
 * Stored aggregates, parsed and checked once per distinct text: most tasks share one of a few
 * (`{"value":2,"method":"majority"}`). At most `AGGREGATES_KEPT`, all forgotten when full. The
 * parsed values are shared between tasks, so nothing may change them.
 */
const AGGREGATES_KEPT = 4096;
let aggregates = new Map<string, TaskAggregate>();
function parsedAggregate(text: string): TaskAggregate {
  let aggregate = aggregates.get(text);
  if (aggregate === undefined) {
    aggregate = parseJsonColumn(text, "tasks.aggregate", isTaskAggregate);
    if (aggregates.size >= AGGREGATES_KEPT) aggregates = new Map();
    aggregates.set(text, aggregate);
  }
  return aggregate;
}

function toExportJudgment(row: JudgmentTuple): ExportJudgment {
  return new StoredJudgment(row);
}

/**
 * A task as stored, its JSON parsed (and checked) only when read. A class rather than object
 * literals with getters: those made a closure per task, and the garbage collector a quarter of
 * the export's CPU.
 */
class StoredTask implements ExportTask {
  readonly id: number;
  readonly externalId: string | null;
  readonly dataJson: string;
  readonly goldJson: string | null;
  readonly status: ExportTask["status"];
  readonly required: number;
  #data: Record<string, unknown> | undefined;
  #gold: ExportTask["gold"] | undefined;

  constructor(
    row: TaskRow,
    readonly aggregate: ExportTask["aggregate"],
    readonly judgments: ExportJudgment[],
    readonly review: ExportReview | null,
  ) {
    this.id = row[0];
    this.externalId = row[1];
    this.dataJson = row[2];
    this.goldJson = row[3];
    this.status = readStatus(row[6]);
    this.required = row[7];
  }

  get data(): Record<string, unknown> {
    this.#data ??= parseJsonColumn(this.dataJson, "tasks.data", isObject);
    return this.#data;
  }

  get gold(): ExportTask["gold"] {
    if (this.#gold === undefined) this.#gold = parseNullableJsonColumn(this.goldJson, "tasks.gold", isLabelValue);
    return this.#gold;
  }
}

class StoredJudgment implements ExportJudgment {
  readonly id: number;
  readonly annotatorId: string;
  readonly valueJson: string;
  readonly guidelineVersion: number;
  readonly activeMs: number;
  readonly createdAt: number;
  #value: ExportJudgment["value"] | undefined;

  constructor(row: JudgmentTuple) {
    this.id = row[0];
    this.annotatorId = String(row[2]);
    this.valueJson = row[3];
    this.guidelineVersion = row[4];
    this.activeMs = row[5];
    this.createdAt = row[6];
  }

  get value(): ExportJudgment["value"] {
    this.#value ??= parseJsonColumn(this.valueJson, "judgments.value", isLabelValue);
    return this.#value;
  }
}
