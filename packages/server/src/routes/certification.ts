import { listUserSkills, setGuidelineRecertification } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson } from "../validate.js";
import { userSkillView } from "./exam-views.js";
import { visibleProject } from "./project-access.js";
import { userView } from "./views.js";

export const GuidelineVersionBody = z.object({
  requiresRecertification: z
    .boolean()
    .describe(
      "while this version is in force, people certified before it pass their exam again before their next task",
    ),
});

export const certificationDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/users/me",
    tag: "People",
    summary:
      "The caller, and the skills exams granted them: each skill and level with its expiry, when idleness would lapse it, and whether it counts now (active, expired, idle).",
    access: "signed in",
    responses: { 200: "{user, skills: [{skill, level, expiresAt, grantedAt, idleAt, state}]}" },
  },
  {
    method: "patch",
    path: "/projects/{id}/guidelines/{version}",
    tag: "Certification",
    summary: "Marks a guideline version as requiring re-certification (or clears the mark).",
    access: "projects.manage",
    body: GuidelineVersionBody,
    responses: { 200: "{version, requiresRecertification}", 404: "no such version" },
  },
];

/** Registered before the user routes, so that `/users/me` is not read as `/users/{id}`. */
export function certificationRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/users/me", async (c) => {
    const user = currentUser(c);
    const { database, now } = c.get("deps");
    const skills = await listUserSkills(database.db, user.id, now());
    return c.json({ user: userView(user), skills: skills.map(userSkillView) });
  });

  app.patch("/projects/:id/guidelines/:version", async (c) => {
    const user = requirePermission(c, "projects.manage");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const version = idParam(c, "version");
    const body = await readJson(c, GuidelineVersionBody);
    const { database, now } = c.get("deps");
    await setGuidelineRecertification(database.db, {
      projectId: project.id,
      version,
      required: body.requiresRecertification,
      actorId: user.id,
      now: now(),
    });
    return c.json({ version, requiresRecertification: body.requiresRecertification });
  });

  return app;
}
