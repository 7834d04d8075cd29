import type { LabelSchema } from "@quorum/core";
import { i18n, type Translate } from "../i18n/instance.js";

/** Keys that pick options, in order: digits first, then letters that no global shortcut uses. */
export const OPTION_KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", ..."qwertyuiopadhjklzxcbnm"] as const;

export interface Choice {
  value: string | number;
  label: string;
  /** The key that picks it, when it has one. */
  key: string | undefined;
  group?: string | undefined;
}

/** Whether a rating scale is picked by typing its values (0-4 → keys 0-4) rather than by position. */
export function ratingUsesValueKeys(schema: { min: number; max: number }): boolean {
  return schema.min >= 0 && schema.max <= 9;
}

/**
 * The options an annotator picks from, with their shortcut keys, for the schemas that have a
 * fixed set (single choice, multi-label, rating, pairwise); empty for ranking and free text.
 */
export function choicesFor(schema: LabelSchema, t: Translate = i18n.t): Choice[] {
  switch (schema.type) {
    case "single_choice":
    case "multi_label":
      return schema.options.map((o, i) => ({ value: o.value, label: o.label, key: OPTION_KEYS[i], group: o.group }));
    case "rating": {
      const choices: Choice[] = [];
      const byValue = ratingUsesValueKeys(schema);
      for (let v = schema.min; v <= schema.max; v++) {
        const i = v - schema.min;
        choices.push({
          value: v,
          label: schema.labels[String(v)] ?? String(v),
          key: byValue ? String(v) : OPTION_KEYS[i],
        });
      }
      return choices;
    }
    case "pairwise": {
      const choices: Choice[] = [
        { value: "left", label: t("choice.leftBetter"), key: "1" },
        { value: "right", label: t("choice.rightBetter"), key: "2" },
      ];
      if (schema.allowTie) choices.push({ value: "tie", label: t("choice.same"), key: "3" });
      return choices;
    }
    default:
      return [];
  }
}

/** Shown for a value while the schema that names it is still on its way. */
export const ANSWER_PENDING = "…";

/**
 * A value of a project whose schema may be unknown to the viewer: named when it is known; a
 * placeholder while it is `pending` (still loading), so a stored value such as `harassment` never
 * shows for a moment before its name; as stored when it could not be loaded or the viewer can't
 * list the project.
 */
export function formatAnswer(
  schema: LabelSchema | undefined,
  value: unknown,
  t: Translate = i18n.t,
  pending = false,
): string {
  if (schema) return formatLabelValue(schema, value, t);
  if (pending) return ANSWER_PENDING;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A class key (`formatClassKey`) of a project whose schema may be unknown or `pending`, as `formatAnswer`. */
export function formatAnswerKey(
  schema: LabelSchema | undefined,
  key: string,
  t: Translate = i18n.t,
  pending = false,
): string {
  if (schema) return formatClassKey(schema, key, t);
  return pending ? ANSWER_PENDING : key;
}

/** A judgment value as a person reads it: option labels instead of stored values. */
export function formatLabelValue(schema: LabelSchema, value: unknown, t: Translate = i18n.t): string {
  if (value === null || value === undefined) return "–";
  const choices = choicesFor(schema, t);
  const name = (v: unknown) => choices.find((c) => String(c.value) === String(v))?.label ?? String(v);
  switch (schema.type) {
    case "multi_label":
      return Array.isArray(value)
        ? value.length === 0
          ? t("choice.noneSelected")
          : value.map(name).join(", ")
        : name(value); // one option on its own (a question's label in doubt)
    case "rating": {
      const label = schema.labels[String(value)];
      return label ? `${String(value)} · ${label}` : String(value);
    }
    case "pairwise":
      return value === "left"
        ? t("choice.left")
        : value === "right"
          ? t("choice.right")
          : value === "tie"
            ? t("choice.tie")
            : String(value);
    case "ranking":
      return Array.isArray(value) ? value.join(" > ") : String(value);
    case "free_text":
      return String(value);
    default:
      return name(value);
  }
}

/**
 * A class key from the quality report as a person reads it. Keys are the core's `labelKey`:
 * the value as text, or JSON for array answers (a multi-label set such as `["hate","spam"]`).
 */
export function formatClassKey(schema: LabelSchema, key: string, t: Translate = i18n.t): string {
  if (key.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(key);
      if (Array.isArray(parsed)) return formatLabelValue(schema, parsed, t);
    } catch {
      // not JSON: an option value that starts with "["
    }
  }
  return formatLabelValue(schema, key, t);
}
