import { type ErrorDetail, invalidInput } from "./errors.js";

/** One choice offered to the annotator. `value` is what is stored; `label` is what is shown. */
export interface LabelOption {
  value: string;
  label: string;
  /** Taxonomy group heading, for multi-label schemas (e.g. "Violence"). */
  group?: string;
  /** Multi-label only: the option must be chosen alone (e.g. "No violation"). */
  exclusive?: boolean;
}

export type LabelSchema =
  | { type: "single_choice"; options: LabelOption[] }
  | { type: "multi_label"; options: LabelOption[]; minSelected: number; maxSelected: number }
  | { type: "rating"; min: number; max: number; labels: Record<string, string> }
  | { type: "pairwise"; allowTie: boolean }
  | { type: "ranking"; itemsField: string }
  | { type: "free_text"; minLength: number; maxLength: number };

export type TaskType = LabelSchema["type"];
export const TASK_TYPES: readonly TaskType[] = [
  "single_choice",
  "multi_label",
  "rating",
  "pairwise",
  "ranking",
  "free_text",
];

/** The JSON value of a judgment: a string, a list of strings, or a number, depending on the schema. */
export type LabelValue = string | number | string[];

/** Whether a value has the shape of a `LabelValue` (not whether it fits a schema: see `validateLabelValue`). */
export function isLabelValue(value: unknown): value is LabelValue {
  if (typeof value === "string" || typeof value === "number") return true;
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseOptions(raw: Json, path: string, errors: ErrorDetail[]): LabelOption[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    errors.push({ path, message: "must be a non-empty list of options" });
    return [];
  }
  const options: LabelOption[] = [];
  const seen = new Set<string>();
  raw.forEach((item, index) => {
    const itemPath = `${path}[${index}]`;
    let option: LabelOption | undefined;
    if (typeof item === "string" || typeof item === "number") {
      option = { value: String(item), label: String(item) };
    } else if (isRecord(item) && (typeof item.value === "string" || typeof item.value === "number")) {
      option = {
        value: String(item.value),
        label: typeof item.label === "string" ? item.label : String(item.value),
      };
      if (typeof item.group === "string") option.group = item.group;
      if (item.exclusive !== undefined && item.exclusive !== false) {
        if (item.exclusive === true) option.exclusive = true;
        else errors.push({ path: `${itemPath}.exclusive`, message: "must be true or false" });
      }
    } else {
      errors.push({ path: itemPath, message: "must be a string or {value, label}" });
      return;
    }
    if (option.value.length === 0) errors.push({ path: itemPath, message: "value must not be empty" });
    if (seen.has(option.value)) errors.push({ path: itemPath, message: `duplicate option "${option.value}"` });
    seen.add(option.value);
    options.push(option);
  });
  return options;
}

function optionalInt(raw: Json, path: string, fallback: number, errors: ErrorDetail[]): number {
  if (raw === undefined) return fallback;
  if (typeof raw !== "number" || !Number.isInteger(raw)) {
    errors.push({ path, message: "must be an integer" });
    return fallback;
  }
  return raw;
}

/**
 * Checks a label schema as sent by a client and returns it in canonical form
 * (options as `{value, label}`, defaults filled in). Throws `invalid_input` naming every bad field.
 */
export function parseLabelSchema(raw: Json, path = "schema"): LabelSchema {
  const errors: ErrorDetail[] = [];
  const schema = parseInto(raw, path, errors);
  if (errors.length > 0 || !schema) throw invalidInput("The label schema is not valid", errors);
  return schema;
}

function parseInto(raw: Json, path: string, errors: ErrorDetail[]): LabelSchema | undefined {
  if (!isRecord(raw)) {
    errors.push({ path, message: "must be an object with a type" });
    return undefined;
  }
  switch (raw.type) {
    case "single_choice": {
      const options = parseOptions(raw.options, `${path}.options`, errors);
      options.forEach((option, index) => {
        if (option.exclusive)
          errors.push({
            path: `${path}.options[${index}].exclusive`,
            message: "only multi-label options can be exclusive",
          });
      });
      return { type: "single_choice", options };
    }
    case "multi_label": {
      const options = parseOptions(raw.options, `${path}.options`, errors);
      const minSelected = optionalInt(raw.minSelected, `${path}.minSelected`, 0, errors);
      const maxSelected = optionalInt(raw.maxSelected, `${path}.maxSelected`, options.length, errors);
      if (minSelected < 0 || minSelected > maxSelected)
        errors.push({ path: `${path}.minSelected`, message: "must be between 0 and maxSelected" });
      return { type: "multi_label", options, minSelected, maxSelected };
    }
    case "rating": {
      const min = optionalInt(raw.min, `${path}.min`, 1, errors);
      const max = optionalInt(raw.max, `${path}.max`, 5, errors);
      if (max <= min) errors.push({ path: `${path}.max`, message: "must be greater than min" });
      if (max - min > 100) errors.push({ path: `${path}.max`, message: "a scale has at most 101 points" });
      const labels: Record<string, string> = {};
      if (raw.labels !== undefined) {
        if (!isRecord(raw.labels)) errors.push({ path: `${path}.labels`, message: "must map values to names" });
        else
          for (const [key, name] of Object.entries(raw.labels)) {
            const n = Number(key);
            if (!Number.isInteger(n) || n < min || n > max || typeof name !== "string")
              errors.push({ path: `${path}.labels.${key}`, message: `must name a value from ${min} to ${max}` });
            else labels[key] = name;
          }
      }
      return { type: "rating", min, max, labels };
    }
    case "pairwise":
      if (raw.allowTie !== undefined && typeof raw.allowTie !== "boolean")
        errors.push({ path: `${path}.allowTie`, message: "must be true or false" });
      return { type: "pairwise", allowTie: raw.allowTie !== false };
    case "ranking": {
      const itemsField = raw.itemsField ?? "items";
      if (typeof itemsField !== "string" || itemsField.length === 0)
        errors.push({ path: `${path}.itemsField`, message: "must name the data field holding the items" });
      return { type: "ranking", itemsField: String(itemsField) };
    }
    case "free_text": {
      const minLength = optionalInt(raw.minLength, `${path}.minLength`, 1, errors);
      const maxLength = optionalInt(raw.maxLength, `${path}.maxLength`, 5000, errors);
      if (minLength < 0 || maxLength < minLength)
        errors.push({ path: `${path}.maxLength`, message: "must be at least minLength" });
      return { type: "free_text", minLength, maxLength };
    }
    default:
      errors.push({ path: `${path}.type`, message: `must be one of ${TASK_TYPES.join(", ")}` });
      return undefined;
  }
}

