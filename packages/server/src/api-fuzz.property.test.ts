import { type Database, insertSession, testTargets } from "@quorum/storage";
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOidcConfig } from "./auth/oidc-config.js";
import { hashSecret, newSecret } from "./auth/tokens.js";
import { testApp } from "./test-client.js";
import { startOidcProvider } from "./test-oidc-provider.js";

/**
 * Random and boundary requests to every route of the OpenAPI document, as every kind of caller:
 * no request may answer 5xx, and a refused request (4xx) must leave the main tables as they were.
 * Runs are bounded (10 per route, QUORUM_FUZZ_RUNS=<n> for more) so the file stays well under a
 * minute per dialect within the suite's 15-minute budget; CI replays one seed (vitest.setup.ts),
 * FC_SEED=<n> replays any.
 */

const targets = await testTargets();
const RUNS_PER_ROUTE = Number(process.env.QUORUM_FUZZ_RUNS ?? 10);
const RUNS_PER_FORMAT = RUNS_PER_ROUTE * 2;

type Caller = "admin" | "manager" | "annotator" | "anonymous";

/** The tables a request can grow; a refused request must not change their row counts. */
const MAIN_TABLES = [
  "users",
  "sessions",
  "api_tokens",
  "projects",
  "guideline_versions",
  "batches",
  "tasks",
  "assignments",
  "judgments",
  "activity_hourly",
  "annotator_quality",
  "quality_actions",
  "audit_plans",
  "review_items",
  "questions",
] as const;

async function rowCounts(database: Database): Promise<Record<(typeof MAIN_TABLES)[number], number>> {
  const selects = MAIN_TABLES.map((t) => sql`(select count(*) from ${sql.table(t)}) as ${sql.ref(t)}`);
  const result = await sql<Record<string, unknown>>`select ${sql.join(selects)}`.execute(database.db);
  return Object.fromEntries(Object.entries(result.rows[0]!).map(([k, v]) => [k, Number(v)])) as Record<
    (typeof MAIN_TABLES)[number],
    number
  >;
}

// ---------------------------------------------------------------------------------------------
// Values. Hand-written rather than a JSON-schema-to-arbitrary library: we want values *near* the
// schema (right shape, one field wrong or at a limit), which generators of valid data do not make.

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

/** A JSON text for values JSON.stringify cannot write (`__proto__` keys, numbers beyond doubles). */
class RawJson {
  constructor(readonly text: string) {}
}

const toJson = (value: unknown): string =>
  value instanceof RawJson
    ? value.text
    : Array.isArray(value)
      ? `[${value.map(toJson).join(",")}]`
      : value !== null && typeof value === "object"
        ? `{${Object.entries(value)
            .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
            .join(",")}}`
        : (JSON.stringify(value) ?? "null");

/** Nested arrays or objects `depth` levels deep, as text. */
const nested = (depth: number, open: string, close: string) =>
  new RawJson(`${open.repeat(depth)}1${close.repeat(depth)}`);

/** Wrong types, limits and awkward text, for any field. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    0.5,
    2 ** 31,
    2 ** 53 + 2,
    -(2 ** 63),
    1e308,
    -1e308,
    5e-324,
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "null",
    "[]",
    "2026-02-30T25:61:00Z",
    "\u202Egnp.exe",
    "ｆｕｌｌ",
    "' or 1=1 --",
    "<img src=x onerror=alert(1)>",
    "../../etc/passwd",
    "😀".repeat(60),
    "x".repeat(70_000),
    [],
    {},
    [null],
    new RawJson("1e999"),
    new RawJson("-0"),
    new RawJson("123456789012345678901234567890"),
    new RawJson('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
  ),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 20, max: 300 }).map((d) => nested(d, "[", "]")),
);

/**
 * Generators for the hardening findings that once answered 500 (each is now a 400):
 * - NUL bytes: PostgreSQL refuses U+0000 in text, e.g. a project name holding one.
 * - Deep nesting: JSON thousands of levels deep in fields the schemas leave open.
 * - Origin: a cookie-authenticated write with a malformed Origin header.
 * All are on; QUORUM_FUZZ_SKIP=nul,deep,origin leaves some out while investigating.
 */
const SKIPPED = (process.env.QUORUM_FUZZ_SKIP ?? "").split(",");
const pending = (finding: "nul" | "deep" | "origin") => !SKIPPED.includes(finding);

