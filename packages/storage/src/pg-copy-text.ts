/**
 * PostgreSQL's COPY text format, built here without the driver so that a worker thread can render
 * rows too (`import-reader-worker.ts`).
 */

/** One value as a field of COPY's text format: `\N` for null, backslash escapes for the rest. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "number") return String(value);
  const text = String(value);
  // Most values need no escape: testing first spares building a copy of each.
  return NEEDS_ESCAPE.test(text) ? text.replace(TO_ESCAPE, (c) => COPY_ESCAPES[c]!) : text;
}

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const TO_ESCAPE = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * `rows` as lines of COPY text, `columns` in that order, each line after `prefix` (the leading
 * fields every row shares, rendered once by `copyPrefix`).
 */
export function copyLines<R extends object>(rows: readonly R[], columns: readonly (keyof R)[], prefix = ""): string {
  let text = "";
  for (const row of rows) {
    text += prefix;
    text += copyField(row[columns[0]!]);
    for (let i = 1; i < columns.length; i++) text += `\t${copyField(row[columns[i]!])}`;
    text += "\n";
  }
  return text;
}

/** The fields `values` as the start of a line of COPY text, for `copyLines`. */
export function copyPrefix(values: readonly unknown[]): string {
  return values.map((value) => `${copyField(value)}\t`).join("");
}
