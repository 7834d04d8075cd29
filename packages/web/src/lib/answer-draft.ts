import { type LabelSchema, type LabelValue, rankingItems, validateLabelValue } from "@quorum/core";
import { i18n, type Translate } from "../i18n/instance.js";
import { choicesFor } from "./choices.js";

/** What the annotator has entered so far for one task, before it is a valid answer. */
export type Draft =
  | { type: "choice"; value: string | number | null }
  | { type: "multi"; selected: string[] }
  | { type: "ranking"; order: string[]; focused: number }
  | { type: "text"; text: string };

export function initialDraft(schema: LabelSchema, data: Record<string, unknown>): Draft {
  switch (schema.type) {
    case "multi_label":
      return { type: "multi", selected: [] };
    case "ranking":
      return { type: "ranking", order: rankingItems(schema, data), focused: 0 };
    case "free_text":
      return { type: "text", text: "" };
    default:
      return { type: "choice", value: null };
  }
}

/** A draft holding a stored answer (a gold answer being corrected); the empty draft when it does not fit. */
export function draftOfValue(schema: LabelSchema, data: Record<string, unknown>, value: LabelValue | null): Draft {
  const empty = initialDraft(schema, data);
  if (value === null) return empty;
  if (empty.type === "multi" && Array.isArray(value)) return { type: "multi", selected: value.map(String) };
  if (empty.type === "ranking" && Array.isArray(value))
    return { type: "ranking", order: value.map(String), focused: 0 };
  if (empty.type === "text" && typeof value === "string") return { type: "text", text: value };
  if (empty.type === "choice" && (typeof value === "string" || typeof value === "number"))
    return { type: "choice", value };
  return empty;
}

/** Picks the option at `index` (by shortcut or click): selects it, or toggles it for multi-label, or focuses a ranking item. */
export function pickOption(schema: LabelSchema, draft: Draft, index: number): Draft {
  if (draft.type === "ranking") return index >= 0 && index < draft.order.length ? { ...draft, focused: index } : draft;
  const choice = choicesFor(schema)[index];
  if (!choice) return draft;
  if (draft.type === "multi") {
    const value = String(choice.value);
    if (draft.selected.includes(value)) return { type: "multi", selected: draft.selected.filter((v) => v !== value) };
    // An exclusive option ("No violation") replaces the others, and any other option replaces it.
    const exclusive = new Set(
      schema.type === "multi_label" ? schema.options.filter((o) => o.exclusive).map((o) => o.value) : [],
    );
    const kept = exclusive.has(value) ? [] : draft.selected.filter((v) => !exclusive.has(v));
    const full = schema.type === "multi_label" && kept.length >= schema.maxSelected;
    return { type: "multi", selected: full ? draft.selected : [...kept, value] };
  }
  if (draft.type === "choice") return { type: "choice", value: choice.value };
  return draft;
}

/** Moves the focused ranking item up (-1) or down (+1); focus follows the item. */
export function moveRankingItem(draft: Draft, delta: -1 | 1): Draft {
  if (draft.type !== "ranking") return draft;
  const from = draft.focused;
  const to = from + delta;
  if (to < 0 || to >= draft.order.length) return draft;
  const order = [...draft.order];
  [order[from], order[to]] = [order[to] as string, order[from] as string];
  return { ...draft, order, focused: to };
}

/** Whether the annotator has touched the draft (a ranking counts once reordered). */
export function draftTouched(draft: Draft, initial: Draft): boolean {
  return JSON.stringify(draft) !== JSON.stringify(initial);
}

/** The answer to submit, or the reason it cannot be submitted yet (checked with the core's own validator). */
export function draftValue(
  schema: LabelSchema,
  draft: Draft,
  data: Record<string, unknown>,
  t: Translate = i18n.t,
): { ok: true; value: LabelValue } | { ok: false; message: string } {
  let raw: unknown;
  switch (draft.type) {
    case "choice":
      if (draft.value === null) return { ok: false, message: t("draft.pickFirst") };
      raw = draft.value;
      break;
    case "multi":
      raw = draft.selected;
      break;
    case "ranking":
      raw = draft.order;
      break;
    case "text":
      raw = draft.text;
      break;
  }
  const result = validateLabelValue(schema, raw, data);
  if (result.ok) return { ok: true, value: result.value };
  const message = result.errors[0]?.message ?? t("draft.invalid");
  return { ok: false, message: message.charAt(0).toUpperCase() + message.slice(1) };
}