/** Values with a NUL character (a hardening finding: NUL bytes). */
const nulValue = fc.constantFrom("\u0000", "a\u0000b", "gold\u0000");

/** Very deep JSON (a hardening finding: deep nesting). */
const deepValue = fc
  .integer({ min: 3_000, max: 100_000 })
  .chain((d) => fc.constantFrom(nested(d, "[", "]"), new RawJson(`${'{"a":'.repeat(d)}1${"}".repeat(d)}`)));

/** Origin headers: our own, a foreign site, and malformed ones (a hardening finding). */
const origin = fc.constantFrom(
  "http://quorum.test",
  "http://quorum.test",
  "http://quorum.test",
  "https://evil.example",
  ...(pending("origin") ? ["null", "not a url", "http://[::1", "file://"] : []),
);

/** Every odd value for a field or a query parameter. */
const anyOdd: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: oddValue },
  ...(pending("nul") ? [{ weight: 2, arbitrary: nulValue }] : []),
  ...(pending("deep") ? [{ weight: 2, arbitrary: deepValue }] : []),
);

const LABEL_SCHEMAS = [
  { type: "single_choice", options: ["a", "b"] },
  { type: "multi_label", options: ["x", "y", "z"] },
  { type: "rating", min: 0, max: 4 },
  { type: "pairwise" },
  { type: "ranking", itemsField: "items" },
  { type: "free_text", maxLength: 50 },
];

/** Fields whose schema the document leaves open: valid values reach the code behind validation. */
const KNOWN_FIELDS: Record<string, fc.Arbitrary<unknown>> = {
  schema: fc.constantFrom<unknown>(...LABEL_SCHEMAS),
  value: fc.constantFrom<unknown>("a", "b", ["x"], 2, "left", ["b", "a"], "free text"),
  goldPolicy: fc.record({
    share: fc.double({ min: 0, max: 0.5, noNaN: true }),
    onboarding: fc.integer({ min: 0, max: 5 }),
  }),
  overlapPolicy: fc.oneof(
    fc.constant({ mode: "fixed" }),
    fc.record({
      mode: fc.constant("dynamic"),
      min: fc.integer({ min: 1, max: 3 }),
      max: fc.integer({ min: 3, max: 8 }),
      target: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
    }),
  ),
  timeZone: fc.constantFrom<unknown>("UTC", "Europe/Berlin", "Asia/Tokyo", "America/Los_Angeles"),
  locale: fc.constantFrom<unknown>("en", "de", "ja", "en-US"),
  qualityRules: fc.record({
    minGoldAnswers: fc.integer({ min: 1, max: 20 }),
    minAccuracy: fc.double({ min: 0, max: 1, noNaN: true }),
    action: fc.constantFrom("pause", "retrain", "flag"),
  }),
};

/**
 * A value for `schema`. Without `odd` it fits the schema (to reach the code behind validation);
 * with it, each level is sometimes an odd value, a limit just outside the range, or a missing
 * required field.
 */
function near(schema: JsonSchema, odd?: fc.Arbitrary<unknown>, depth = 0, field = ""): fc.Arbitrary<unknown> {
  const fitting = KNOWN_FIELDS[field] ?? fits(schema, odd, depth);
  return odd ? fc.oneof({ weight: 4, arbitrary: fitting }, { weight: 1, arbitrary: odd }) : fitting;
}

