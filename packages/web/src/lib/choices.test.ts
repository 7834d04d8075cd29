import { describe, expect, it } from "vitest";
import {
  ANSWER_PENDING,
  choicesFor,
  formatAnswer,
  formatAnswerKey,
  formatClassKey,
  formatLabelValue,
} from "./choices.js";

describe("choicesFor", () => {
  it("keys options by position, digits first then letters", () => {
    const options = Array.from({ length: 12 }, (_, i) => ({ value: `v${i}`, label: `L${i}` }));
    const choices = choicesFor({ type: "multi_label", options, minSelected: 0, maxSelected: 12 });
    expect(choices.map((c) => c.key)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "q", "w"]);
  });

  it("keys a 0-4 rating by its values and a wide scale by position", () => {
    const small = choicesFor({ type: "rating", min: 0, max: 4, labels: { "0": "Irrelevant", "4": "Perfect" } });
    expect(small.map((c) => c.key)).toEqual(["0", "1", "2", "3", "4"]);
    expect(small[0]?.label).toBe("Irrelevant");
    expect(small[1]?.label).toBe("1");
    const wide = choicesFor({ type: "rating", min: -2, max: 2, labels: {} });
    expect(wide.map((c) => c.key)).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("offers a tie only when the schema allows it", () => {
    expect(choicesFor({ type: "pairwise", allowTie: false }).map((c) => c.value)).toEqual(["left", "right"]);
    expect(choicesFor({ type: "pairwise", allowTie: true }).map((c) => c.key)).toEqual(["1", "2", "3"]);
    expect(choicesFor({ type: "free_text", minLength: 1, maxLength: 10 })).toEqual([]);
  });
});

describe("formatLabelValue", () => {
  it("shows labels, not stored values", () => {
    const options = [
      { value: "spam", label: "Spam" },
      { value: "hate", label: "Hate speech" },
    ];
    expect(formatLabelValue({ type: "single_choice", options }, "hate")).toBe("Hate speech");
    expect(formatLabelValue({ type: "multi_label", options, minSelected: 0, maxSelected: 2 }, ["spam", "hate"])).toBe(
      "Spam, Hate speech",
    );
    expect(formatLabelValue({ type: "multi_label", options, minSelected: 0, maxSelected: 2 }, [])).toBe("(none)");
    expect(formatLabelValue({ type: "rating", min: 0, max: 4, labels: { "3": "Relevant" } }, 3)).toBe("3 · Relevant");
    expect(formatLabelValue({ type: "pairwise", allowTie: true }, "tie")).toBe("Tie");
    expect(formatLabelValue({ type: "ranking", itemsField: "items" }, ["b", "a"])).toBe("b > a");
    expect(formatLabelValue({ type: "single_choice", options }, null)).toBe("–");
  });
});

describe("formatClassKey", () => {
  it("reads the quality report's class keys, including multi-label sets written as JSON", () => {
    const multi = {
      type: "multi_label" as const,
      options: [
        { value: "hate", label: "Hate" },
        { value: "spam", label: "Spam" },
      ],
      minSelected: 0,
      maxSelected: 2,
    };
    expect(formatClassKey(multi, '["hate","spam"]')).toBe("Hate, Spam");
    expect(formatClassKey(multi, "[not json")).toBe("[not json");
    expect(formatClassKey({ type: "rating", min: 0, max: 2, labels: { "2": "Good" } }, "2")).toBe("2 · Good");
    expect(formatClassKey({ type: "pairwise", allowTie: true }, "tie")).toBe("Tie");
  });
});

describe("formatAnswer", () => {
  const schema = {
    type: "multi_label" as const,
    options: [
      { value: "harassment", label: "Harassment or bullying" },
      { value: "none", label: "No violation" },
    ],
    minSelected: 0,
    maxSelected: 2,
  };

  it("names the value once the project's schema is known", () => {
    expect(formatAnswer(schema, ["none"], undefined, true)).toBe("No violation");
    expect(formatAnswerKey(schema, "harassment", undefined, true)).toBe("Harassment or bullying");
  });

  it("shows a placeholder, never the stored value, while the schema is on its way", () => {
    expect(formatAnswer(undefined, "harassment", undefined, true)).toBe(ANSWER_PENDING);
    expect(formatAnswer(undefined, ["none"], undefined, true)).toBe(ANSWER_PENDING);
    expect(formatAnswerKey(undefined, '["none"]', undefined, true)).toBe(ANSWER_PENDING);
  });

  it("falls back to the stored value when the schema failed to load or is not the viewer's", () => {
    expect(formatAnswer(undefined, "harassment")).toBe("harassment");
    expect(formatAnswer(undefined, ["none"])).toBe('["none"]');
    expect(formatAnswerKey(undefined, "harassment")).toBe("harassment");
  });
});
