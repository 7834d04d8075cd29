import type { LabelSchema, LabelValue } from "../label-schema.js";

/**
 * Judgments per label: each option ticked counts once for multi-label answers ("(none)" for an
 * empty one); free text has no labels. In class (or option) order where there is one, otherwise
 * most frequent first.
 */
export function labelDistribution(
  schema: LabelSchema,
  values: readonly LabelValue[],
  classes: readonly string[],
): { label: string; judgments: number }[] {
  const counts = new Map<string, number>();
  for (const value of values) {
    const labels = Array.isArray(value)
      ? value.length === 0
        ? ["(none)"]
        : value
      : schema.type === "free_text"
        ? []
        : [String(value)];
    for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const order = classes.length > 0 ? classes : schema.type === "multi_label" ? schema.options.map((o) => o.value) : [];
  return [...counts]
    .sort(([a, x], [b, y]) => (order.includes(a) && order.includes(b) ? order.indexOf(a) - order.indexOf(b) : y - x))
    .map(([label, judgments]) => ({ label, judgments }));
}