function fits(schema: JsonSchema, odd: fc.Arbitrary<unknown> | undefined, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map((s) => fits(s, odd, depth)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const properties = schema.properties ?? {};
      if (Object.keys(properties).length === 0)
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 100 }), {
          maxKeys: 4,
        });
      const model = Object.fromEntries(
        Object.entries(properties).map(([key, s]) => [key, near(s, odd, depth + 1, key)]),
      );
      const required = Object.keys(model).filter((k) => schema.required?.includes(k));
      const record = fc.record(model, { requiredKeys: required });
      if (!odd) return record;
      // At most one required field missing, so the rest is still checked.
      return record.chain((value) =>
        fc
          .subarray(Object.keys(value), { minLength: Math.max(0, Object.keys(value).length - 1) })
          .map((keep) => Object.fromEntries(Object.entries(value).filter(([k]) => keep.includes(k)))),
      );
    }
    case "array":
      return fc.array(schema.items && depth < 4 ? near(schema.items, odd, depth + 1) : fc.jsonValue({ maxDepth: 1 }), {
        maxLength: 5,
      });
    case "string": {
      if (schema.format === "email") return fc.emailAddress();
      if (schema.format === "date-time")
        return fc
          .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
          .map((d) => d.toISOString());
      if (schema.pattern && schema.pattern.length < 40) return fc.stringMatching(new RegExp(schema.pattern));
      const min = schema.minLength ?? 0;
      const max = schema.maxLength ?? 40;
      const inRange = fc.string({ minLength: min, maxLength: Math.min(max, min + 40) });
      return odd ? fc.oneof(inRange, fc.constant("x".repeat(max)), fc.constant("x".repeat(max + 1))) : inRange;
    }
    case "integer":
    case "number": {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -1e6;
      const max = schema.maximum ?? schema.exclusiveMaximum ?? 1e6;
      const minExcluded = schema.minimum === undefined && schema.exclusiveMinimum !== undefined;
      const maxExcluded = schema.maximum === undefined && schema.exclusiveMaximum !== undefined;
      const inRange =
        type === "integer"
          ? fc.integer({
              min: Math.max(Math.ceil(min) + (minExcluded ? 1 : 0), -(2 ** 31)),
              max: Math.min(Math.floor(max) - (maxExcluded ? 1 : 0), 2 ** 31),
            })
          : fc.double({ min, max, minExcluded, maxExcluded, noNaN: true });
      return odd ? fc.oneof(inRange, fc.constantFrom(min, max, min - 1, max + 1, (min + max) / 2 + 0.5)) : inRange;
    }
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

type Path = (string | number)[];

/** Every place in a value: itself, and each field and item below it. */
function placesIn(value: unknown, at: Path = []): Path[] {
  const places = [at];
  if (Array.isArray(value)) for (const [i, item] of value.entries()) places.push(...placesIn(item, [...at, i]));
  else if (value !== null && typeof value === "object" && !(value instanceof RawJson))
    for (const [key, field] of Object.entries(value)) places.push(...placesIn(field, [...at, key]));
  return places;
}

/** A copy of `value` with the place at `path` replaced by `replacement`, or removed when undefined. */
function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (rest.length === 0 && replacement === undefined) copy.splice(head as number, 1);
    else copy[head as number] = replaceAt(copy[head as number], rest, replacement);
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  if (rest.length === 0 && replacement === undefined) delete copy[head as string];
  else copy[head as string] = replaceAt(copy[head as string], rest, replacement);
  return copy;
}

/**
 * A fitting value with exactly one place made odd (replaced, removed, or given an unknown
 * field), so the one bad field is what the server must cope with.
 */
function withOneOddField(fitting: fc.Arbitrary<unknown>, odd: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(fitting, fc.nat(), odd, fc.constantFrom("replace", "replace", "remove", "add"))
    .map(([value, pick, replacement, how]) => {
      const places = placesIn(value);
      const path = places[pick % places.length]!;
      if (how === "remove" && path.length > 0) return replaceAt(value, path, undefined);
      if (how === "add" && value !== null && typeof value === "object" && !Array.isArray(value))
        return { ...value, unexpectedField: replacement };
      return replaceAt(value, path, replacement);
    });
}

// ---------------------------------------------------------------------------------------------
// Requests.

interface Operation {
  method: string;
  path: string;
  query: { name: string; schema: JsonSchema }[];
  body: "json" | "raw" | undefined;
  bodySchema: JsonSchema | undefined;
}

interface FuzzRequest {
  caller: Caller;
  path: string;
  query: string;
  body: string | undefined;
  headers: Record<string, string>;
}

interface Generators {
  /** Ids of the people the callers are: never a target of /users/{id} (they would lock themselves out). */
  victims: number[];
  odd: fc.Arbitrary<unknown>;
  oddPath: fc.Arbitrary<string>;
}

function operations(document: {
  paths: Record<string, Record<string, { parameters?: unknown[]; requestBody?: unknown }>>;
}): Operation[] {
  const list: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths))
    for (const [method, op] of Object.entries(methods)) {
      // A server-sent event stream never ends, so it cannot be fuzzed by reading whole responses;
      // console-events.test.ts reads it over real HTTP.
      if (path === "/events") continue;
      const parameters = (op.parameters ?? []) as { name: string; in: string; schema: JsonSchema }[];
      const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)?.content;
      const json = content?.["application/json"];
      list.push({
        method: method.toUpperCase(),
        path,
        query: parameters.filter((p) => p.in === "query").map((p) => ({ name: p.name, schema: p.schema })),
        body: json ? "json" : content ? "raw" : undefined,
        bodySchema: json?.schema,
      });
    }
  return list;
}

