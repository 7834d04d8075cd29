import type { LabelSchema } from "@quorum/core";
import { i18n, type Translate } from "../i18n/instance.js";
import { type KeyInput, keyAction } from "./keyboard.js";

/** What the reviewer is doing: deciding, entering a correction, or typing a note. */
export type ReviewMode = "decide" | "correct" | "note";

export type ReviewKeyAction =
  | { type: "accept" }
  | { type: "reject" }
  | { type: "correct" }
  | { type: "note" }
  | { type: "undo" }
  | { type: "skip" }
  | { type: "guidelines" }
  | { type: "cancel" }
  | { type: "pick"; index: number }
  | { type: "move"; delta: -1 | 1 }
  | { type: "submit" }
  | { type: "focus_text" };

/**
 * The review view's keyboard map. Deciding: A accepts the aggregate, R rejects it, C opens the
 * correction (the annotator's own answer control), N focuses the note, U undoes the last
 * verdict, S skips the item (gives it back and takes the next), G shows or hides the guidelines. Correcting: the labeling
 * keys pick options and Enter submits the correction; Esc goes back to deciding. In the note
 * field only Esc (back) and Ctrl/⌘+Enter (accept with the note) act.
 */
export function reviewKeyAction(
  schema: LabelSchema,
  mode: ReviewMode,
  input: KeyInput,
  rankingSize = 0,
): ReviewKeyAction | undefined {
  if (input.altKey) return undefined;
  const modifier = Boolean(input.ctrlKey || input.metaKey);
  if (mode === "note" || (mode === "decide" && input.inTextField)) {
    if (input.key === "Escape") return { type: "cancel" };
    if (input.key === "Enter" && modifier) return { type: "accept" };
    return undefined;
  }
  if (mode === "correct") {
    const action = keyAction(schema, input, rankingSize);
    if (!action) return undefined;
    switch (action.type) {
      case "pick":
      case "move":
      case "submit":
      case "focus_text":
        return action;
      case "close":
        return { type: "cancel" };
      default:
        return undefined;
    }
  }
  if (modifier) return undefined;
  switch (input.key.length === 1 ? input.key.toLowerCase() : input.key) {
    case "a":
      return { type: "accept" };
    case "r":
      return { type: "reject" };
    case "c":
      return { type: "correct" };
    case "n":
      return { type: "note" };
    case "u":
      return { type: "undo" };
    case "s":
      return { type: "skip" };
    case "g":
      return { type: "guidelines" };
    case "Escape":
      return { type: "cancel" };
    default:
      return undefined;
  }
}

/** The verdict keys as shown in the view's help line, in the language of `t`. */
export function reviewShortcuts(t: Translate = i18n.t): { keys: string; action: string }[] {
  return [
    { keys: "A", action: t("review.keys.accept") },
    { keys: "R", action: t("review.keys.reject") },
    { keys: "C", action: t("review.keys.correct") },
    { keys: "N", action: t("review.keys.note") },
    { keys: "U", action: t("review.keys.undo") },
    { keys: "S", action: t("review.keys.skip") },
    { keys: "G", action: t("review.keys.guidelines") },
    { keys: "Esc", action: t("review.keys.cancel") },
  ];
}
