import { describe, expect, it } from "vitest";
import { emptySchemaForm, schemaFormFrom, schemaFromForm, slugify } from "./schema-builder.js";

describe("schemaFromForm", () => {
  it("builds options, making values from labels and skipping blank rows", () => {
    const form = {
      ...emptySchemaForm("multi_label"),
      options: [
        { value: "", label: "Hate speech", group: "Abuse", exclusive: false },
        { value: "spam", label: "Spam", group: "", exclusive: false },
        { value: "", label: "", group: "", exclusive: false },
        { value: "none", label: "No violation", group: "", exclusive: true },
      ],
      minSelected: "0",
      maxSelected: "2",
    };
    expect(schemaFromForm(form)).toEqual({
      ok: true,
      schema: {
        type: "multi_label",
        options: [
          { value: "hate_speech", label: "Hate speech", group: "Abuse" },
          { value: "spam", label: "Spam" },
          { value: "none", label: "No violation", exclusive: true },
        ],
        minSelected: 0,
        maxSelected: 2,
      },
    });
  });

  it("reports the core parser's errors with the server's paths", () => {
    const form = {
      ...emptySchemaForm("single_choice"),
      options: [
        { value: "a", label: "A", group: "", exclusive: false },
        { value: "a", label: "Again", group: "", exclusive: false },
      ],
    };
    expect(schemaFromForm(form)).toEqual({
      ok: false,
      errors: [{ path: "schema.options[1]", message: 'duplicate option "a"' }],
    });
    expect(schemaFromForm({ ...emptySchemaForm("single_choice") })).toMatchObject({
      ok: false,
      errors: [{ path: "schema.options" }],
    });
  });

  it("builds ratings with named points inside the scale", () => {
    const form = { ...emptySchemaForm("rating"), ratingLabels: { "0": "Off-topic", "4": "Perfect", "9": "ignored" } };
    expect(schemaFromForm(form)).toEqual({
      ok: true,
      schema: { type: "rating", min: 0, max: 4, labels: { "0": "Off-topic", "4": "Perfect" } },
    });
    expect(schemaFromForm({ ...form, ratingMax: "x" })).toEqual({
      ok: false,
      errors: [{ path: "schema.max", message: "must be a whole number" }],
    });
  });

  it("round-trips every task type through the form", () => {
    const schemas = [
      {
        type: "single_choice" as const,
        options: [
          { value: "y", label: "Yes" },
          { value: "n", label: "No" },
        ],
      },
      { type: "rating" as const, min: 1, max: 5, labels: { "1": "Bad" } },
      { type: "pairwise" as const, allowTie: false },
      { type: "ranking" as const, itemsField: "results" },
      { type: "free_text" as const, minLength: 5, maxLength: 500 },
    ];
    for (const schema of schemas) expect(schemaFromForm(schemaFormFrom(schema))).toEqual({ ok: true, schema });
  });
});

it("slugify makes stored values", () => {
  expect(slugify("Self-harm (graphic)")).toBe("self_harm_graphic");
  expect(slugify("Übergriff")).toBe("ubergriff");
});
