import { z } from "zod";
import { type WebhookEventDoc, webhooksDocument } from "./monitoring/event-docs.js";

/** What the API document says about one route; each route file lists its own beside its handlers. */
export interface RouteDoc {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI path, e.g. `/projects/{id}`. */
  path: string;
  summary: string;
  tag: string;
  /** Who may call it: a permission name, "signed in", or "public". */
  access: string;
  body?: z.ZodType;
  /** Non-JSON request body (file uploads), e.g. `application/x-ndjson`. */
  rawBody?: string;
  /** An example request body, shown in the docs (a JSON value, or the text of a raw body). */
  example?: unknown;
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
        // Ids are integers; a campaign's public link names it by its slug.
        schema: { type: m[1] === "slug" ? "string" : "integer" },
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
          "application/json": {
            schema: z.toJSONSchema(route.body, { io: "input", unrepresentable: "any" }),
            ...(route.example === undefined ? {} : { example: route.example }),
          },
        },
      };
    else if (route.rawBody)
      operation.requestBody = {
        required: true,
        content: {
          [route.rawBody]: {
            schema: { type: "string" },
            ...(route.example === undefined ? {} : { example: route.example }),
          },
        },
      };
    paths[route.path] = { ...paths[route.path], [route.method]: operation };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Quorum API",
      version: "1",
      description:
        "Quorum's HTTP API. Sign in with POST /auth/login (session cookie) or send `Authorization: Bearer <token>` from POST /auth/tokens. Errors are `{error: {code, message, details: [{path, message}]}}`. Any call but /health, /events, imports and exports may be refused with 503 `overloaded` and a Retry-After header when the server is at capacity: nothing was done, so send it again after that many seconds.",
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
