import { notFound, type Project, projectVisibleTo, type User } from "@quorum/core";
import { getProjectCached, withCertifiedSkills } from "@quorum/storage";
import type { Context } from "hono";
import { currentUser } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";

/**
 * The project, if the caller may see it (core's `projectVisibleTo`, counting the skills exams
 * granted an annotator); anything else is "not found", so the existence of other projects does
 * not leak.
 */
export async function visibleProject(c: Context<AppEnv>, id: number): Promise<{ project: Project; user: User }> {
  const user = currentUser(c);
  const project = await getProjectCached(c.get("deps").database.db, id);
  if (!project) throw notFound("Project");
  if (projectVisibleTo(user, project)) return { project, user };
  // Skills granted by exams count too; read only when the profile alone falls short.
  if (user.role === "annotator" && Object.keys(project.requirements.skills).length > 0) {
    const { database, now } = c.get("deps");
    if (projectVisibleTo(await withCertifiedSkills(database.db, user, now()), project)) return { project, user };
  }
  throw notFound("Project");
}
