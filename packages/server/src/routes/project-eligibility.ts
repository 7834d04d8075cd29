import { checkEligibility, inPeopleScope, notFound, peopleScope } from "@quorum/core";
import { getUser, withCertifiedSkills } from "@quorum/storage";
import { Hono } from "hono";
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
];

export function projectEligibilityRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/projects/:id/eligibility/:userId", async (c) => {
    const actor = requirePermission(c, "users.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const { database, now } = c.get("deps");
    const person = await getUser(database.db, idParam(c, "userId"));
    if (!person || person.status === "erased" || !inPeopleScope(peopleScope(actor), person)) throw notFound("Person");
    const profile = person.role === "annotator" ? await withCertifiedSkills(database.db, person, now()) : person;
    const { eligible, reasons } = checkEligibility(profile, project.requirements);
    return c.json({ userId: person.id, tier: person.tier ?? null, eligible, reasons });
  });
  return app;
}
