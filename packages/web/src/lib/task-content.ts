import type { LabelSchema } from "@quorum/core";

/** How one data value is shown. */
export type ValueKind = "image" | "video" | "audio" | "url" | "text" | "number" | "boolean" | "json" | "empty";

const IMAGE = /\.(png|jpe?g|gif|webp|avif|svg|bmp)(\?.*)?$/i;
const VIDEO = /\.(mp4|webm|ogv|mov|m4v)(\?.*)?$/i;
const AUDIO = /\.(mp3|wav|ogg|oga|m4a|flac)(\?.*)?$/i;

/** Whether a string is an absolute http(s) URL (the only kind rendered as media or links). */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value.trim());
}

export function classifyValue(value: unknown, key = ""): ValueKind {
  if (value === null || value === undefined || value === "") return "empty";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") {
    const text = value.trim();
    if (isHttpUrl(text) || text.startsWith("data:image/")) {
      if (text.startsWith("data:image/") || IMAGE.test(text) || /(^|_)(image|img|photo|picture)($|_|url)/i.test(key))
        return "image";
      if (VIDEO.test(text) || /(^|_)video/i.test(key)) return "video";
      if (AUDIO.test(text) || /(^|_)audio/i.test(key)) return "audio";
      return "url";
    }
    return "text";
  }
  return "json";
}

export interface Field {
  key: string;
  label: string;
  value: unknown;
  kind: ValueKind;
}

/** "gold_explanation" → "Gold explanation"; "imageUrl" → "Image url". */
export function humanizeKey(key: string): string {
  const spaced = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Fields people read first come first; the rest keep the order of the data. */
const LEADING = ["prompt", "question", "instruction", "query", "title", "text", "content", "body", "comment"];

export function fieldsOf(data: Record<string, unknown>, skip: string[] = []): Field[] {
  const keys = Object.keys(data).filter((k) => !skip.includes(k) && !k.startsWith("_"));
  const rank = (k: string) => {
    const i = LEADING.indexOf(k.toLowerCase());
    return i === -1 ? LEADING.length : i;
  };
  return keys
    .map((key, position) => ({ key, position }))
    .sort((a, b) => rank(a.key) - rank(b.key) || a.position - b.position)
    .map(({ key }) => ({ key, label: humanizeKey(key), value: data[key], kind: classifyValue(data[key], key) }))
    .filter((f) => f.kind !== "empty");
}

/** A side of a side-by-side comparison: plain text or media, or a record of fields. */
export type Side = { kind: "value"; field: Field } | { kind: "fields"; fields: Field[] };

export type TaskLayout =
  | { kind: "pairwise"; context: Field[]; left: Side; right: Side; leftLabel: string; rightLabel: string }
  | {
      kind: "search";
      query: string;
      language: string | undefined;
      title: string | undefined;
      url: string | undefined;
      snippet: string | undefined;
      extra: Field[];
    }
  | { kind: "fields"; fields: Field[] };

const PAIR_KEYS: [string, string][] = [
  ["left", "right"],
  ["a", "b"],
  ["response_a", "response_b"],
  ["responseA", "responseB"],
  ["candidate_a", "candidate_b"],
  ["option_a", "option_b"],
  ["image_a", "image_b"],
];

function side(value: unknown, key: string): Side {
  if (typeof value === "object" && value !== null && !Array.isArray(value))
    return { kind: "fields", fields: fieldsOf(value as Record<string, unknown>) };
  return { kind: "value", field: { key, label: humanizeKey(key), value, kind: classifyValue(value, key) } };
}

const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : undefined);

/**
 * How a task's data is laid out: side by side for pairwise tasks with two candidates, as a
 * search result under its query when the data has a query and a result, else as fields.
 * Ranking items are shown by the answer control, so they are left out here.
 */
export function taskLayout(schema: LabelSchema, data: Record<string, unknown>): TaskLayout {
  if (schema.type === "pairwise") {
    const pair = PAIR_KEYS.find(([l, r]) => l in data && r in data);
    if (pair) {
      const [l, r] = pair;
      return {
        kind: "pairwise",
        context: fieldsOf(data, [l, r]),
        left: side(data[l], l),
        right: side(data[r], r),
        leftLabel: "Left",
        rightLabel: "Right",
      };
    }
  }
  const query = text(data.query);
  const title = text(data.title);
  const url = text(data.url);
  const snippet = text(data.snippet) ?? text(data.description);
  if (query && (title || snippet || url) && schema.type !== "ranking") {
    const used = [
      "query",
      "title",
      "url",
      "snippet",
      "language",
      "lang",
      ...(text(data.snippet) ? [] : ["description"]),
    ];
    return {
      kind: "search",
      query,
      language: text(data.language) ?? text(data.lang),
      title,
      url: url && isHttpUrl(url) ? url : undefined,
      snippet,
      extra: fieldsOf(data, used),
    };
  }
  return { kind: "fields", fields: fieldsOf(data, schema.type === "ranking" ? [schema.itemsField] : []) };
}

export interface RankingItem {
  id: string;
  text: string;
}

/** The items of a ranking task with the text to show for each (ids follow `rankingItems` in core). */
export function rankingItemTexts(schema: { itemsField: string }, data: Record<string, unknown>): Map<string, string> {
  const items = data[schema.itemsField];
  const map = new Map<string, string>();
  if (!Array.isArray(items)) return map;
  items.forEach((item, index) => {
    if (typeof item === "object" && item !== null) {
      const record = item as Record<string, unknown>;
      const id = typeof record.id === "string" || typeof record.id === "number" ? String(record.id) : String(index);
      const shown = record.text ?? record.title ?? record.label ?? record.name ?? JSON.stringify(record);
      map.set(id, String(shown));
    } else map.set(String(index), String(item));
  });
  return map;
}

/** A one-line preview of a task: its first text field (or first field), cut at `max` characters. */
export function taskPreview(data: Record<string, unknown>, max = 90): string {
  const fields = fieldsOf(data);
  const first = fields.find((f) => f.kind === "text") ?? fields[0];
  if (!first) return "";
  const value = typeof first.value === "string" ? first.value : JSON.stringify(first.value);
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
