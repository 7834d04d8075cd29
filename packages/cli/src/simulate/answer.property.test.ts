import { type LabelSchema, validateLabelValue } from "@quorum/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "./annotator-model.js";
import { latentTruth, simulateAnswer } from "./answer.js";

const optionValues = fc.uniqueArray(fc.constantFrom("none", "a", "b", "c", "d", "e", "f"), {
  minLength: 1,
  maxLength: 7,
});

const schemas: fc.Arbitrary<LabelSchema> = fc.oneof(
  optionValues.map((values) => ({
    type: "single_choice" as const,
    options: values.map((value) => ({ value, label: value })),
  })),
  optionValues.chain((values) =>
    fc.tuple(fc.integer({ min: 0, max: values.length }), fc.integer({ min: 0, max: values.length })).map(([x, y]) => ({
      type: "multi_label" as const,
      options: values.map((value, i) => ({ value, label: value, ...(i % 2 === 0 ? { group: "g" } : {}) })),
      minSelected: Math.min(x, y),
      maxSelected: Math.max(x, y, 1),
    })),
  ),
  fc
    .tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 1, max: 10 }))
    .map(([min, span]) => ({ type: "rating" as const, min, max: min + span, labels: {} })),
  fc.boolean().map((allowTie) => ({ type: "pairwise" as const, allowTie })),
  fc.constant({ type: "ranking" as const, itemsField: "items" }),
  fc
    .tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 60 }))
    .map(([minLength, extra]) => ({ type: "free_text" as const, minLength, maxLength: minLength + extra })),
);

const data = fc.record({
  text: fc.string({ maxLength: 80 }),
  items: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 6 }),
});

describe("simulated answers (property)", () => {
  it("are valid for any schema, truth, accuracy and seed", () => {
    fc.assert(
      fc.property(
        schemas,
        data,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer(),
        (schema, task, accuracy, seed) => {
          const random = mulberry32(seed);
          const truth = latentTruth(schema, task, random);
          expect(validateLabelValue(schema, truth, task).ok).toBe(true);
          for (let i = 0; i < 5; i++) {
            const answer = simulateAnswer(schema, { data: task, truth }, { accuracy }, random);
            const checked = validateLabelValue(schema, answer, task);
            expect(checked.ok, JSON.stringify({ schema, answer })).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
