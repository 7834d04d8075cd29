import type { LabelSchema, LabelValue } from "../label-schema.js";
import { labelSourceOf } from "./export-review.js";
import { type ExportTask, isoTime } from "./export-rows.js";

/** One region of a Label Studio annotation result. */
export interface LabelStudioRegion {
  from_name: string;
  to_name: string;
  type: string;
  value: Record<string, unknown>;
}

/** Control and object tag names written into every result, as in a `<Choices name="label" toName="item">` config. */
const FROM_NAME = "label";
const TO_NAME = "item";

const asList = (value: LabelValue): string[] => (Array.isArray(value) ? value : [String(value)]);

/**
 * An answer as a Label Studio annotation result, the mirror of `labelStudioAnswer`: `choices`
 * (one value, or several for multi-label), `rating`, `pairwise` `{selected}`, `ranker`
 * `{ranker: {item: [ids]}}` and `textarea` `{text: [text]}`. A pairwise tie is written as
 * `selected: "tie"`, which Label Studio itself has no equivalent for.
 */
export function labelStudioResult(schema: LabelSchema, value: LabelValue): LabelStudioRegion[] {
  const region = (type: string, regionValue: Record<string, unknown>): LabelStudioRegion[] => [
    { from_name: FROM_NAME, to_name: TO_NAME, type, value: regionValue },
  ];
  switch (schema.type) {
    case "single_choice":
    case "multi_label":
      return region("choices", { choices: asList(value) });
    case "rating":
      return region("rating", { rating: typeof value === "number" ? value : Number(value) });
    case "pairwise":
      return region("pairwise", { selected: String(value) });
    case "ranking":
      return region("ranker", { ranker: { [TO_NAME]: asList(value) } });
    case "free_text":
      return region("textarea", { text: [String(value)] });
  }
}

export interface LabelStudioTaskOptions {
  /**
   * Also write the gold answer as a `ground_truth: true` annotation (completed by "gold"), which
   * `parseTasks("label-studio", ...)` reads back as the gold. Off by default.
   */
  goldAsGroundTruth?: boolean;
}

/** Opens the Label Studio export: a JSON array with one task per line. */
export function labelStudioOpen(): string {
  return "[\n";
}

/**
 * One task of the Label Studio export, preceded by the separating comma unless `isFirst`:
 * `{id, data, meta?: {external_id?, review?, label_source?}, annotations: [{id, completed_by,
 * result, created_at, lead_time (seconds), ground_truth}], predictions?: [{model_version, score,
 * result}]}` with the aggregate as the prediction and its confidence as the score. Label Studio
 * keeps a task's `meta` as it is: the review goes there as `{status, source, reviewer, reviewed_at}`
 * (see `ExportReview`; `reviewer` a user id as `completed_by` names annotators) and `label_source`
 * says where the prediction's label came from (`LabelSource`). Each is left out when there is none.
 */
export function labelStudioTask(
  task: ExportTask,
  schema: LabelSchema,
  isFirst: boolean,
  options: LabelStudioTaskOptions = {},
): string {
  const annotations: Record<string, unknown>[] = [];
  if (options.goldAsGroundTruth && task.gold !== null) {
    annotations.push({ completed_by: "gold", result: labelStudioResult(schema, task.gold), ground_truth: true });
  }
  for (const judgment of task.judgments) {
    annotations.push({
      id: judgment.id,
      completed_by: judgment.annotatorId,
      result: labelStudioResult(schema, judgment.value),
      created_at: isoTime(judgment.createdAt),
      lead_time: judgment.activeMs / 1000,
      ground_truth: false,
    });
  }
  const record: Record<string, unknown> = { id: task.id, data: task.data };
  const meta: Record<string, unknown> = {};
  if (task.externalId !== null) meta.external_id = task.externalId;
  if (task.review) {
    const { status, source, reviewerId, reviewedAt } = task.review;
    meta.review = {
      status,
      source,
      reviewer: reviewerId,
      reviewed_at: reviewedAt === null ? null : isoTime(reviewedAt),
    };
  }
  if (task.aggregate !== null) meta.label_source = labelSourceOf(task.aggregate.method ?? "");
  if (Object.keys(meta).length > 0) record.meta = meta;
  record.annotations = annotations;
  if (task.aggregate !== null) {
    record.predictions = [
      {
        model_version: "quorum-aggregate",
        score: task.aggregate.confidence,
        result: labelStudioResult(schema, task.aggregate.value),
      },
    ];
  }
  return `${isFirst ? "" : ",\n"}${JSON.stringify(record)}`;
}

/** Closes the Label Studio export. */
export function labelStudioClose(): string {
  return "\n]\n";
}
