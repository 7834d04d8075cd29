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
