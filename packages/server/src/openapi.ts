import { z } from "zod";
import { type WebhookEventDoc, webhooksDocument } from "./monitoring/event-docs.js";

/** What the API document says about one route; each route file lists its own beside its handlers. */
export interface RouteDoc {
  method: "get" | "post" | "patch" | "delete";
  /** OpenAPI path, e.g. `/projects/{id}`. */
  path: string;
  summary: string;
  tag: string;
  /** Who may call it: a permission name, "signed in", or "public". */
  access: string;
  body?: z.ZodType;
  /** Non-JSON request body (file uploads), e.g. `application/x-ndjson`. */
  rawBody?: string;
  query?: z.ZodObject;
  responses: Record<number, string>;
}

export function openApiDocument(routes: readonly RouteDoc[], webhooks: readonly WebhookEventDoc[] = []) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters = [
      ...[...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
        name: m[1],
        in: "path",
        required: true,
        schema: { type: "integer" },
      })),
      ...Object.entries(route.query?.shape ?? {}).map(([name, schema]) => ({
        name,
        in: "query",
        required: !(schema as z.ZodType).safeParse(undefined).success,
        schema: z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" }),
      })),
    ];
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      description: `Access: ${route.access}.`,
      parameters,
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, description]) => [status, { description }]),
      ),
    };
    if (route.body)
      operation.requestBody = {
        required: true,
        content: {
          "application/json": { schema: z.toJSONSchema(route.body, { io: "input", unrepresentable: "any" }) },
        },
      };
    else if (route.rawBody)
      operation.requestBody = { required: true, content: { [route.rawBody]: { schema: { type: "string" } } } };
    paths[route.path] = { ...paths[route.path], [route.method]: operation };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Quorum API",
      version: "1",
      description:
        "Quorum's HTTP API. Sign in with POST /auth/login (session cookie) or send `Authorization: Bearer <token>` from POST /auth/tokens. Errors are `{error: {code, message, details: [{path, message}]}}`.",
    },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: {
        cookie: { type: "apiKey", in: "cookie", name: "quorum_session" },
        bearer: { type: "http", scheme: "bearer" },
      },
    },
    security: [{ cookie: [] }, { bearer: [] }],
    paths,
    ...(webhooks.length > 0 ? { webhooks: webhooksDocument(webhooks) } : {}),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch] ?? ch);
}

/** A readable, dependency-free page listing every route with its access rule and body schema. */
export function docsPage(routes: readonly RouteDoc[]): string {
  const byTag = new Map<string, RouteDoc[]>();
  for (const route of routes) byTag.set(route.tag, [...(byTag.get(route.tag) ?? []), route]);
  const sections = [...byTag]
    .map(
      ([tag, list]) =>
        `<section><h2>${escapeHtml(tag)}</h2>${list
          .map((r) => {
            const body = r.body
              ? `<details><summary>Request body</summary><pre>${escapeHtml(JSON.stringify(z.toJSONSchema(r.body, { io: "input", unrepresentable: "any" }), null, 2))}</pre></details>`
              : r.rawBody
                ? `<p>Request body: file (${escapeHtml(r.rawBody)})</p>`
                : "";
            const query = r.query
              ? `<p>Query: ${Object.keys(r.query.shape)
                  .map((k) => `<code>${escapeHtml(k)}</code>`)
                  .join(", ")}</p>`
              : "";
            const responses = Object.entries(r.responses)
              .map(([s, d]) => `<li><b>${s}</b> ${escapeHtml(d)}</li>`)
              .join("");
            return `<article><h3><span class="m ${r.method}">${r.method.toUpperCase()}</span> <code>/api/v1${escapeHtml(r.path)}</code></h3><p>${escapeHtml(r.summary)}</p><p class="access">Access: ${escapeHtml(r.access)}</p>${query}${body}<ul>${responses}</ul></article>`;
          })
          .join("")}</section>`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Quorum API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1f2430}h3{font-size:1rem;margin:.2rem 0}article{border-top:1px solid #e3e6ec;padding:.8rem 0}.m{display:inline-block;min-width:4.2em;text-align:center;border-radius:4px;color:#fff;font-size:.8rem;padding:1px 6px}.get{background:#2f7d4f}.post{background:#2f5fa7}.patch{background:#a76f2f}.delete{background:#a72f2f}.access{color:#5b6478;font-size:.9rem}pre{background:#f5f6f8;padding:.6rem;overflow:auto;font-size:.8rem}</style></head>
<body><h1>Quorum API</h1><p>Base path <code>/api/v1</code>. Machine-readable: <a href="/api/v1/openapi.json">openapi.json</a>. Authenticate with the session cookie from <code>POST /auth/login</code> or <code>Authorization: Bearer</code> with a token from <code>POST /auth/tokens</code>. Errors: <code>{"error": {"code", "message", "details": [{"path", "message"}]}}</code>.</p>${sections}</body></html>`;
}
