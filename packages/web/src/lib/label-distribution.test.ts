import { expect, it } from "vitest";
import { labelDistribution, namedLabelCounts } from "./label-distribution.js";

it("labelDistribution counts aggregates per option in schema order", () => {
  const schema = { type: "rating" as const, min: 0, max: 2, labels: { "2": "Good" } };
  expect(labelDistribution(schema, [2, 2, 0, null, 7])).toEqual({
    counts: [
      { value: "0", label: "0", count: 1 },
      { value: "1", label: "1", count: 0 },
      { value: "2", label: "Good", count: 2 },
    ],
    unlabeled: 1,
    labeled: 4,
  });
  const multi = {
    type: "multi_label" as const,
    options: [
      { value: "a", label: "A" },
      { value: "b", label: "B" },
    ],
    minSelected: 0,
    maxSelected: 2,
  };
  expect(labelDistribution(multi, [["a", "b"], ["b"], []]).counts.map((c) => c.count)).toEqual([1, 2]);
});

it("namedLabelCounts names the report's label keys in schema order, unknown keys last", () => {
  const schema = {
    type: "multi_label" as const,
    options: [
      { value: "hate", label: "Hate" },
      { value: "spam", label: "Spam" },
    ],
    minSelected: 0,
    maxSelected: 2,
  };
  expect(
    namedLabelCounts(schema, [
      { label: "spam", judgments: 5 },
      { label: "(none)", judgments: 2 },
      { label: '["hate","spam"]', judgments: 1 },
    ]),
  ).toEqual([
    { value: "hate", label: "Hate", count: 0 },
    { value: "spam", label: "Spam", count: 5 },
    { value: "(none)", label: "(none)", count: 2 },
    { value: '["hate","spam"]', label: "Hate, Spam", count: 1 },
  ]);
});
