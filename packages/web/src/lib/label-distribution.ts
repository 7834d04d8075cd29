import type { LabelSchema } from "@quorum/core";
import { choicesFor, formatClassKey } from "./choices.js";

export interface LabelCount {
  value: string;
  label: string;
  count: number;
}

/**
 * How the current aggregate labels of a set of tasks are spread over the schema's options
 * (each selected option counts for multi-label). Tasks without an aggregate are counted apart.
 * Free text and ranking have no fixed classes and give an empty list.
 */
export function labelDistribution(
  schema: LabelSchema,
  aggregates: unknown[],
): { counts: LabelCount[]; unlabeled: number; labeled: number } {
  const choices = choicesFor(schema);
  const counts = new Map(choices.map((c) => [String(c.value), 0]));
  let unlabeled = 0;
  let labeled = 0;
  for (const aggregate of aggregates) {
    if (aggregate === null || aggregate === undefined) {
      unlabeled += 1;
      continue;
    }
    labeled += 1;
    const values = Array.isArray(aggregate) ? aggregate : [aggregate];
    for (const v of values) {
      const key = String(v);
      if (counts.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return {
    counts: choices.map((c) => ({ value: String(c.value), label: c.label, count: counts.get(String(c.value)) ?? 0 })),
    unlabeled,
    labeled,
  };
}

/**
 * The quality report's label counts (judgments per label key, in the window) with the schema's
 * option names, in schema order; labels the schema does not know keep their key and go last.
 * A multi-label judgment counts once per selected option ("(none)" for an empty selection).
 */
export function namedLabelCounts(schema: LabelSchema, counts: { label: string; judgments: number }[]): LabelCount[] {
  const choices = choicesFor(schema);
  const byKey = new Map(counts.map((c) => [c.label, c.judgments]));
  const known = choices.map((c) => ({
    value: String(c.value),
    label: c.label,
    count: byKey.get(String(c.value)) ?? 0,
  }));
  const knownKeys = new Set(known.map((k) => k.value));
  const others = counts
    .filter((c) => !knownKeys.has(c.label))
    .map((c) => ({ value: c.label, label: formatClassKey(schema, c.label), count: c.judgments }));
  return [...known, ...others];
}
