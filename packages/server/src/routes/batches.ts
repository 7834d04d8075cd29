import { assertProjectAcceptsChange, invalidInput } from "@quorum/core";
import { type BatchSummary, cancelBatch, listBatches, scheduleBatch } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson } from "../validate.js";
import { visibleProject } from "./project-access.js";
import { Instant } from "./projects.js";

export const ScheduleBatchBody = z.object({
  priority: z.number().int().min(-1000).max(1000).optional().describe("higher is served first"),
  deadline: Instant.nullable().optional().describe("null: the project's deadline applies"),
});

export const batchDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/projects/{id}/batches",
    tag: "Projects",
    summary: "The project's import batches, newest first: priority, deadline, cancellation and tasks by status.",
    access: "projects.read",
    responses: { 200: "{batches: [{id, name, priority, deadline, createdAt, cancelledAt, tasks}]}" },
  },
  {
    method: "patch",
    path: "/projects/{id}/batches/{batchId}",
    tag: "Projects",
    summary:
      "Sets a batch's priority and/or deadline. Its tasks already imported are re-ordered in the queue at once: the new deadline (or the project's, when null), and their priority moved by the change of the batch's.",
    access: "projects.manage",
    body: ScheduleBatchBody,
    example: { priority: 5, deadline: "2026-12-20T17:00:00Z" },
    responses: { 200: "{batch, tasksRekeyed}", 404: "no such batch in this project" },
  },
  {
    method: "post",
    path: "/projects/{id}/batches/{batchId}/cancel",
    tag: "Projects",
    summary:
      "Cancels a batch: its open and fully leased tasks leave the queue for good (status cancelled). A lease already held may still be answered or released; judgments already given are kept.",
    access: "projects.manage",
    responses: { 200: "{batch, tasksCancelled}", 409: "already cancelled" },
  },
];

export function batchView(batch: BatchSummary) {
  return {
    id: batch.id,
    name: batch.name,
    priority: batch.priority,
    deadline: batch.deadline === null ? null : new Date(batch.deadline).toISOString(),
    createdAt: new Date(batch.createdAt).toISOString(),
    cancelledAt: batch.cancelledAt === null ? null : new Date(batch.cancelledAt).toISOString(),
    tasks: batch.tasks,
  };
}
export type BatchView = ReturnType<typeof batchView>;

export function batchRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/projects/:id/batches", async (c) => {
    requirePermission(c, "projects.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const batches = await listBatches(c.get("deps").database.db, project.id);
    return c.json({ batches: batches.map(batchView) });
  });

  app.patch("/projects/:id/batches/:batchId", async (c) => {
    const user = requirePermission(c, "projects.manage");
    const { project } = await visibleProject(c, idParam(c, "id"));
    assertProjectAcceptsChange(project, "tasks");
    const batchId = idParam(c, "batchId");
    const body = await readJson(c, ScheduleBatchBody);
    if (body.priority === undefined && body.deadline === undefined)
      throw invalidInput("Give a priority or a deadline", [{ path: "body", message: "priority or deadline required" }]);
    const { database, now } = c.get("deps");
    const change = {
      ...(body.priority !== undefined ? { priority: body.priority } : {}),
      ...(body.deadline !== undefined ? { deadline: body.deadline } : {}),
    };
    const { tasksRekeyed } = await scheduleBatch(database, { project, batchId, change, actorId: user.id, now: now() });
    return c.json({ batch: await presentBatch(database.db, project.id, batchId), tasksRekeyed });
  });

  app.post("/projects/:id/batches/:batchId/cancel", async (c) => {
    const user = requirePermission(c, "projects.manage");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const batchId = idParam(c, "batchId");
    const { database, now } = c.get("deps");
    const { tasksCancelled } = await cancelBatch(database, { project, batchId, actorId: user.id, now: now() });
    return c.json({ batch: await presentBatch(database.db, project.id, batchId), tasksCancelled });
  });

  return app;
}

async function presentBatch(db: Parameters<typeof listBatches>[0], projectId: number, batchId: number) {
  const batch = (await listBatches(db, projectId)).find((b) => b.id === batchId);
  return batch ? batchView(batch) : null;
}
