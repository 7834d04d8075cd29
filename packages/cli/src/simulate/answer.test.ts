import { type LabelSchema, type LabelValue, labelKey, validateLabelValue } from "@quorum/core";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "./annotator-model.js";
import { latentTruth, simulateAnswer } from "./answer.js";

const taxonomy: LabelSchema = {
  type: "multi_label",
  options: [
    { value: "hate", label: "Hate", group: "Hate & harassment" },
    { value: "harassment", label: "Harassment", group: "Hate & harassment" },
    { value: "violence", label: "Violence", group: "Violence & harm" },
    { value: "self_harm", label: "Self-harm", group: "Violence & harm" },
    { value: "spam", label: "Spam" },
    { value: "none", label: "None" },
  ],
  minSelected: 1,
  maxSelected: 6,
};

const cases: { name: string; schema: LabelSchema; data: Record<string, unknown>; truth: LabelValue }[] = [
  {
    name: "single choice",
    schema: { type: "single_choice", options: ["cat", "dog", "bird"].map((value) => ({ value, label: value })) },
    data: {},
    truth: "dog",
  },
  { name: "multi-label", schema: taxonomy, data: {}, truth: ["harassment", "violence"] },
  { name: "multi-label none", schema: taxonomy, data: {}, truth: ["none"] },
  { name: "rating", schema: { type: "rating", min: 0, max: 4, labels: {} }, data: {}, truth: 2 },
  { name: "pairwise", schema: { type: "pairwise", allowTie: true }, data: {}, truth: "left" },
  {
    name: "ranking",
    schema: { type: "ranking", itemsField: "items" },
    data: { items: [{ id: "a" }, { id: "b" }, { id: "c" }, { id: "d" }] },
    truth: ["c", "a", "d", "b"],
  },
  {
    name: "free text",
    schema: { type: "free_text", minLength: 5, maxLength: 200 },
    data: { text: "The hotel was fine." },
    truth: "A short stay at a fine hotel.",
  },
];

function draw(schema: LabelSchema, data: Record<string, unknown>, truth: LabelValue, accuracy: number, n = 4000) {
  const random = mulberry32(11);
  return Array.from({ length: n }, () => simulateAnswer(schema, { data, truth }, { accuracy }, random));
}

describe("simulateAnswer", () => {
  it.each(cases)(
    "$name: is right about as often as the accuracy, and always valid and canonical",
    ({ schema, data, truth }) => {
      const answers = draw(schema, data, truth, 0.8);
      for (const answer of answers) {
        const checked = validateLabelValue(schema, answer, data);
        expect(checked.ok).toBe(true);
        if (checked.ok) expect(labelKey(checked.value)).toBe(labelKey(answer));
      }
      const right = answers.filter((a) => labelKey(a) === labelKey(truth)).length / answers.length;
      expect(right).toBeGreaterThan(0.77);
      expect(right).toBeLessThan(0.83);
    },
  );

  it("misses a rating mostly by one step", () => {
    const answers = draw({ type: "rating", min: 0, max: 4, labels: {} }, {}, 2, 0.5) as number[];
    const wrong = answers.filter((a) => a !== 2);
    const byOne = wrong.filter((a) => Math.abs(a - 2) === 1).length;
    expect(byOne / wrong.length).toBeGreaterThan(0.7);
  });

  it("gets pairwise wrong mostly by picking the other side", () => {
    const answers = draw({ type: "pairwise", allowTie: true }, {}, "left", 0.5);
    const wrong = answers.filter((a) => a !== "left");
    expect(wrong.filter((a) => a === "right").length / wrong.length).toBeGreaterThan(0.55);
  });

  it("ranks wrongly with a permutation close to the truth", () => {
    const truth = ["a", "b", "c", "d", "e"];
    const data = { items: truth.map((id) => ({ id })) };
    const answers = draw({ type: "ranking", itemsField: "items" }, data, truth, 0, 500) as string[][];
    for (const answer of answers) {
      expect([...answer].sort()).toEqual(truth);
      const displaced = answer.filter((item, i) => item !== truth[i]).length;
      expect(displaced).toBeGreaterThanOrEqual(2);
      expect(displaced).toBeLessThanOrEqual(4);
    }
  });

  it("follows a confusion row instead of the accuracy for that class", () => {
    const schema: LabelSchema = {
      type: "single_choice",
      options: ["a", "b", "c"].map((value) => ({ value, label: value })),
    };
    const random = mulberry32(5);
    const profile = { accuracy: 0.99, confusion: { a: { a: 1, b: 1 } } };
    const answers = Array.from({ length: 4000 }, () =>
      simulateAnswer(schema, { data: {}, truth: "a" }, profile, random),
    );
    const b = answers.filter((a) => a === "b").length / answers.length;
    expect(b).toBeGreaterThan(0.46);
    expect(b).toBeLessThan(0.54);
    expect(answers).not.toContain("c");
  });

  it("confuses sibling labels of a taxonomy group through a confusion profile", () => {
    const random = mulberry32(8);
    const profile = { accuracy: 1, confusion: { hate: { hate: 0.6, harassment: 0.4 } } };
    const answers = Array.from({ length: 2000 }, () =>
      simulateAnswer(taxonomy, { data: {}, truth: ["hate", "spam"] }, profile, random),
    );
    const swapped = answers.filter((a) => labelKey(a) === labelKey(["harassment", "spam"])).length / answers.length;
    expect(swapped).toBeGreaterThan(0.35);
    expect(swapped).toBeLessThan(0.45);
  });
});

describe("latentTruth", () => {
  it.each(cases)("$name: is a valid answer and the same for the same seed", ({ schema, data }) => {
    for (let seed = 0; seed < 200; seed++) {
      const truth = latentTruth(schema, data, mulberry32(seed));
      expect(validateLabelValue(schema, truth, data).ok).toBe(true);
      expect(latentTruth(schema, data, mulberry32(seed))).toEqual(truth);
    }
  });
});
