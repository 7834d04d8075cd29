import { parseLabelSchema } from "@quorum/core";
import { describe, expect, it } from "vitest";
import { goldExample } from "./gold-example.js";

describe("goldExample", () => {
  it("gives a choice's stored value, naming the label annotators see", () => {
    const schema = parseLabelSchema({
      type: "single_choice",
      options: [
        { value: "pos", label: "Positive" },
        { value: "neg", label: "Negative" },
      ],
    });
    expect(goldExample(schema)).toEqual({ json: '"pos"', csv: "pos", shown: "Positive" });
  });

  it("prefers an option whose name differs from its value", () => {
    const schema = parseLabelSchema({
      type: "single_choice",
      options: [
        { value: "spam", label: "spam" },
        { value: "ham_ok", label: "Not spam" },
      ],
    });
    expect(goldExample(schema)).toEqual({ json: '"ham_ok"', csv: "ham_ok", shown: "Not spam" });
    expect(goldExample(parseLabelSchema({ type: "single_choice", options: ["a", "b"] }))).toEqual({
      json: '"a"',
      csv: "a",
    });
  });

  it("gives multi-label gold as a list of values (joined with | in CSV), never an exclusive option with others", () => {
    const schema = parseLabelSchema({
      type: "multi_label",
      options: [
        { value: "none", label: "No violation", exclusive: true },
        { value: "hate", label: "Hate speech" },
        { value: "spam", label: "Spam or scam" },
      ],
    });
    expect(goldExample(schema)).toEqual({
      json: '["hate","spam"]',
      csv: "hate|spam",
      shown: "Hate speech, Spam or scam",
    });
  });

  it("gives a rating as its number, naming its label", () => {
    const schema = parseLabelSchema({ type: "rating", min: 0, max: 4, labels: { 0: "Bad", 4: "Perfect" } });
    expect(goldExample(schema)).toEqual({ json: "4", csv: "4", shown: "Perfect" });
  });

  it("gives pairwise, ranking and free-text gold in their stored shapes", () => {
    expect(goldExample(parseLabelSchema({ type: "pairwise" }))).toEqual({ json: '"left"', csv: "left" });
    expect(goldExample(parseLabelSchema({ type: "ranking" })).json).toBe('["item-2","item-1","item-3"]');
    expect(goldExample(parseLabelSchema({ type: "free_text" })).csv).toBe("the expected text");
  });
});
