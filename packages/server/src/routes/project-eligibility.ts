import {
  checkEligibility,
  inPeopleScope,
  notFound,
  peopleScope,
  projectVisibleTo,
  TIERS,
  type User,
} from "@quorum/core";
import { getUser, listProjects, withCertifiedSkills } from "@quorum/storage";
import { type Context, Hono } from "hono";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam } from "../validate.js";
import { visibleProject } from "./project-access.js";

export const projectEligibilityDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/projects/{id}/eligibility/{userId}",
    tag: "Projects",
    summary:
      "Whether one person may work on the project, and every reason they may not: role and status, languages (with the minimum level), skills (exam grants counted) and the minimum tier (e.g. `needs tier expert or above (is standard)`).",
    access: "users.read (a vendor lead: their own vendor's people)",
    responses: { 200: "{userId, tier, eligible, reasons}", 404: "no such project or person in view" },
  },
  {
    method: "get",
    path: "/people/{id}/eligibility",
    tag: "People",
    summary:
      "The active projects and, for each, whether the person may work on it and every reason they may not (as `GET /projects/{id}/eligibility/{userId}`); shown on the person's profile.",
    access: "users.read (a vendor lead: their own vendor's people)",
    responses: { 200: "{userId, tier, projects: [{id, name, eligible, reasons}]}", 404: "no such person in view" },
  },
];

/** The person named by `userId`, with the skills their exams grant, if the caller may see them. */
async function personInView(c: Context<AppEnv>, actor: User, userId: number): Promise<User> {
  const { database, now } = c.get("deps");
  const person = await getUser(database.db, userId);
  if (!person || person.status === "erased" || !inPeopleScope(peopleScope(actor), person)) throw notFound("Person");
  return person.role === "annotator" ? withCertifiedSkills(database.db, person, now()) : person;
}

export function projectEligibilityRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/projects/:id/eligibility/:userId", async (c) => {
    const actor = requirePermission(c, "users.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const person = await personInView(c, actor, idParam(c, "userId"));
    const { eligible, reasons } = checkEligibility(person, project.requirements);
    return c.json({ userId: person.id, tier: person.tier ?? TIERS[0], eligible, reasons });
  });
  app.get("/people/:id/eligibility", async (c) => {
    const actor = requirePermission(c, "users.read");
    const person = await personInView(c, actor, idParam(c, "id"));
    const projects = (await listProjects(c.get("deps").database.db))
      .filter((project) => project.status === "active" && projectVisibleTo(actor, project))
      .map((project) => ({ id: project.id, name: project.name, ...checkEligibility(person, project.requirements) }));
    return c.json({ userId: person.id, tier: person.tier ?? TIERS[0], projects } satisfies PersonEligibilityResponse);
  });
  return app;
}

export interface PersonEligibilityResponse {
  userId: number;
  tier: string;
  projects: { id: number; name: string; eligible: boolean; reasons: string[] }[];
}
