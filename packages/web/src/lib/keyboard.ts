import type { LabelSchema } from "@quorum/core";
import { i18n, type Translate } from "../i18n/instance.js";
import { choicesFor } from "./choices.js";

/** What a key press asks the labeling view to do. */
export type KeyAction =
  | { type: "pick"; index: number }
  | { type: "move"; delta: -1 | 1 }
  | { type: "submit" }
  | { type: "skip" }
  | { type: "help" }
  | { type: "guidelines" }
  | { type: "flag" }
  | { type: "reveal" }
  | { type: "close" }
  | { type: "focus_text" };

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The focus is in a text field, where plain keys type text. */
  inTextField?: boolean;
}

/**
 * The labeling view's keyboard map. Number keys (then letters) pick options, Enter submits,
 * S skips, ? shows the shortcuts, G toggles the guidelines, F flags the case as unclear,
 * V reveals blurred media, Esc closes. In a text field only Ctrl/⌘+Enter and Esc act.
 * Ranking: number keys select an item, ↑/↓ (or K/J) move it.
 */
export function keyAction(schema: LabelSchema, input: KeyInput, rankingSize = 0): KeyAction | undefined {
  const { key } = input;
  const modifier = Boolean(input.ctrlKey || input.metaKey);
  if (input.inTextField) {
    if (key === "Enter" && modifier) return { type: "submit" };
    if (key === "Escape") return { type: "close" };
    return undefined;
  }
  if (input.altKey) return undefined;
  if (key === "Enter") return { type: "submit" };
  if (modifier) return undefined;
  if (key === "Escape") return { type: "close" };
  if (key === "?") return { type: "help" };
  const lower = key.length === 1 ? key.toLowerCase() : key;
  if (lower === "s") return { type: "skip" };
  if (lower === "g") return { type: "guidelines" };
  if (lower === "f") return { type: "flag" };
  if (lower === "v") return { type: "reveal" };

  if (schema.type === "ranking") {
    if (key === "ArrowUp" || lower === "k") return { type: "move", delta: -1 };
    if (key === "ArrowDown" || lower === "j") return { type: "move", delta: 1 };
    if (/^[1-9]$/.test(key)) {
      const index = Number(key) - 1;
      return index < rankingSize ? { type: "pick", index } : undefined;
    }
    return undefined;
  }
  if (schema.type === "free_text") return lower === "i" || lower === "t" ? { type: "focus_text" } : undefined;
  if (schema.type === "pairwise") {
    if (key === "ArrowLeft") return { type: "pick", index: 0 };
    if (key === "ArrowRight") return { type: "pick", index: 1 };
    if (lower === "t" && schema.allowTie) return { type: "pick", index: 2 };
  }
  const index = choicesFor(schema).findIndex((c) => c.key === lower);
  return index >= 0 ? { type: "pick", index } : undefined;
}

/** The shortcut list shown by `?`, for one schema, in the language of `t`. */
export function shortcutHelp(schema: LabelSchema, t: Translate = i18n.t): { keys: string; action: string }[] {
  const common = [
    { keys: "Enter", action: t("shortcuts.submit") },
    { keys: "S", action: t("shortcuts.skip") },
    { keys: "G", action: t("shortcuts.guidelines") },
    { keys: "F", action: t("shortcuts.flag") },
    { keys: "V", action: t("shortcuts.reveal") },
    { keys: "?", action: t("shortcuts.help") },
    { keys: "Esc", action: t("shortcuts.close") },
  ];
  const or = (a: string, b: string) => t("shortcuts.keysOr", { a, b });
  switch (schema.type) {
    case "ranking":
      return [
        { keys: "1–9", action: t("shortcuts.selectItem") },
        { keys: or("↑ / ↓", "K / J"), action: t("shortcuts.moveItem") },
        ...common,
      ];
    case "free_text":
      return [
        { keys: "I", action: t("shortcuts.startTyping") },
        { keys: "Ctrl / ⌘ + Enter", action: t("shortcuts.submitFromBox") },
        ...common.filter((c) => c.keys !== "Enter"),
        { keys: "Enter", action: t("shortcuts.submitOutside") },
      ];
    case "pairwise":
      return [
        { keys: or("1", "←"), action: t("shortcuts.leftBetter") },
        { keys: or("2", "→"), action: t("shortcuts.rightBetter") },
        ...(schema.allowTie ? [{ keys: or("3", "T"), action: t("shortcuts.same") }] : []),
        ...common,
      ];
    case "multi_label":
      return [{ keys: "1–9, 0, Q…", action: t("shortcuts.toggle") }, ...common];
    default:
      return [
        {
          keys: `${choicesFor(schema, t)
            .map((c) => c.key)
            .filter(Boolean)
            .slice(0, 3)
            .join(", ")}…`,
          action: t("shortcuts.pick"),
        },
        ...common,
      ];
  }
}
