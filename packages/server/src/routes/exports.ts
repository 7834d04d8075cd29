import { exportFile, exportFileType } from "@quorum/core";
import { streamProjectTasks } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readQuery } from "../validate.js";
import { visibleProject } from "./project-access.js";

export const ExportQuery = z.object({
  format: z.enum(["jsonl", "csv", "label-studio"]).default("jsonl"),
  per: z.enum(["judgment", "task"]).default("judgment").describe("CSV only: one row per judgment or per task"),
  labeled: z.enum(["true", "false"]).default("false").describe("only tasks with at least one judgment"),
});

export const exportDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/projects/{id}/export",
    tag: "Import and export",
    summary:
      "Streams every task with its judgments and aggregate: JSONL, CSV (per judgment or per task) or Label Studio export JSON (annotations in its `result` format, gold as a ground_truth annotation).",
    access: "data.export (admin, manager, analyst)",
    query: ExportQuery,
    responses: { 200: "the file, streamed" },
  },
];

/** Renders the export a chunk at a time; `pull` is called only when the client has read the last one. */
function exportStream(rows: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      let text = "";
      while (text.length < 64_000) {
        const next = await rows.next();
        if (next.done) {
          if (text) controller.enqueue(encoder.encode(text));
          controller.close();
          return;
        }
        text += next.value;
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}

export function exportRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/projects/:id/export", async (c) => {
    requirePermission(c, "data.export");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const query = readQuery(c, ExportQuery);
    const tasks = streamProjectTasks(c.get("deps").database.db, project.id, { onlyLabeled: query.labeled === "true" });
    const options = { format: query.format, per: query.per, schema: project.schema };
    const { contentType, suffix } = exportFileType(options);
    const rows = exportFile(tasks, options);
    return c.body(exportStream(rows), 200, {
      "content-type": contentType,
      "content-disposition": `attachment; filename="quorum-project-${project.id}${suffix}"`,
      "cache-control": "no-store",
    });
  });
  return app;
}
