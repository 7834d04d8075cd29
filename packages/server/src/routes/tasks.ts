import { notFound } from "@quorum/core";
import { getTaskDetail, listTasks } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readQuery } from "../validate.js";
import { visibleProject } from "./project-access.js";

export const ListTasksQuery = z.object({
  status: z.enum(["open", "full", "done"]).optional(),
  after: z.coerce.number().int().min(0).default(0).describe("return tasks with a larger id (keyset paging)"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const taskDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/projects/{id}/tasks",
    tag: "Tasks",
    summary: "Tasks with status, counts, gold and aggregate, a page at a time (pass the last id as `after`).",
    access: "projects.read (staff; never annotators)",
    query: ListTasksQuery,
    responses: { 200: "{tasks, next}" },
  },
  {
    method: "get",
    path: "/projects/{id}/tasks/{taskId}",
    tag: "Tasks",
    summary: "One task with every judgment and who gave it.",
    access: "projects.read (staff; never annotators)",
    responses: { 200: "the task" },
  },
];

export function taskRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/projects/:id/tasks", async (c) => {
    requirePermission(c, "projects.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const query = readQuery(c, ListTasksQuery);
    const tasks = await listTasks(c.get("deps").database.db, project.id, query);
    return c.json({ tasks, next: tasks.length === query.limit ? tasks[tasks.length - 1]?.id : null });
  });
  app.get("/projects/:id/tasks/:taskId", async (c) => {
    requirePermission(c, "projects.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const task = await getTaskDetail(c.get("deps").database.db, project.id, idParam(c, "taskId"));
    if (!task) throw notFound("Task");
    return c.json(task);
  });
  return app;
}
