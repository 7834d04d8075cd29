import type { LabelSchema } from "@quorum/core";
import { i18n, type Translate } from "../i18n/instance.js";

/**
 * A label value as a comparable key, so the review view can tell which judgments match the
 * aggregate or the gold answer. Multi-label answers compare as sets (the same options in another
 * order are the same answer); a ranking's order is the answer, so it is kept.
 */
export function labelKeyOf(schema: LabelSchema, value: unknown): string {
  if (Array.isArray(value))
    return JSON.stringify(schema.type === "multi_label" ? value.map(String).sort() : value.map(String));
  return String(value);
}

/** How an aggregate label was reached, in words ("online-ds" → "online Dawid-Skene"). */
export function describeMethod(method: string, t: Translate = i18n.t): string {
  switch (method) {
    case "online-ds":
    case "dawid-skene":
    case "ordinal-ds":
    case "majority":
    case "review":
      return t(`review.methods.${method}`);
    case "majority-vote":
      return t("review.methods.majority");
    default:
      return method.replace(/[-_]/g, " ");
  }
}