function requestFor(op: Operation, g: Generators): fc.Arbitrary<FuzzRequest> {
  const id = op.path.startsWith("/users/")
    ? fc.oneof(fc.constantFrom(...g.victims.map(String)), fc.constantFrom("999999"), g.oddPath)
    : fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 12 }).map(String) }, g.oddPath);
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const path = fc
    .tuple(...names.map(() => id))
    .map((values) => names.reduce((p, name, i) => p.replace(`{${name}}`, values[i]!), op.path));
  const queryValue = (schema: JsonSchema, name: string) =>
    fc
      .oneof({ weight: 3, arbitrary: near(schema, undefined, 0, name) }, { weight: 1, arbitrary: g.odd })
      .map((v) => (typeof v === "string" ? v : toJson(v)));
  const query = fc
    .tuple(
      ...op.query.map((q) =>
        fc.option(
          queryValue(q.schema, q.name).map((v) => [q.name, v] as const),
          { nil: undefined },
        ),
      ),
      fc.option(fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })), { nil: undefined }),
    )
    .map((pairs) =>
      pairs
        .filter((p): p is readonly [string, string] => p !== undefined)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join("&"),
    );
  const body =
    op.body === "json" && op.bodySchema
      ? fc.oneof(
          { weight: 3, arbitrary: near(op.bodySchema).map(toJson) },
          { weight: 4, arbitrary: withOneOddField(near(op.bodySchema), g.odd).map(toJson) },
          { weight: 2, arbitrary: near(op.bodySchema, g.odd).map(toJson) },
          { weight: 1, arbitrary: g.odd.map(toJson) },
          { weight: 1, arbitrary: fc.string({ maxLength: 50 }) },
          { weight: 1, arbitrary: fc.constantFrom("", "{", "nul", '{"a":1}{"b":2}', "\uFEFF{}", "[]") },
        )
      : op.body === "raw"
        ? fc.string({ maxLength: 200 })
        : fc.option(g.odd.map(toJson), { nil: undefined, freq: 3 });
  const headers = fc.record(
    {
      "content-type": fc.constantFrom(
        "application/json",
        "text/plain",
        "application/x-ndjson",
        "",
        "multipart/form-data",
      ),
      "x-forwarded-for": fc.constantFrom("10.0.0.1", "::1", "not an address", "1.2.3.4, 5.6.7.8"),
      origin,
    },
    { requiredKeys: [] },
  );
  // Callers who may do more are drawn more often, so more requests get past the permission checks.
  const caller = fc.oneof(
    { weight: 3, arbitrary: fc.constant<Caller>("admin") },
    { weight: 2, arbitrary: fc.constant<Caller>("manager") },
    { weight: 2, arbitrary: fc.constant<Caller>("annotator") },
    { weight: 1, arbitrary: fc.constant<Caller>("anonymous") },
  );
  return fc.record({ caller, path, query, body, headers });
}

// ---------------------------------------------------------------------------------------------

