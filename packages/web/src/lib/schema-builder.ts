import { DomainError, type ErrorDetail, type LabelSchema, parseLabelSchema, type TaskType } from "@quorum/core";

/** One editable option row of the schema builder. */
export interface OptionRow {
  value: string;
  label: string;
  group: string;
  /** Multi-label: chosen alone ("No violation"). */
  exclusive: boolean;
}

/** The schema builder's form: text fields as typed, turned into a schema by `schemaFromForm`. */
export interface SchemaForm {
  type: TaskType;
  options: OptionRow[];
  minSelected: string;
  maxSelected: string;
  ratingMin: string;
  ratingMax: string;
  /** Names of rating points, by value. */
  ratingLabels: Record<string, string>;
  allowTie: boolean;
  itemsField: string;
  minLength: string;
  maxLength: string;
}

export const TASK_TYPE_INFO: Record<TaskType, { title: string; description: string }> = {
  single_choice: { title: "Single choice", description: "Pick one option (classification, yes/no)" },
  multi_label: { title: "Multi-label taxonomy", description: "Pick every option that applies, grouped" },
  rating: { title: "Rating scale", description: "An ordinal grade, e.g. relevance 0–4" },
  pairwise: { title: "Side by side", description: "Which of two candidates is better" },
  ranking: { title: "Ranking", description: "Order a short list of items" },
  free_text: { title: "Free text", description: "A rewrite, a comment or a transcription" },
};

export function emptySchemaForm(type: TaskType): SchemaForm {
  return {
    type,
    options:
      type === "multi_label"
        ? [
            { value: "", label: "", group: "", exclusive: false },
            { value: "", label: "", group: "", exclusive: false },
          ]
        : [
            { value: "", label: "", group: "", exclusive: false },
            { value: "", label: "", group: "", exclusive: false },
          ],
    minSelected: "0",
    maxSelected: "",
    ratingMin: "0",
    ratingMax: "4",
    ratingLabels: {},
    allowTie: true,
    itemsField: "items",
    minLength: "1",
    maxLength: "2000",
  };
}

/** The form for an existing schema (to show it, or to start a new project from it). */
export function schemaFormFrom(schema: LabelSchema): SchemaForm {
  const form = emptySchemaForm(schema.type);
  switch (schema.type) {
    case "single_choice":
      return {
        ...form,
        options: schema.options.map((o) => ({ value: o.value, label: o.label, group: "", exclusive: false })),
      };
    case "multi_label":
      return {
        ...form,
        options: schema.options.map((o) => ({
          value: o.value,
          label: o.label,
          group: o.group ?? "",
          exclusive: o.exclusive ?? false,
        })),
        minSelected: String(schema.minSelected),
        maxSelected: String(schema.maxSelected),
      };
    case "rating":
      return {
        ...form,
        ratingMin: String(schema.min),
        ratingMax: String(schema.max),
        ratingLabels: { ...schema.labels },
      };
    case "pairwise":
      return { ...form, allowTie: schema.allowTie };
    case "ranking":
      return { ...form, itemsField: schema.itemsField };
    case "free_text":
      return { ...form, minLength: String(schema.minLength), maxLength: String(schema.maxLength) };
  }
}

/** A stored value from a label: "Hate speech" → "hate_speech". */
export function slugify(label: string): string {
  return label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

function integer(text: string, path: string, errors: ErrorDetail[]): number | undefined {
  if (text.trim() === "") return undefined;
  const n = Number(text);
  if (!Number.isInteger(n)) {
    errors.push({ path, message: "must be a whole number" });
    return undefined;
  }
  return n;
}

/**
 * The schema the form describes, checked by the core's own parser so the builder and the server
 * agree; errors use the server's paths (`schema.options[1]`). Blank option rows are ignored and
 * a blank value is made from the label.
 */
export function schemaFromForm(
  form: SchemaForm,
): { ok: true; schema: LabelSchema } | { ok: false; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  let raw: Record<string, unknown>;
  switch (form.type) {
    case "single_choice":
    case "multi_label": {
      const options = form.options
        .filter((o) => o.label.trim() !== "" || o.value.trim() !== "")
        .map((o) => {
          const label = o.label.trim() || o.value.trim();
          const option: Record<string, string | boolean> = { value: o.value.trim() || slugify(label), label };
          if (form.type === "multi_label" && o.group.trim()) option.group = o.group.trim();
          if (form.type === "multi_label" && o.exclusive) option.exclusive = true;
          return option;
        });
      raw = { type: form.type, options };
      if (form.type === "multi_label") {
        const min = integer(form.minSelected, "schema.minSelected", errors);
        const max = integer(form.maxSelected, "schema.maxSelected", errors);
        if (min !== undefined) raw.minSelected = min;
        if (max !== undefined) raw.maxSelected = max;
      }
      break;
    }
    case "rating": {
      const min = integer(form.ratingMin, "schema.min", errors);
      const max = integer(form.ratingMax, "schema.max", errors);
      const labels = Object.fromEntries(
        Object.entries(form.ratingLabels)
          .map(([k, v]) => [k, v.trim()] as const)
          .filter(
            ([k, v]) => v !== "" && (min === undefined || Number(k) >= min) && (max === undefined || Number(k) <= max),
          ),
      );
      raw = { type: "rating", min, max, labels };
      break;
    }
    case "pairwise":
      raw = { type: "pairwise", allowTie: form.allowTie };
      break;
    case "ranking":
      raw = { type: "ranking", itemsField: form.itemsField.trim() };
      break;
    case "free_text":
      raw = {
        type: "free_text",
        minLength: integer(form.minLength, "schema.minLength", errors),
        maxLength: integer(form.maxLength, "schema.maxLength", errors),
      };
      break;
  }
  if (errors.length > 0) return { ok: false, errors };
  try {
    return { ok: true, schema: parseLabelSchema(raw) };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, errors: error.details };
    throw error;
  }
}

/** Sample task data for the builder's preview, shaped like what the task type usually labels. */
export function sampleData(form: SchemaForm): Record<string, unknown> {
  switch (form.type) {
    case "pairwise":
      return {
        prompt: "Summarise the article in one sentence.",
        left: "A short, accurate summary.",
        right: "A longer summary that misses the point.",
      };
    case "ranking":
      return {
        query: "best hiking boots",
        [form.itemsField || "items"]: [
          { id: "a", text: "Result A" },
          { id: "b", text: "Result B" },
          { id: "c", text: "Result C" },
        ],
      };
    case "rating":
      return {
        query: "hiking boots",
        title: "The 10 best hiking boots of the year",
        url: "https://example.com/boots",
        snippet: "We tested 40 pairs over 300 miles…",
      };
    default:
      return { text: "An example item the annotator reads before answering." };
  }
}
