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
