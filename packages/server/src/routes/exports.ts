import {
  csvPerJudgmentHeader,
  csvPerJudgmentRows,
  csvPerTaskHeader,
  csvPerTaskRow,
  type ExportTask,
  jsonlLine,
  labelStudioClose,
  labelStudioOpen,
  labelStudioTask,
} from "@quorum/core";
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

const SAMPLE = 200;

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

/** Data columns for CSV: the union of the keys of the first tasks (later new keys are not columns). */
async function* withDataFields(
  tasks: AsyncGenerator<ExportTask>,
  render: (fields: string[]) => (task: ExportTask | "header") => string,
) {
  const head: ExportTask[] = [];
  for await (const task of tasks) {
    head.push(task);
    if (head.length >= SAMPLE) break;
  }
  const fields = [...new Set(head.flatMap((t) => Object.keys(t.data)))];
  const line = render(fields);
  yield line("header");
  for (const task of head) yield line(task);
  for await (const task of tasks) yield line(task);
}

export function exportRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/projects/:id/export", async (c) => {
    requirePermission(c, "data.export");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const query = readQuery(c, ExportQuery);
    const tasks = streamProjectTasks(c.get("deps").database.db, project.id, { onlyLabeled: query.labeled === "true" });
    const base = `quorum-project-${project.id}`;

    let rows: AsyncGenerator<string>;
    let type: string;
    let file: string;
    if (query.format === "jsonl") {
      rows = (async function* () {
        for await (const task of tasks) yield jsonlLine(task);
      })();
      type = "application/x-ndjson";
      file = `${base}.jsonl`;
    } else if (query.format === "csv") {
      const perTask = query.per === "task";
      rows = withDataFields(
        tasks,
        (fields) => (task) =>
          task === "header"
            ? perTask
              ? csvPerTaskHeader(fields)
              : csvPerJudgmentHeader(fields)
            : perTask
              ? csvPerTaskRow(task, fields)
              : csvPerJudgmentRows(task, fields),
      );
      type = "text/csv; charset=utf-8";
      file = `${base}-per-${query.per}.csv`;
    } else {
      rows = (async function* () {
        yield labelStudioOpen();
        let first = true;
        for await (const task of tasks) {
          yield labelStudioTask(task, project.schema, first, { goldAsGroundTruth: true });
          first = false;
        }
        yield labelStudioClose();
      })();
      type = "application/json";
      file = `${base}-label-studio.json`;
    }
    return c.body(exportStream(rows), 200, {
      "content-type": type,
      "content-disposition": `attachment; filename="${file}"`,
      "cache-control": "no-store",
    });
  });
  return app;
}
