import { DomainError, type ErrorDetail, invalidInput } from "@quorum/core";
import type { Context } from "hono";
import { z } from "zod";
import { readLimitedText } from "./body-limits.js";
import type { AppEnv } from "./context.js";

/** How deeply a JSON request body may nest; deeper bodies are refused before any handler sees them. */
export const MAX_JSON_DEPTH = 64;

function zodDetails(error: z.ZodError, prefix: string): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join("."),
    message: issue.message,
  }));
}

/**
 * The first problem no handler should meet in a parsed body: nesting deeper than `MAX_JSON_DEPTH`
 * (recursive code downstream would overflow the stack) or a NUL character in a string or key
 * (PostgreSQL text cannot hold it). Walks iteratively, so the walk itself cannot overflow.
 */
function bodyProblem(value: unknown): ErrorDetail | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    const where = path.join(".") || "body";
    if (typeof current === "string") {
      if (current.includes("\u0000")) return { path: where, message: "must not contain NUL characters" };
      continue;
    }
    if (typeof current !== "object" || current === null) continue;
    if (path.length >= MAX_JSON_DEPTH) return { path: where, message: `nests deeper than ${MAX_JSON_DEPTH} levels` };
    for (const [key, child] of Object.entries(current)) {
      if (key.includes("\u0000")) return { path: where, message: "has a key with a NUL character" };
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}

/**
 * Parses the JSON body with a Zod schema; bad JSON or a bad field is a 400 naming the field, a
 * body over the JSON limit a 413.
 */
export async function readJson<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    const text = await readLimitedText(c);
    raw = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw invalidInput("The request body is not valid JSON", [{ path: "body", message: (error as Error).message }]);
  }
  const problem = bodyProblem(raw);
  if (problem) throw invalidInput("The request body is not valid", [problem]);
  const result = schema.safeParse(raw);
  if (!result.success) throw invalidInput("The request body is not valid", zodDetails(result.error, ""));
  return result.data;
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const query = c.req.query();
  for (const [name, value] of Object.entries(query))
    if (value.includes("\u0000"))
      throw invalidInput("The query string is not valid", [
        { path: `query.${name}`, message: "must not contain NUL characters" },
      ]);
  const result = schema.safeParse(query);
  if (!result.success) throw invalidInput("The query string is not valid", zodDetails(result.error, "query"));
  return result.data;
}

const ID = /^[1-9][0-9]{0,15}$/;

/** A positive integer path parameter written in plain decimal (`0x1`, `1e3`, `01` are not ids), or a 400. */
export function idParam(c: Context, name: string): number {
  const text = c.req.param(name) ?? "";
  const value = Number(text);
  if (!ID.test(text) || !Number.isSafeInteger(value))
    throw invalidInput(`${name} must be a positive integer`, [{ path: name, message: "not an id" }]);
  return value;
}

/**
 * A whole number in a query string, in plain decimal: `"0x1"`, `"1e3"` or `" 7"` are refused
 * where `z.coerce.number()` would read them. Chain `.pipe(z.number()...)` for bounds.
 */
export function queryInteger() {
  return z
    .string()
    .regex(/^-?(0|[1-9][0-9]{0,15})$/, "must be a whole number in decimal digits")
    .transform(Number);
}

/** A positive id in a query string, in plain decimal. */
export function queryId() {
  return z.string().regex(ID, "must be a positive whole number (an id)").transform(Number);
}
