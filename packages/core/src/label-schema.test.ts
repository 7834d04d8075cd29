import { describe, expect, it } from "vitest";
import { DomainError } from "./errors.js";
import { parseLabelSchema, validateLabelValue } from "./label-schema.js";

const taxonomy = parseLabelSchema({
  type: "multi_label",
  options: [
    { value: "hate", label: "Hate" },
    { value: "spam", label: "Spam" },
    { value: "none", label: "No violation", exclusive: true },
  ],
});

describe("exclusive multi-label options", () => {
  it("keeps the flag in the canonical schema", () => {
    expect(taxonomy.type === "multi_label" && taxonomy.options.map((o) => o.exclusive ?? false)).toEqual([
      false,
      false,
      true,
    ]);
  });

  it("refuses an exclusive option together with another, naming it", () => {
    expect(validateLabelValue(taxonomy, ["none", "spam"])).toEqual({
      ok: false,
      errors: [{ path: "value", message: '"No violation" cannot be combined with other options' }],
    });
  });

  it("accepts an exclusive option alone and the others together", () => {
    expect(validateLabelValue(taxonomy, ["none"])).toEqual({ ok: true, value: ["none"] });
    expect(validateLabelValue(taxonomy, ["spam", "hate"])).toEqual({ ok: true, value: ["hate", "spam"] });
  });

  it("refuses a flag that is not true or false, and on a single-choice option", () => {
    const bad = () =>
      parseLabelSchema({ type: "multi_label", options: [{ value: "a", exclusive: "yes" }, { value: "b" }] });
    expect(bad).toThrow(DomainError);
    try {
      bad();
    } catch (error) {
      expect((error as DomainError).details).toEqual([
        { path: "schema.options[0].exclusive", message: "must be true or false" },
      ]);
    }
    expect(() => parseLabelSchema({ type: "single_choice", options: [{ value: "a", exclusive: true }] })).toThrow(
      /not valid/,
    );
  });
});
