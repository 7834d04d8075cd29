import { type ErrorDetail, invalidInput } from "@quorum/core";
import type { Context } from "hono";
import type { z } from "zod";

function zodDetails(error: z.ZodError, prefix: string): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join("."),
    message: issue.message,
  }));
}

/** Parses the JSON body with a Zod schema; bad JSON or a bad field is a 400 naming the field. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    const text = await c.req.text();
    raw = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    throw invalidInput("The request body is not valid JSON", [{ path: "body", message: (error as Error).message }]);
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw invalidInput("The request body is not valid", zodDetails(result.error, ""));
  return result.data;
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) throw invalidInput("The query string is not valid", zodDetails(result.error, "query"));
  return result.data;
}

/** A positive integer path parameter, or a 404 (an id that cannot exist is simply not found). */
export function idParam(c: Context, name: string): number {
  const value = Number(c.req.param(name));
  if (!Number.isSafeInteger(value) || value <= 0)
    throw invalidInput(`${name} must be a positive integer`, [{ path: name, message: "not an id" }]);
  return value;
}