/** The item ids of a ranking task: `data[itemsField]` as a list of strings or of `{id}` objects. */
export function rankingItems(schema: { itemsField: string }, data: Record<string, unknown>): string[] {
  const items = data[schema.itemsField];
  if (!Array.isArray(items)) return [];
  return items.map((item, index) =>
    isRecord(item) && (typeof item.id === "string" || typeof item.id === "number") ? String(item.id) : String(index),
  );
}

/** Whether `validateLabelValue` reads the task's data for this schema (ranking: the items to order). */
export function answerNeedsTaskData(schema: LabelSchema): boolean {
  return schema.type === "ranking";
}

/**
 * Checks one answer against the schema and returns it in canonical form (multi-label values
 * sorted and unique). Returns a list of problems instead when it is not valid.
 * `data` is the task's data, needed for ranking (the answer must order exactly the task's items).
 */
export function validateLabelValue(
  schema: LabelSchema,
  value: unknown,
  data: Record<string, unknown> = {},
  path = "value",
): { ok: true; value: LabelValue } | { ok: false; errors: ErrorDetail[] } {
  const fail = (message: string) => ({ ok: false as const, errors: [{ path, message }] });
  switch (schema.type) {
    case "single_choice": {
      const v = typeof value === "number" ? String(value) : value;
      if (typeof v !== "string" || !schema.options.some((o) => o.value === v))
        return fail(`must be one of ${schema.options.map((o) => JSON.stringify(o.value)).join(", ")}`);
      return { ok: true, value: v };
    }
    case "multi_label": {
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string"))
        return fail("must be a list of option values");
      const unknown = value.filter((v) => !schema.options.some((o) => o.value === v));
      if (unknown.length > 0) return fail(`unknown options: ${unknown.join(", ")}`);
      const canonical = [...new Set(value)].sort();
      const exclusive = schema.options.find((o) => o.exclusive && canonical.includes(o.value));
      if (exclusive && canonical.length > 1) return fail(`"${exclusive.label}" cannot be combined with other options`);
      if (canonical.length < schema.minSelected || canonical.length > schema.maxSelected)
        return fail(`choose between ${schema.minSelected} and ${schema.maxSelected} options`);
      return { ok: true, value: canonical };
    }
    case "rating": {
      const v = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      if (typeof v !== "number" || !Number.isInteger(v) || v < schema.min || v > schema.max)
        return fail(`must be a whole number from ${schema.min} to ${schema.max}`);
      return { ok: true, value: v };
    }
    case "pairwise": {
      const allowed = schema.allowTie ? ["left", "right", "tie"] : ["left", "right"];
      if (typeof value !== "string" || !allowed.includes(value)) return fail(`must be one of ${allowed.join(", ")}`);
      return { ok: true, value };
    }
    case "ranking": {
      const items = rankingItems(schema, data);
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string"))
        return fail("must be the list of item ids in ranked order");
      const sortedGiven = [...value].sort();
      const sortedItems = [...items].sort();
      if (sortedGiven.length !== sortedItems.length || sortedGiven.some((v, i) => v !== sortedItems[i]))
        return fail(`must order exactly the task's items: ${items.join(", ")}`);
      return { ok: true, value: value as string[] };
    }
    case "free_text": {
      if (typeof value !== "string") return fail("must be text");
      const text = value.trim();
      if (text.length < schema.minLength || text.length > schema.maxLength)
        return fail(`must be between ${schema.minLength} and ${schema.maxLength} characters`);
      return { ok: true, value: text };
    }
  }
}

/** A string that is equal for two answers exactly when they mean the same label. */
export function labelKey(value: LabelValue): string {
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

/** The discrete classes of a schema, when it has a fixed set (for truth inference and agreement). */
export function schemaClasses(schema: LabelSchema): string[] | undefined {
  switch (schema.type) {
    case "single_choice":
      return schema.options.map((o) => o.value);
    case "rating": {
      const classes: string[] = [];
      for (let v = schema.min; v <= schema.max; v++) classes.push(String(v));
      return classes;
    }
    case "pairwise":
      return schema.allowTie ? ["left", "right", "tie"] : ["left", "right"];
    default:
      return undefined;
  }
}
