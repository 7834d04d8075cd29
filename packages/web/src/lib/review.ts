import type { LabelSchema } from "@quorum/core";

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
export function describeMethod(method: string): string {
  switch (method) {
    case "online-ds":
      return "online Dawid-Skene";
    case "dawid-skene":
      return "Dawid-Skene";
    case "ordinal-ds":
      return "ordinal Dawid-Skene";
    case "majority":
    case "majority-vote":
      return "majority vote";
    case "review":
      return "a reviewer's verdict";
    default:
      return method.replace(/[-_]/g, " ");
  }
}
