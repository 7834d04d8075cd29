import type { LabelSchema } from "@quorum/core";
import { describe, expect, it } from "vitest";
import { createI18n } from "../i18n/instance.js";
import { keyAction, shortcutHelp } from "./keyboard.js";

const single: LabelSchema = {
  type: "single_choice",
  options: [
    { value: "a", label: "A" },
    { value: "b", label: "B" },
  ],
};
const rating: LabelSchema = { type: "rating", min: 0, max: 4, labels: {} };

describe("keyAction", () => {
  it("maps the global shortcuts", () => {
    expect(keyAction(single, { key: "Enter" })).toEqual({ type: "submit" });
    expect(keyAction(single, { key: "s" })).toEqual({ type: "skip" });
    expect(keyAction(single, { key: "S" })).toEqual({ type: "skip" });
    expect(keyAction(single, { key: "?" })).toEqual({ type: "help" });
    expect(keyAction(single, { key: "g" })).toEqual({ type: "guidelines" });
    expect(keyAction(single, { key: "f" })).toEqual({ type: "flag" });
    expect(keyAction(single, { key: "Escape" })).toEqual({ type: "close" });
  });

  it("picks options by number, and ignores keys with no option", () => {
    expect(keyAction(single, { key: "2" })).toEqual({ type: "pick", index: 1 });
    expect(keyAction(single, { key: "3" })).toBeUndefined();
    expect(keyAction(single, { key: "2", ctrlKey: true })).toBeUndefined();
  });

  it("types a 0-4 rating by value", () => {
    expect(keyAction(rating, { key: "0" })).toEqual({ type: "pick", index: 0 });
    expect(keyAction(rating, { key: "4" })).toEqual({ type: "pick", index: 4 });
    expect(keyAction(rating, { key: "5" })).toBeUndefined();
  });

  it("uses arrows for pairwise and ranking", () => {
    const pairwise: LabelSchema = { type: "pairwise", allowTie: false };
    expect(keyAction(pairwise, { key: "ArrowRight" })).toEqual({ type: "pick", index: 1 });
    expect(keyAction(pairwise, { key: "t" })).toBeUndefined();
    const ranking: LabelSchema = { type: "ranking", itemsField: "items" };
    expect(keyAction(ranking, { key: "ArrowUp" })).toEqual({ type: "move", delta: -1 });
    expect(keyAction(ranking, { key: "j" })).toEqual({ type: "move", delta: 1 });
    expect(keyAction(ranking, { key: "3" }, 3)).toEqual({ type: "pick", index: 2 });
    expect(keyAction(ranking, { key: "4" }, 3)).toBeUndefined();
  });

  it("leaves typing alone in text fields except Ctrl+Enter and Esc", () => {
    const text: LabelSchema = { type: "free_text", minLength: 1, maxLength: 100 };
    expect(keyAction(text, { key: "s", inTextField: true })).toBeUndefined();
    expect(keyAction(text, { key: "Enter", inTextField: true })).toBeUndefined();
    expect(keyAction(text, { key: "Enter", inTextField: true, metaKey: true })).toEqual({ type: "submit" });
    expect(keyAction(text, { key: "Escape", inTextField: true })).toEqual({ type: "close" });
    expect(keyAction(text, { key: "i" })).toEqual({ type: "focus_text" });
  });

  it("lists shortcuts for each schema", () => {
    expect(shortcutHelp(rating)[0]?.keys).toBe("0, 1, 2…");
    expect(shortcutHelp({ type: "pairwise", allowTie: true }).some((s) => s.keys === "3 or T")).toBe(true);
  });

  it("describes the shortcuts in the annotator's language", async () => {
    const i18n = createI18n();
    await i18n.changeLanguage("de");
    const help = shortcutHelp({ type: "pairwise", allowTie: true }, i18n.t);
    expect(help.find((s) => s.keys === "3 oder T")?.action).toBe("Etwa gleich");
    expect(help.find((s) => s.keys === "Enter")?.action).toBe("Absenden und zur nächsten Aufgabe");
  });
});
