import { csvRow } from "@quorum/core";
import { type AuditEntry, listAuditLog, streamAuditLog } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { queryId, queryInteger, readQuery } from "../validate.js";
import { textStream } from "./text-stream.js";

/** ISO 8601 date-time or date, in a query string. */
const QueryInstant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((value) => Date.parse(value));

export const AuditLogQuery = z.object({
  action: z
    .string()
    .regex(/^[a-z_.]{1,100}$/, "an action such as user.update, or a prefix ending in a dot such as auth.")
    .optional()
    .describe("an exact action (user.update) or a prefix ending in a dot (auth.)"),
  actorId: queryId().optional(),
  projectId: queryId().optional(),
  since: QueryInstant.optional().describe("entries at or after this time (ISO 8601)"),
  until: QueryInstant.optional().describe("entries before this time (ISO 8601)"),
  before: queryId().optional().describe("keyset paging: pass the previous page's `next`"),
  limit: queryInteger().pipe(z.number().min(1).max(500)).default(100),
  format: z.enum(["json", "csv"]).default("json").describe("csv downloads every matching entry (no paging)"),
});

const ENTRY = "{id, projectId, actorId, actorName, actorEmail, action, details, createdAt}";

export const auditLogDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/audit-log",
    tag: "Audit",
    summary:
      "Every change that matters, newest first: users (create, update, role, status, password reset), password changes, API tokens (create, revoke), projects and their policies and guidelines, imports, exports, quality actions, review plans and verdicts. Filter by action (exact or a prefix such as `auth.`), actor, project and time; a page at a time (pass `next` as `before`), or all of it as CSV with format=csv.",
    access: "audit.read (admin)",
    query: AuditLogQuery,
    responses: { 200: `{entries: [${ENTRY}], next} or a CSV file`, 400: "bad filter" },
  },
];

const iso = (ms: number) => new Date(ms).toISOString();

function entryView(entry: AuditEntry) {
  return { ...entry, createdAt: iso(entry.createdAt) };
}

const CSV_HEADER = ["id", "created_at", "actor_id", "actor_email", "actor_name", "action", "project_id", "details"];

function entryRow(entry: AuditEntry): string {
  return csvRow([
    entry.id,
    iso(entry.createdAt),
    entry.actorId ?? "",
    entry.actorEmail ?? "",
    entry.actorName ?? "",
    entry.action,
    entry.projectId ?? "",
    JSON.stringify(entry.details),
  ]);
}

async function* auditCsv(entries: AsyncIterable<AuditEntry>): AsyncGenerator<string> {
  yield csvRow(CSV_HEADER);
  for await (const entry of entries) yield entryRow(entry);
}

export function auditLogRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/audit-log", async (c) => {
    requirePermission(c, "audit.read");
    const { format, limit, before, ...filter } = readQuery(c, AuditLogQuery);
    const { database } = c.get("deps");
    if (format === "csv")
      return c.body(textStream(auditCsv(streamAuditLog(database.db, filter))), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="quorum-audit-log.csv"',
        "cache-control": "no-store",
      });
    const entries = await listAuditLog(database.db, { ...filter, before, limit });
    return c.json({
      entries: entries.map(entryView),
      next: entries.length === limit ? entries[entries.length - 1]!.id : null,
    });
  });
  return app;
}
