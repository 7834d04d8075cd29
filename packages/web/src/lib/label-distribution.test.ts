import { expect, it } from "vitest";
import { labelDistribution } from "./label-distribution.js";

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
