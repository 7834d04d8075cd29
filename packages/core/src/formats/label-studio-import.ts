import type { LabelSchema } from "../label-schema.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The key of a Label Studio result `value` that holds the answer, by schema type. */
const answerKeys: Record<LabelSchema["type"], string> = {
  single_choice: "choices",
  multi_label: "choices",
  rating: "rating",
  pairwise: "selected",
  ranking: "ranker",
  free_text: "text",
};

/** The answer in one result region's `value`, or undefined when the region holds none for this schema type. */
function answerIn(schema: LabelSchema, value: Record<string, unknown>): unknown {
  switch (schema.type) {
    case "single_choice":
      return Array.isArray(value.choices) ? value.choices[0] : undefined;
    case "multi_label":
      if (Array.isArray(value.choices)) return value.choices;
      // Taxonomy answers are paths from the root ([["Violence", "Threat"]]); keep each leaf.
      if (Array.isArray(value.taxonomy))
        return value.taxonomy.map((path: unknown) => (Array.isArray(path) ? path[path.length - 1] : path));
      return undefined;
    case "rating":
      return value.rating;
    case "pairwise":
      return value.selected;
    case "ranking": {
      // A List + Ranker result is {ranker: {<list name>: [ids in order]}}; with buckets, the first bucket.
      const ranker = value.ranker;
      if (Array.isArray(ranker)) return ranker;
      if (isRecord(ranker)) return Object.values(ranker).find(Array.isArray);
      return Array.isArray(value.rank) ? value.rank : undefined;
    }
    case "free_text":
      return Array.isArray(value.text) ? value.text[0] : value.text;
  }
}

/**
 * Reads the answer out of a Label Studio annotation `result` (a list of regions
 * `{from_name, to_name, type, value}`), mapping by schema type: `choices[0]` for single choice,
 * `choices` (or the leaf of each `taxonomy` path) for multi-label, `rating`, pairwise `selected`,
 * the first id list of `ranker` (or `rank`), and `text[0]` for free text. The first region that
 * holds such a value wins, so a labeling config with one control is assumed. The answer still has
 * to be checked with `validateLabelValue`.
 */
export function labelStudioAnswer(
  schema: LabelSchema,
  result: unknown,
): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!Array.isArray(result)) return { ok: false, message: "must be a list of results" };
  for (const region of result) {
    if (!isRecord(region) || !isRecord(region.value)) continue;
    const answer = answerIn(schema, region.value);
    if (answer !== undefined) return { ok: true, value: answer };
  }
  return { ok: false, message: `has no "${answerKeys[schema.type]}" value, as a ${schema.type} answer needs` };
}