describe.each(targets)("fuzzing every documented route on $dialect", (target) => {
  let database: Database;
  let t: Awaited<ReturnType<typeof testApp>>;
  const cookies = {} as Record<Exclude<Caller, "anonymous">, string>;
  const userIds = {} as Record<Exclude<Caller, "anonymous">, number>;
  let g: Generators;
  let ops: Operation[] = [];
  let provider: Awaited<ReturnType<typeof startOidcProvider>> | undefined;

  beforeAll(async () => {
    database = await target.open();
    // Single sign-on is on, against a real provider, so its routes are fuzzed past "not configured".
    const callback = "http://127.0.0.1/api/v1/auth/oidc/callback";
    provider = await startOidcProvider(callback, {}, { login: "nobody" });
    t = await testApp(database, undefined, {
      oidc: parseOidcConfig({
        QUORUM_OIDC_ISSUER: provider.issuer,
        QUORUM_OIDC_CLIENT_ID: "quorum",
        QUORUM_OIDC_CLIENT_SECRET: "quorum-test-secret",
        QUORUM_OIDC_REDIRECT_URL: callback,
        QUORUM_OIDC_ROLE_MAP: "quorum-admins=admin",
      }),
    });
    cookies.admin = t.admin;
    userIds.admin = (await t.call("GET", "/auth/me", { cookie: t.admin })).json.user.id;
    for (const role of ["manager", "annotator"] as const) {
      const session = await t.userSession(role, { languages: ["en"] }, role);
      cookies[role] = session.cookie;
      userIds[role] = session.id;
    }
    const victims = [];
    for (const role of ["annotator", "reviewer", "manager"])
      victims.push((await t.userSession(role, {}, `victim-${role}`)).id);
    // A workspace with something behind most ids: projects, tasks, judgments, a question, an audit, a review.
    for (const schema of [LABEL_SCHEMAS[0], LABEL_SCHEMAS[2]]) {
      const project = await t.call("POST", "/projects", {
        cookie: t.admin,
        body: { name: `Fuzz ${schema!.type}`, schema, overlap: 1, requirements: { languages: ["en"] } },
      });
      const id = project.json.id;
      const lines = Array.from({ length: 12 }, (_, i) =>
        JSON.stringify({ data: { text: `t${i}` }, ...(i === 0 ? { gold: schema!.type === "rating" ? 2 : "a" } : {}) }),
      );
      await t.call("POST", `/projects/${id}/imports`, { cookie: t.admin, raw: lines.join("\n") });
      for (let i = 0; i < 6; i++) {
        const next = await t.call("POST", `/projects/${id}/assignments/next`, { cookie: cookies.annotator });
        if (next.status !== 200) break;
        if (i === 0)
          await t.call("POST", `/projects/${id}/questions`, {
            cookie: cookies.annotator,
            body: { assignmentId: next.json.assignment.id, text: "Unclear?" },
          });
        await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
          cookie: cookies.annotator,
          body: { value: schema!.type === "rating" ? 3 : "b", activeMs: 800, clientKey: `seed-${id}-${i}` },
        });
      }
      await t.call("POST", `/projects/${id}/assignments/next`, { cookie: cookies.annotator });
      await t.call("POST", `/projects/${id}/audits`, { cookie: t.admin, body: { margin: 0.3 } });
      await t.call("POST", `/projects/${id}/reviews/enqueue`, {
        cookie: t.admin,
        body: { source: "low_confidence", threshold: 1 },
      });
      await t.call("POST", `/projects/${id}/annotators/${victims[0]}/status`, {
        cookie: t.admin,
        body: { status: "flagged", reason: "seed" },
      });
    }
    const doc = await t.call("GET", "/openapi.json");
    ops = operations(doc.json);
    g = {
      victims,
      odd: anyOdd,
      oddPath: fc.oneof(
        fc.constantFrom(
          "0",
          "-1",
          "1.5",
          "1e3",
          "0x10",
          "+1",
          " 1",
          "9007199254740993",
          "99999999999999999999",
          "NaN",
          "abc",
          "١",
          "%00",
          "1%00",
          "%2e%2e",
          "%F0%9F%98%80",
          "%E2%80%AE",
        ),
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }).map(encodeURIComponent),
      ),
    };
  });
  afterAll(async () => {
    await provider?.close();
    await database?.close();
  });

  /**
   * Puts the callers back as they were after a request on people or sessions (a sign-out, a role
   * or status change reached through a lenient id such as "+1"), so later runs still act as them.
   */
  async function restoreCallers() {
    for (const caller of ["admin", "manager", "annotator"] as const) {
      await database.db
        .updateTable("users")
        .set({ role: caller, status: "active", languages: '["en"]' })
        .where("id", "=", userIds[caller])
        .execute();
      await keepSignedIn(caller);
    }
  }

  /** Puts back a caller's session when a request ended it, so later runs still act as them. */
  async function keepSignedIn(caller: Caller) {
    if (caller === "anonymous") return;
    const me = await t.app.request("/api/v1/auth/me", { headers: { cookie: cookies[caller] } });
    if (me.status === 200) return;
    const secret = newSecret("");
    await insertSession(database.db, {
      tokenHash: hashSecret(secret),
      userId: userIds[caller],
      now: t.clock.now,
      expiresAt: t.clock.now + 86_400_000,
    });
    cookies[caller] = `quorum_session=${secret}`;
  }

  async function send(method: string, request: FuzzRequest) {
    const headers: Record<string, string> = { host: "quorum.test", ...request.headers };
    if (request.caller !== "anonymous") headers.cookie = cookies[request.caller];
    const url = `/api/v1${request.path}${request.query ? `?${request.query}` : ""}`;
    const response = await t.app.request(url, {
      method,
      headers,
      ...(request.body === undefined || method === "GET" ? {} : { body: request.body }),
    });
    return { status: response.status, text: await response.text(), url };
  }

  it("reads the routes from the OpenAPI document", () => {
    expect(ops.length).toBeGreaterThanOrEqual(40);
  });

  it("answers every route without a 5xx, and a refused request writes nothing", { timeout: 120_000 }, async () => {
    // Routes that answered 2xx at least once: the requests must also get past validation.
    const succeeded = new Set<string>();
    for (const op of ops) {
      await fc.assert(
        fc.asyncProperty(requestFor(op, g), async (request) => {
          const before = await rowCounts(database);
          const response = await send(op.method, request);
          if (response.status < 300) succeeded.add(`${op.method} ${op.path}`);
          const shown = `${op.method} ${response.url} as ${request.caller} headers=${JSON.stringify(request.headers)} body=${request.body?.slice(0, 300)}: ${response.status} ${response.text.slice(0, 300)}`;
          expect(response.status, shown).toBeLessThan(500);
          if (response.status >= 400) {
            expect(JSON.parse(response.text).error.code, shown).toBeTypeOf("string");
            expect(await rowCounts(database), shown).toEqual(before);
          }
          if (op.path.startsWith("/users") || op.path.startsWith("/auth")) await restoreCallers();
        }),
        { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
    expect(succeeded.size, [...succeeded].join(", ")).toBeGreaterThanOrEqual(ops.length / 3); // a good share of routes get past validation at least once
  });

  const FORMATS = ["jsonl", "csv", "label-studio"] as const;
  const line = fc.oneof(
    fc
      .record({ data: fc.dictionary(fc.string({ maxLength: 6 }), anyOdd, { maxKeys: 3 }) }, { requiredKeys: [] })
      .map(toJson),
    fc
      .record(
        { data: fc.constant({ text: "ok" }), gold: anyOdd, priority: anyOdd, id: anyOdd },
        { requiredKeys: ["data"] },
      )
      .map(toJson),
    fc.string({ maxLength: 40 }),
    fc.array(fc.string({ maxLength: 8 }), { maxLength: 5 }).map((cells) => cells.join(",")),
  );
  const fileBody = fc.oneof(
    fc.uint8Array({ maxLength: 2000 }),
    fc.string({ unit: "binary", maxLength: 500 }),
    fc
      .tuple(fc.array(line, { maxLength: 20 }), fc.constantFrom("\n", "\r\n", "\r"))
      .map(([lines, end]) => lines.join(end)),
    fc.array(line, { maxLength: 10 }).map((lines) => `[${lines.join(",")}]`),
    fc
      .array(fc.array(fc.tuple(fc.string({ maxLength: 10 }), fc.boolean()), { maxLength: 6 }), { maxLength: 10 })
      .map(
        (rows) =>
          `text,gold,priority,id\n${rows.map((r) => r.map(([c, quoted]) => (quoted ? `"${c}"` : c)).join(",")).join("\n")}`,
      ),
  );

  it.each(FORMATS)("imports %s files of random bytes and text all or nothing, never a 5xx", async (format) => {
    await keepSignedIn("admin");
    const created = await t.call("POST", "/projects", {
      cookie: cookies.admin,
      body: { name: `Import ${format}`, schema: LABEL_SCHEMAS[0], overlap: 1 },
    });
    const projectId = created.json.id;
    await fc.assert(
      fc.asyncProperty(fileBody, async (body) => {
        const before = await rowCounts(database);
        const response = await t.app.request(`/api/v1/projects/${projectId}/imports?format=${format}`, {
          method: "POST",
          headers: { cookie: cookies.admin },
          body,
        });
        const text = await response.text();
        const shown = `${format} ${JSON.stringify(typeof body === "string" ? body.slice(0, 300) : [...body.slice(0, 100)])}: ${response.status} ${text.slice(0, 300)}`;
        expect(response.status, shown).toBeLessThan(500);
        const after = await rowCounts(database);
        if (response.status === 200) {
          expect(after.tasks - before.tasks, shown).toBe(JSON.parse(text).imported);
          expect(after.batches - before.batches, shown).toBe(1);
        } else {
          expect(response.status, shown).toBe(400);
          expect(after, shown).toEqual(before);
        }
      }),
      { numRuns: RUNS_PER_FORMAT, endOnFailure: true },
    );
  });
});
