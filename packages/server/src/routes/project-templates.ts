import { cloneProject } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson } from "../validate.js";
import { visibleProject } from "./project-access.js";
import { projectView } from "./views.js";

export const CloneProjectBody = z.object({ name: z.string().trim().min(1).max(200) });

export const projectTemplateDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/projects/{id}/clone",
    tag: "Projects",
    summary:
      "A new project with this one as its template: label schema, guidelines in force (as version 1), requirements, overlap and gold policies, quality rules and settings; no tasks, deadline or budget.",
    access: "projects.manage (admin, manager)",
    body: CloneProjectBody,
    responses: { 201: "the new project" },
  },
];

export function projectTemplateRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/projects/:id/clone", async (c) => {
    const user = requirePermission(c, "projects.manage");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const body = await readJson(c, CloneProjectBody);
    const { database, now } = c.get("deps");
    const clone = await cloneProject(database.db, project.id, { name: body.name, actorId: user.id, now: now() });
    return c.json(projectView(clone), 201);
  });
  return app;
}
