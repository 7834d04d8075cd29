import { DomainError, type ErrorDetail, invalidInput } from "@quorum/core";
import type { Context } from "hono";
import { z } from "zod";
import { readLimitedText } from "./body-limits.js";
import type { AppEnv } from "./context.js";

/** How deeply a JSON request body may nest; deeper bodies are refused before any handler sees them. */
export const MAX_JSON_DEPTH = 64;

/**
 * One detail per issue. An unknown field is a detail of its own ("Unknown field: role") at the path
 * of the object holding it (`reviewPolicy`), which a form shows beside that group; at the top of
 * the body, where that path would be empty, at the field itself (`role`).
 */
function zodDetails(error: z.ZodError, prefix: string): ErrorDetail[] {
  const pathOf = (path: readonly PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join(".");
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: issue.path.length > 0 ? pathOf(issue.path) : pathOf([key]),
          message: `Unknown field: ${key}`,
        }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
}

/** "leaseSeconds" → "Lease seconds"; a list item is named after its list ("Languages item 2"). */
function fieldName(path: readonly PropertyKey[]): string {
  const last = path.at(-1);
  if (typeof last === "number") return `${fieldName(path.slice(0, -1))} item ${last + 1}`;
  if (last === undefined) return "The body";
  const words = String(last)
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

interface Definition {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
}

/** The schema a path leads to inside `root`, through optional, nullable, default and transform wrappers. */
function schemaAt(root: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  const unwrap = (schema: z.ZodType | undefined): z.ZodType | undefined => {
    let current = schema;
    for (let depth = 0; current && depth < 10; depth++) {
      const def = current.def as Definition;
      const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
      if (!inner) return current;
      current = inner;
    }
    return current;
  };
  let schema = unwrap(root);
  for (const key of path) {
    if (!schema) return undefined;
    const def = schema.def as Definition;
    if (def.type === "object") schema = def.shape?.[String(key)];
    else if (def.type === "array") schema = def.element;
    else if (def.type === "record") schema = def.valueType;
    else return undefined;
    schema = unwrap(schema);
  }
  return schema;
}

/** "a whole number from 1 to 50", "a number of at least 0", from a number schema's checks. */
function numberRule(schema: z.ZodType | undefined): string | undefined {
  if (schema?.def.type !== "number") return undefined;
  const number = schema as z.ZodNumber;
  const kind = number.isInt ? "a whole number" : "a number";
  const min = Number.isFinite(number.minValue ?? Number.NaN) ? number.minValue : null;
  const max =
    Number.isFinite(number.maxValue ?? Number.NaN) && (number.maxValue ?? 0) < 2 ** 52 ? number.maxValue : null;
  if (min !== null && max !== null) return `${kind} from ${min} to ${max}`;
  if (min !== null) return `${kind} of at least ${min}`;
  if (max !== null) return `${kind} of at most ${max}`;
  return kind;
}

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  null: "null",
};

const FORMAT_WORDS: Record<string, string> = {
  email: "an email address",
  date: "a date such as 2026-03-31",
  datetime: "a date and time such as 2026-03-31T17:00:00Z",
  url: "a web address",
};

type Issue = z.core.$ZodRawIssue | z.core.$ZodIssue;

/** What one alternative of a union wanted, from the first issue it raised. */
function wanted(issue: Issue | undefined): string | undefined {
  if (!issue) return undefined;
  if (issue.code === "invalid_format") return FORMAT_WORDS[issue.format] ?? `text in the ${issue.format} format`;
  if (issue.code === "invalid_type") return TYPE_WORDS[issue.expected] ?? issue.expected;
  return undefined;
}

/**
 * The one Zod error map of the API: messages for people, naming the field ("Name is required",
 * "Overlap must be a whole number from 1 to 50"). Number ranges come from the schema itself, so a
 * message states both bounds; a union says what its description says it takes, or else lists its
 * alternatives. A message set on a schema (`.regex(re, "use ISO 639 codes")`) wins.
 */
function peopleMessages(root: z.ZodType): z.core.$ZodErrorMap {
  return (issue) => {
    const path = issue.path ?? [];
    const field = fieldName(path);
    switch (issue.code) {
      case "invalid_type": {
        if (issue.input === undefined) return `${field} is required`;
        const rule = numberRule(schemaAt(root, path));
        if (rule) return `${field} must be ${rule}`;
        return `${field} must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
      }
      case "too_small":
      case "too_big": {
        const bound = Number(issue.code === "too_small" ? issue.minimum : issue.maximum);
        if (issue.origin === "number" || issue.origin === "int") {
          const rule = numberRule(schemaAt(root, path));
          return `${field} must be ${rule ?? (issue.code === "too_small" ? `at least ${bound}` : `at most ${bound}`)}`;
        }
        if (issue.origin === "string") {
          if (issue.code === "too_small" && bound === 1) return `${field} is required`;
          return `${field} must be ${issue.code === "too_small" ? "at least" : "at most"} ${bound} characters`;
        }
        if (issue.origin === "array" || issue.origin === "set")
          return `${field} must have ${issue.code === "too_small" ? "at least" : "at most"} ${bound} ${bound === 1 ? "item" : "items"}`;
        return undefined;
      }
      case "invalid_format":
        return `${field} must be ${FORMAT_WORDS[issue.format] ?? `in the ${issue.format} format`}`;
      case "invalid_value":
        return `${field} must be one of ${issue.values.map(String).join(", ")}`;
      case "invalid_union": {
        const described = schemaAt(root, path)?.description;
        if (described) return `${field} must be ${described}`;
        const options = issue.errors.map((branch) => wanted(branch[0]));
        if (options.length === 0 || options.some((o) => o === undefined)) return `${field} is not valid`;
        const unique = [...new Set(options as string[])];
        const list =
          unique.length === 1 ? unique[0] : `${unique.slice(0, -1).join(", ")} or ${unique[unique.length - 1]}`;
        return `${field} must be ${list}`;
      }
      case "unrecognized_keys":
        return `Unknown ${issue.keys.length === 1 ? "field" : "fields"}: ${issue.keys.join(", ")}`;
      default:
        return undefined;
    }
  };
}

/** Each schema's parse parameters, made once rather than on every request. */
const PARSE_PARAMS = new WeakMap<z.ZodType, { error: z.core.$ZodErrorMap }>();

function parseParams(schema: z.ZodType): { error: z.core.$ZodErrorMap } {
  let params = PARSE_PARAMS.get(schema);
  if (!params) {
    params = { error: peopleMessages(schema) };
    PARSE_PARAMS.set(schema, params);
  }
  return params;
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
 * Parses the JSON body with a Zod schema; bad JSON or a bad field is a 400 naming the field (in
 * words for people), a body over the JSON limit a 413. `accept`, on a hot route, returns the
 * schema's result for the bodies it recognises as valid without Zod (undefined: ask Zod).
 */
export async function readJson<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
  accept?: (raw: unknown) => z.infer<S> | undefined,
): Promise<z.infer<S>> {
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
  const accepted = accept?.(raw);
  if (accepted !== undefined) return accepted;
  const result = schema.safeParse(raw, parseParams(schema));
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
  const result = schema.safeParse(query, parseParams(schema));
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
