import { exportFileType } from "@quorum/core";
import { exportProjectText, writeAudit } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readQuery } from "../validate.js";
import { visibleProject } from "./project-access.js";
import { textStream } from "./text-stream.js";

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
      "Streams every task with its judgments and aggregate: JSONL, CSV (per judgment or per task) or Label Studio export JSON (annotations in its `result` format, gold as a ground_truth annotation). Each task carries its review: the latest verdict, else the pending review, else none. JSONL: `review` {status accepted|corrected|rejected|pending, source sample|disagreement|low_confidence|dispute, reviewerId (user id; null while pending), reviewedAt (ISO 8601; null while pending)} or null, and `labelSource` (review when a reviewer's correction set the label, consensus when the judgments did; null without a label). CSV per task ends in label_name, review_status, review_source, reviewer_id, reviewed_at, label_source; CSV per judgment ends in gold, label_name (the judgment's label's name), review_status, review_source, reviewer_id, reviewed_at. Label Studio: `meta.review` {status, source, reviewer, reviewed_at} and `meta.label_source`. CSV text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR; plain numbers excepted) get a leading single quote (OWASP); `quorum import` and the CSV import read them back unchanged. Logged in the audit log.",
    access: "data.export (admin, manager, analyst)",
    query: ExportQuery,
    responses: { 200: "the file, streamed" },
  },
];

export function exportRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/projects/:id/export", async (c) => {
    const user = requirePermission(c, "data.export");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const query = readQuery(c, ExportQuery);
    const { database, now } = c.get("deps");
    await writeAudit(database.db, {
      projectId: project.id,
      actorId: user.id,
      action: "data.export",
      details: { format: query.format, per: query.per, labeled: query.labeled === "true" },
      now: now(),
    });
    const options = { format: query.format, per: query.per, schema: project.schema };
    const { contentType, suffix } = exportFileType(options);
    // Read and rendered as `quorum export` does (in worker threads), so the request thread only
    // passes bytes on; Label Studio a page at a time here.
    const pieces = exportProjectText(database.db, project.id, { ...options, onlyLabeled: query.labeled === "true" });
    return c.body(textStream(textOf(pieces)), 200, {
      "content-type": contentType,
      "content-disposition": `attachment; filename="quorum-project-${project.id}${suffix}"`,
      "cache-control": "no-store",
    });
  });
  return app;
}

async function* textOf(pieces: AsyncIterable<{ text: string | Uint8Array }>): AsyncGenerator<string | Uint8Array> {
  for await (const piece of pieces) yield piece.text;
}
