import type { TaskAggregate } from "@quorum/core";
// The subpath, not all of core: export worker threads load this module (see export-task-rows.ts).
import { isLabelValue } from "@quorum/core/export-rendering";

/**
 * JSON columns are text on both dialects (see schema.ts). Mappers parse them here and nowhere
 * else; `T` is the shape the column's writer stored, which the database does not check.
 */
export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** `parseJson` for a nullable column: null stays null. */
export function parseJsonOrNull<T>(text: string | null): T | null {
  return text === null ? null : parseJson<T>(text);
}

/**
 * Reads a JSON text column and checks its shape, so a row the code did not write (a hand edit,
 * an older version) fails here with the column's name instead of deep inside a use case.
 * Written by hand: the checks are a few `typeof`s on the hot path, where a schema library's
 * parse would cost more than the query.
 */
export function parseJsonColumn<T>(text: string, column: string, guard: (value: unknown) => value is T): T {
  const value: unknown = JSON.parse(text);
  if (!guard(value)) throw new Error(`${column} holds ${text.slice(0, 80)}, which is not what it should hold`);
  return value;
}

/** `parseJsonColumn` for a nullable column. */
export function parseNullableJsonColumn<T>(
  text: string | null,
  column: string,
  guard: (value: unknown) => value is T,
): T | null {
  return text === null ? null : parseJsonColumn(text, column, guard);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isNumberList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === "number");
}

export function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

export function isNumberRecord(value: unknown): value is Record<string, number> {
  return isObject(value) && Object.values(value).every((item) => typeof item === "number");
}

export function isTaskAggregate(value: unknown): value is TaskAggregate {
  return (
    isObject(value) &&
    isLabelValue(value.value) &&
    typeof value.method === "string" &&
    (value.agreement === undefined || typeof value.agreement === "number")
  );
}

/** A text column that holds one of a fixed set of values. */
export function oneOf<T extends string>(values: readonly T[], column: string): (stored: string) => T {
  return (stored) => {
    if (!(values as readonly string[]).includes(stored))
      throw new Error(`${column} holds "${stored}", not one of ${values.join(", ")}`);
    return stored as T;
  };
}
