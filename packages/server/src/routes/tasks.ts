import { notFound } from "@quorum/core";
import { getTaskDetail, listTasks } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, queryInteger, readQuery } from "../validate.js";
import { visibilityOf } from "./people-scope.js";
import { visibleProject } from "./project-access.js";

export const ListTasksQuery = z.object({
  status: z.enum(["open", "full", "done"]).optional(),
  after: queryInteger().pipe(z.number().min(0)).default(0).describe("return tasks with a larger id (keyset paging)"),
  limit: queryInteger().pipe(z.number().min(1).max(500)).default(50),
});

export const taskDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/projects/{id}/tasks",
    tag: "Tasks",
    summary:
      "Tasks with status, counts, gold and aggregate, a page at a time (pass the last id as `after`). Gold is null for roles without gold.read (vendor leads).",
    access: "projects.read (staff; never annotators)",
    query: ListTasksQuery,
    responses: { 200: "{tasks, next}" },
  },
  {
    method: "get",
    path: "/projects/{id}/tasks/{taskId}",
    tag: "Tasks",
    summary:
      "One task with every judgment and who gave it, its gold answer and explanation. Without gold.read (vendor leads) gold, goldExplanation and goldCorrect are null; a vendor lead sees who gave a judgment only for their own vendor's annotators (others' annotatorId and annotatorName are null).",
    access: "projects.read (staff; never annotators)",
    responses: { 200: "the task" },
  },
];

export function taskRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/projects/:id/tasks", async (c) => {
    const user = requirePermission(c, "projects.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const query = readQuery(c, ListTasksQuery);
    const tasks = await listTasks(c.get("deps").database.db, project.id, query);
    const visibility = await visibilityOf(c, user);
    return c.json({
      tasks: visibility.gold ? tasks : tasks.map((task) => ({ ...task, gold: null, goldExplanation: null })),
      next: tasks.length === query.limit ? tasks[tasks.length - 1]?.id : null,
    });
  });
  app.get("/projects/:id/tasks/:taskId", async (c) => {
    const user = requirePermission(c, "projects.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const task = await getTaskDetail(c.get("deps").database.db, project.id, idParam(c, "taskId"));
    if (!task) throw notFound("Task");
    const visibility = await visibilityOf(c, user);
    return c.json({
      ...task,
      gold: visibility.gold ? task.gold : null,
      goldExplanation: visibility.gold ? task.goldExplanation : null,
      judgmentList: task.judgmentList.map((judgment) => ({
        ...judgment,
        annotatorId: visibility.sees(judgment.annotatorId) ? judgment.annotatorId : null,
        annotatorName: visibility.sees(judgment.annotatorId) ? judgment.annotatorName : null,
        goldCorrect: visibility.gold ? judgment.goldCorrect : null,
      })),
    });
  });
  return app;
}
