import { describe, expect, it } from "vitest";
import type { LabelSchema, LabelValue } from "../label-schema.js";
import { labelStudioClose, labelStudioOpen, labelStudioResult, labelStudioTask } from "./export-label-studio.js";
import type { ExportTask } from "./export-rows.js";
import { labelStudioAnswer } from "./label-studio-import.js";

const choice: LabelSchema = { type: "single_choice", options: [{ value: "pos", label: "Positive" }] };

const task: ExportTask = {
  id: 3,
  externalId: "doc-3",
  data: { text: "hello" },
  gold: "pos",
  aggregate: { value: "pos", confidence: 0.9 },
  judgments: [{ id: 11, annotatorId: "ann-1", value: "pos", guidelineVersion: 1, activeMs: 2500, createdAt: 1_000 }],
  status: "done",
  required: 1,
};

const region = (type: string, value: Record<string, unknown>) => [{ from_name: "label", to_name: "item", type, value }];

describe("labelStudioResult", () => {
  it.each<[LabelSchema, LabelValue, ReturnType<typeof region>]>([
    [choice, "pos", region("choices", { choices: ["pos"] })],
    [
      { type: "multi_label", options: [], minSelected: 0, maxSelected: 3 },
      ["a", "b"],
      region("choices", { choices: ["a", "b"] }),
    ],
    [{ type: "rating", min: 1, max: 5, labels: {} }, 4, region("rating", { rating: 4 })],
    [{ type: "pairwise", allowTie: true }, "left", region("pairwise", { selected: "left" })],
    [{ type: "ranking", itemsField: "items" }, ["b", "a"], region("ranker", { ranker: { item: ["b", "a"] } })],
    [{ type: "free_text", minLength: 1, maxLength: 50 }, "text", region("textarea", { text: ["text"] })],
  ])("writes a %s answer as Label Studio does, and labelStudioAnswer reads it back", (schema, value, expected) => {
    expect(labelStudioResult(schema, value)).toEqual(expected);
    expect(labelStudioAnswer(schema, expected)).toEqual({ ok: true, value });
  });
});

describe("labelStudioTask", () => {
  it("writes a JSON array of tasks with annotations and the aggregate as a prediction", () => {
    const text =
      labelStudioOpen() +
      labelStudioTask(task, choice, true) +
      labelStudioTask({ ...task, id: 4, externalId: null, aggregate: null, judgments: [] }, choice, false) +
      labelStudioClose();
    expect(JSON.parse(text)).toEqual([
      {
        id: 3,
        data: { text: "hello" },
        meta: { external_id: "doc-3", label_source: "consensus" },
        annotations: [
          {
            id: 11,
            completed_by: "ann-1",
            result: region("choices", { choices: ["pos"] }),
            created_at: "1970-01-01T00:00:01.000Z",
            lead_time: 2.5,
            ground_truth: false,
          },
        ],
        predictions: [
          { model_version: "quorum-aggregate", score: 0.9, result: region("choices", { choices: ["pos"] }) },
        ],
      },
      { id: 4, data: { text: "hello" }, annotations: [] },
    ]);
  });

  it("writes the review and the label's source into the task's meta, which the import passes over", () => {
    const corrected: ExportTask = {
      ...task,
      externalId: null,
      aggregate: { value: "pos", confidence: 1, method: "review" },
      review: { status: "corrected", source: "low_confidence", reviewerId: "8", reviewedAt: 2_000 },
    };
    expect(JSON.parse(labelStudioTask(corrected, choice, true)).meta).toEqual({
      review: { status: "corrected", source: "low_confidence", reviewer: "8", reviewed_at: "1970-01-01T00:00:02.000Z" },
      label_source: "review",
    });
    const pending: ExportTask = {
      ...task,
      aggregate: null,
      review: { status: "pending", source: "sample", reviewerId: null, reviewedAt: null },
    };
    expect(JSON.parse(labelStudioTask(pending, choice, true)).meta).toEqual({
      external_id: "doc-3",
      review: { status: "pending", source: "sample", reviewer: null, reviewed_at: null },
    });
  });

  it("writes an empty export as an empty array", () => {
    expect(JSON.parse(labelStudioOpen() + labelStudioClose())).toEqual([]);
  });

  it("writes the gold as a ground-truth annotation only when asked", () => {
    const plain = JSON.parse(labelStudioTask(task, choice, true));
    expect(plain.annotations.some((a: { ground_truth: boolean }) => a.ground_truth)).toBe(false);
    const withGold = JSON.parse(labelStudioTask(task, choice, true, { goldAsGroundTruth: true }));
    expect(withGold.annotations[0]).toEqual({
      completed_by: "gold",
      result: region("choices", { choices: ["pos"] }),
      ground_truth: true,
    });
  });
});
