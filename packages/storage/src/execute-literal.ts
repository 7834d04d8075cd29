import pg from "pg";

const { prepareValue } = (pg as unknown as { utils: { prepareValue: (value: unknown) => unknown } }).utils;

/**
 * `execute name(v1, v2, ...)`: running the prepared statement `name` in a simple query, its values
 * written as literals. Each value is first turned into the text node-pg would bind for it
 * (`prepareValue`: numbers and booleans to text, arrays to array literals, objects to JSON), then
 * quoted with node-pg's `escapeLiteral`, which doubles every `'` and, when the text holds a `\`,
 * doubles every `\` too and writes `E'...'`: inside the literal no character can end it early, with
 * `standard_conforming_strings` on or off, so no value can add SQL of its own. PostgreSQL reads the
 * quoted text with the parameter's type, as it reads a bound value. Undefined when a value cannot
 * be written so: bytes (bound as binary) and text holding NUL (which would end the query text).
 */
export function executeText(name: string, values: readonly unknown[]): string | undefined {
  const literals: string[] = [];
  for (const value of values) {
    const prepared = prepareValue(value);
    if (prepared === null) literals.push("NULL");
    else if (typeof prepared === "string" && !prepared.includes("\u0000")) literals.push(pg.escapeLiteral(prepared));
    else return undefined;
  }
  return literals.length === 0 ? `execute ${name}` : `execute ${name}(${literals.join(", ")})`;
}
