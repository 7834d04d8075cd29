import type { LabelSchema } from "@quorum/core";
import { expect, it } from "vitest";
import { describeMethod, labelKeyOf } from "./review.js";

const multi: LabelSchema = {
  type: "multi_label",
  options: [
    { value: "a", label: "A" },
    { value: "b", label: "B" },
  ],
  minSelected: 0,
  maxSelected: 2,
};
const ranking: LabelSchema = { type: "ranking", itemsField: "items" };

it("compares multi-label answers as sets and rankings in order", () => {
  expect(labelKeyOf(multi, ["b", "a"])).toBe(labelKeyOf(multi, ["a", "b"]));
  expect(labelKeyOf(ranking, ["b", "a"])).not.toBe(labelKeyOf(ranking, ["a", "b"]));
  expect(labelKeyOf(multi, 3)).toBe("3");
});

it("names aggregation methods", () => {
  expect(describeMethod("online-ds")).toBe("online Dawid-Skene");
  expect(describeMethod("review")).toBe("a reviewer's verdict");
  expect(describeMethod("some_new-method")).toBe("some new method");
});
