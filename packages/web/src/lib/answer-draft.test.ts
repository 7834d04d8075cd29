import type { LabelSchema } from "@quorum/core";
import { describe, expect, it } from "vitest";
import { draftOfValue, draftTouched, draftValue, initialDraft, moveRankingItem, pickOption } from "./answer-draft.js";

const options = [
  { value: "a", label: "A" },
  { value: "b", label: "B" },
  { value: "c", label: "C" },
];

describe("answer drafts", () => {
  it("single choice needs a pick", () => {
    const schema: LabelSchema = { type: "single_choice", options };
    const draft = initialDraft(schema, {});
    expect(draftValue(schema, draft, {})).toEqual({ ok: false, message: "Pick an answer first" });
    expect(draftValue(schema, pickOption(schema, draft, 1), {})).toEqual({ ok: true, value: "b" });
    expect(pickOption(schema, draft, 7)).toEqual(draft);
  });

  it("multi-label toggles, respects the maximum and reports the minimum", () => {
    const schema: LabelSchema = { type: "multi_label", options, minSelected: 1, maxSelected: 2 };
    let draft = initialDraft(schema, {});
    expect(draftValue(schema, draft, {})).toEqual({ ok: false, message: "Choose between 1 and 2 options" });
    draft = pickOption(schema, draft, 2);
    draft = pickOption(schema, draft, 0);
    draft = pickOption(schema, draft, 1);
    expect(draft).toEqual({ type: "multi", selected: ["c", "a"] });
    expect(draftValue(schema, draft, {})).toEqual({ ok: true, value: ["a", "c"] });
    expect(pickOption(schema, draft, 0)).toEqual({ type: "multi", selected: ["c"] });
  });

  it("rating picks by position on the scale", () => {
    const schema: LabelSchema = { type: "rating", min: 0, max: 4, labels: {} };
    expect(draftValue(schema, pickOption(schema, initialDraft(schema, {}), 3), {})).toEqual({ ok: true, value: 3 });
  });

  it("pairwise picks left, right or tie", () => {
    const schema: LabelSchema = { type: "pairwise", allowTie: true };
    expect(draftValue(schema, pickOption(schema, initialDraft(schema, {}), 2), {})).toEqual({ ok: true, value: "tie" });
  });

  it("ranking starts in the given order and moves the focused item", () => {
    const schema: LabelSchema = { type: "ranking", itemsField: "items" };
    const data = { items: [{ id: "x", text: "X" }, { id: "y" }, { id: "z" }] };
    const start = initialDraft(schema, data);
    expect(start).toEqual({ type: "ranking", order: ["x", "y", "z"], focused: 0 });
    let draft = moveRankingItem(pickOption(schema, start, 2), -1);
    expect(draft).toEqual({ type: "ranking", order: ["x", "z", "y"], focused: 1 });
    draft = moveRankingItem(moveRankingItem(draft, -1), -1);
    expect(draft).toEqual({ type: "ranking", order: ["z", "x", "y"], focused: 0 });
    expect(draftTouched(draft, start)).toBe(true);
    expect(draftValue(schema, draft, data)).toEqual({ ok: true, value: ["z", "x", "y"] });
  });

  it("free text is trimmed and length-checked", () => {
    const schema: LabelSchema = { type: "free_text", minLength: 3, maxLength: 10 };
    expect(draftValue(schema, { type: "text", text: "  hello " }, {})).toEqual({ ok: true, value: "hello" });
    expect(draftValue(schema, { type: "text", text: "hi" }, {})).toMatchObject({ ok: false });
  });
});

describe("exclusive multi-label options", () => {
  const schema: LabelSchema = {
    type: "multi_label",
    options: [
      { value: "hate", label: "Hate" },
      { value: "spam", label: "Spam" },
      { value: "none", label: "No violation", exclusive: true },
    ],
    minSelected: 1,
    maxSelected: 3,
  };

  it("ticking the exclusive option clears the others, and ticking another clears it", () => {
    let draft = initialDraft(schema, {});
    draft = pickOption(schema, draft, 0);
    draft = pickOption(schema, draft, 1);
    draft = pickOption(schema, draft, 2);
    expect(draftValue(schema, draft, {})).toEqual({ ok: true, value: ["none"] });
    draft = pickOption(schema, draft, 1);
    expect(draftValue(schema, draft, {})).toEqual({ ok: true, value: ["spam"] });
  });

  it("holds a stored gold answer for correction, and starts empty when it does not fit", () => {
    const single: LabelSchema = { type: "single_choice", options };
    expect(draftOfValue(single, {}, "b")).toEqual({ type: "choice", value: "b" });
    expect(draftOfValue(single, {}, null)).toEqual({ type: "choice", value: null });
    expect(draftOfValue(single, {}, ["a"])).toEqual({ type: "choice", value: null });
    const multi: LabelSchema = { type: "multi_label", options, minSelected: 1, maxSelected: 3 };
    const held = draftOfValue(multi, {}, ["a", "c"]);
    expect(draftValue(multi, held, {})).toEqual({ ok: true, value: ["a", "c"] });
  });
});
