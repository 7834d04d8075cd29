import { DomainError, type ImportFormat, invalidInput, parseTasks } from "@quorum/core";
import { ImportRejected, importTasks, recordEvent } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import { errorBody } from "../errors.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readQuery } from "../validate.js";
import { visibleProject } from "./project-access.js";

export const ImportQuery = z.object({
  format: z.enum(["jsonl", "csv", "label-studio"]).default("jsonl"),
  batch: z.string().min(1).max(200).optional(),
  priority: z.coerce.number().int().min(-1000).max(1000).optional(),
});

export const importDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/projects/{id}/imports",
    tag: "Import and export",
    summary:
      "Imports tasks from the request body into a new batch, streaming. JSONL lines are {data, gold?, goldExplanation?, priority?, id?}; CSV columns become data fields (reserved: gold, gold_explanation, priority, id); Label Studio task JSON takes `data` and ground_truth annotations as gold. All or nothing: on any problem nothing is imported and up to 100 problems are listed by line and field.",
    access: "tasks.import (admin, manager)",
    rawBody: "application/x-ndjson, text/csv or application/json",
    query: ImportQuery,
    responses: { 200: "{imported, errors: [], batchId}", 400: "{error, imported: 0, errors: [{line, path, message}]}" },
  },
];

/** The request body as text chunks, decoded as it arrives (never buffered whole). */
async function* bodyChunks(body: ReadableStream<Uint8Array> | null): AsyncGenerator<string> {
  if (!body) return;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      const rest = decoder.decode();
      if (rest) yield rest;
      return;
    }
    try {
      yield decoder.decode(value, { stream: true });
    } catch {
      throw invalidInput("The file is not UTF-8 text; nothing was imported", [
        { path: "body", message: "invalid UTF-8" },
      ]);
    }
  }
}

export function importRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/projects/:id/imports", async (c) => {
    const user = requirePermission(c, "tasks.import");
    const { project } = await visibleProject(c, idParam(c, "id"));
    if (project.status === "archived")
      throw new DomainError("project_archived", "An archived project takes no new tasks");
    const query = readQuery(c, ImportQuery);
    const { database, now } = c.get("deps");
    const format: ImportFormat = query.format;
    try {
      const result = await importTasks(database.db, {
        project,
        records: parseTasks(format, bodyChunks(c.req.raw.body), project.schema),
        batchName: query.batch ?? `Import ${new Date(now()).toISOString().slice(0, 16).replace("T", " ")}`,
        ...(query.priority === undefined ? {} : { batchPriority: query.priority }),
        actorId: user.id,
        now: now(),
      });
      // Told after the import's own transaction (import-tasks.ts is the import engine's).
      const data = { batchId: result.batchId, imported: result.imported, actorId: user.id };
      await recordEvent(database.db, { type: "import.finished", projectId: project.id, data, now: now() });
      return c.json({ imported: result.imported, errors: [], batchId: result.batchId });
    } catch (error) {
      if (error instanceof ImportRejected)
        return c.json({ ...errorBody(error), imported: 0, errors: error.problems }, 400);
      if (!(error instanceof DomainError) || error.code !== "invalid_input") throw error;
      const errors = error.details.map((d) => ({ line: 0, path: d.path, message: d.message }));
      return c.json({ ...errorBody(error), imported: 0, errors }, 400);
    }
  });
  return app;
}
