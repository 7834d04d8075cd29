import {
  assertProjectAcceptsChange,
  DomainError,
  type DomainErrorCode,
  DUPLICATE_POLICIES,
  type ImportFormat,
  type ImportIssue,
  ImportRejected,
  invalidInput,
  parseTasks,
} from "@quorum/core";
import { importTasks, recordEvent } from "@quorum/storage";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import { limitedTextChunks } from "../body-limits.js";
import { type AppEnv, DEFAULT_BODY_LIMITS } from "../context.js";
import { errorBody, statusOf } from "../errors.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, queryInteger, readQuery } from "../validate.js";
import { visibleProject } from "./project-access.js";

export const ImportQuery = z.object({
  format: z.enum(["jsonl", "csv", "label-studio"]).default("jsonl"),
  batch: z.string().min(1).max(200).optional(),
  priority: queryInteger().pipe(z.number().min(-1000).max(1000)).optional(),
  duplicates: z.enum(DUPLICATE_POLICIES).default("reject"),
});

export const importDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/projects/{id}/imports",
    tag: "Import and export",
    summary:
      'Imports tasks from the request body into a new batch, streaming. JSONL lines are {data, gold?, goldExplanation?, priority?, id?}; CSV columns become data fields (reserved: gold, gold_explanation, priority, id); Label Studio task JSON takes `data` and ground_truth annotations as gold. All or nothing: on any problem nothing is imported and up to 100 problems are listed by line and field (for Label Studio JSON, often one line, also by `item`, the 1-based place of the task in the array). A task whose id repeats an earlier task of the file or a task of the project is such a problem ("id X repeats line N", in Label Studio JSON "id X repeats item I (line N)", or "id X already exists in this project (task #T)"), unless `duplicates=skip`: then those tasks are left out and listed under `skipped` by line (and `item`, for Label Studio JSON) (the first 100; `skippedCount` counts them all). The file may be at most QUORUM_MAX_IMPORT_BYTES (1 GiB by default), and may pause at most QUORUM_IMPORT_IDLE_SECONDS (30 by default) between chunks. The file is read and checked before anything is written, so a slow upload holds no database connection.',
    access: "tasks.import (admin, manager)",
    rawBody: "application/x-ndjson, text/csv or application/json",
    example:
      '{"data": {"query": "lisbon things to do", "url": "https://example.com/lisbon"}}\n{"data": {"query": "northwind bank login", "url": "https://northwind.example/login"}, "gold": 4}\n',
    query: ImportQuery,
    responses: {
      200: "{imported, errors: [], batchId, skipped: [{item?, line, id, reason}], skippedCount}",
      400: "{error, imported: 0, errors: [{line, path, message}]}",
      408: "{error: {code: request_timeout}, imported: 0, errors: [{line: 0, path: body, message}]}",
      413: "{error: {code: payload_too_large}, imported: 0, errors: [{line: 0, path: body, message}]}",
    },
  },
];

/** The failures of the file or its upload, answered in the import's own shape. */
const IMPORT_FAILURES = new Set<DomainErrorCode>(["invalid_input", "payload_too_large", "request_timeout"]);

/**
 * Every failed import answers in one shape: the error envelope plus `imported: 0` and the problems
 * by line (line 0 for a problem with the whole request, such as its size or encoding).
 */
function importFailure(c: Context<AppEnv>, error: DomainError) {
  const errors: ImportIssue[] =
    error instanceof ImportRejected
      ? error.problems
      : error.details.map((detail) => ({ line: 0, path: detail.path, message: detail.message }));
  return c.json({ ...errorBody(error), imported: 0, errors }, statusOf(error));
}

export function importRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/projects/:id/imports", async (c) => {
    const user = requirePermission(c, "tasks.import");
    const { project } = await visibleProject(c, idParam(c, "id"));
    assertProjectAcceptsChange(project, "tasks");
    const { database, now, limits } = c.get("deps");
    const maxBytes = limits?.importBytes ?? DEFAULT_BODY_LIMITS.importBytes;
    const idleMs = limits?.importIdleMs ?? DEFAULT_BODY_LIMITS.importIdleMs;
    try {
      const query = readQuery(c, ImportQuery);
      const format: ImportFormat = query.format;
      const body = limitedTextChunks(
        c.req.raw.body,
        maxBytes,
        c.req.header("content-length"),
        "The import file",
        () =>
          invalidInput("The file is not UTF-8 text; nothing was imported", [
            { path: "body", message: "invalid UTF-8" },
          ]),
        idleMs,
      );
      const result = await importTasks(database.db, {
        project,
        records: parseTasks(format, body, project.schema),
        batchName: query.batch ?? `Import ${new Date(now()).toISOString().slice(0, 16).replace("T", " ")}`,
        ...(query.priority === undefined ? {} : { batchPriority: query.priority }),
        duplicates: query.duplicates,
        actorId: user.id,
        now: now(),
      });
      // Told after the import's own transaction (import-tasks.ts is the import engine's).
      const data = { batchId: result.batchId, imported: result.imported, actorId: user.id };
      await recordEvent(database.db, { type: "import.finished", projectId: project.id, data, now: now() });
      return c.json({
        imported: result.imported,
        errors: [],
        batchId: result.batchId,
        skipped: result.skipped,
        skippedCount: result.skippedCount,
      });
    } catch (error) {
      if (error instanceof DomainError && IMPORT_FAILURES.has(error.code)) return importFailure(c, error);
      throw error;
    }
  });
  return app;
}
