import type { LabelSchema } from "@quorum/core";
import { describe, expect, it } from "vitest";
import { createI18n } from "../i18n/instance.js";
import { reviewKeyAction, reviewShortcuts } from "./review-keys.js";

const choice: LabelSchema = {
  type: "single_choice",
  options: [
    { value: "pos", label: "Positive" },
    { value: "neg", label: "Negative" },
  ],
};
const text: LabelSchema = { type: "free_text", minLength: 1, maxLength: 100 };

describe("review keys", () => {
  it("decides with A, R, C and N, in either case, never with modifiers", () => {
    expect(reviewKeyAction(choice, "decide", { key: "a" })).toEqual({ type: "accept" });
    expect(reviewKeyAction(choice, "decide", { key: "R" })).toEqual({ type: "reject" });
    expect(reviewKeyAction(choice, "decide", { key: "c" })).toEqual({ type: "correct" });
    expect(reviewKeyAction(choice, "decide", { key: "n" })).toEqual({ type: "note" });
    expect(reviewKeyAction(choice, "decide", { key: "a", ctrlKey: true })).toBeUndefined();
    expect(reviewKeyAction(choice, "decide", { key: "r", altKey: true })).toBeUndefined();
    expect(reviewKeyAction(choice, "decide", { key: "1" })).toBeUndefined();
  });

  it("leaves typing alone in the note, except Esc and Ctrl+Enter", () => {
    expect(reviewKeyAction(choice, "note", { key: "a", inTextField: true })).toBeUndefined();
    expect(reviewKeyAction(choice, "note", { key: "Escape", inTextField: true })).toEqual({ type: "cancel" });
    expect(reviewKeyAction(choice, "note", { key: "Enter", ctrlKey: true })).toEqual({ type: "accept" });
    expect(reviewKeyAction(choice, "decide", { key: "r", inTextField: true })).toBeUndefined();
  });

  it("uses the labeling keys while correcting, and no verdict keys", () => {
    expect(reviewKeyAction(choice, "correct", { key: "2" })).toEqual({ type: "pick", index: 1 });
    expect(reviewKeyAction(choice, "correct", { key: "Enter" })).toEqual({ type: "submit" });
    expect(reviewKeyAction(choice, "correct", { key: "Escape" })).toEqual({ type: "cancel" });
    expect(reviewKeyAction(choice, "correct", { key: "a" })).toBeUndefined();
    expect(reviewKeyAction(choice, "correct", { key: "s" })).toBeUndefined();
  });

  it("lets a free-text correction be typed and sent with Ctrl+Enter", () => {
    expect(reviewKeyAction(text, "correct", { key: "i" })).toEqual({ type: "focus_text" });
    expect(reviewKeyAction(text, "correct", { key: "r", inTextField: true })).toBeUndefined();
    expect(reviewKeyAction(text, "correct", { key: "Enter", ctrlKey: true, inTextField: true })).toEqual({
      type: "submit",
    });
  });

  it("takes back the last verdict with U and shows the guidelines with G, while deciding only", () => {
    expect(reviewKeyAction(choice, "decide", { key: "u" })).toEqual({ type: "undo" });
    expect(reviewKeyAction(choice, "decide", { key: "U" })).toEqual({ type: "undo" });
    expect(reviewKeyAction(choice, "decide", { key: "g" })).toEqual({ type: "guidelines" });
    expect(reviewKeyAction(choice, "note", { key: "u", inTextField: true })).toBeUndefined();
    expect(reviewKeyAction(choice, "correct", { key: "u" })).toBeUndefined();
    expect(reviewKeyAction(choice, "decide", { key: "u", ctrlKey: true })).toBeUndefined();
  });

  it("skips the item with S while deciding, never while typing or correcting", () => {
    expect(reviewKeyAction(choice, "decide", { key: "s" })).toEqual({ type: "skip" });
    expect(reviewKeyAction(choice, "decide", { key: "S" })).toEqual({ type: "skip" });
    expect(reviewKeyAction(choice, "note", { key: "s", inTextField: true })).toBeUndefined();
    expect(reviewKeyAction(choice, "decide", { key: "s", metaKey: true })).toBeUndefined();
  });

  it("lists U and G in the help line, in the reviewer's language", async () => {
    expect(reviewShortcuts().map((s) => s.keys)).toEqual(["A", "R", "C", "N", "U", "S", "G", "Esc"]);
    const i18n = createI18n();
    await i18n.changeLanguage("ja");
    expect(reviewShortcuts(i18n.t).find((s) => s.keys === "U")?.action).toBe("直前の判定を取り消す（2 分以内）");
  });
});
