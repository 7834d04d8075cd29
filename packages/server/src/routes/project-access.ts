import { can, checkEligibility, notFound, type Project, type User } from "@quorum/core";
import { getProjectCached, withCertifiedSkills } from "@quorum/storage";
import type { Context } from "hono";
import { currentUser } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";

/** Whether an annotator may see and work on a project: it is active and they meet its requirements. */
export function annotatorMayWork(user: User, project: Project): boolean {
  return project.status === "active" && checkEligibility(user, project.requirements).eligible;
}

/**
 * The project, if the caller may see it: staff with `projects.read` see every project; an
 * annotator sees only active projects they are eligible for (with the skills exams granted them). Anything else is "not found", so
 * the existence of other projects does not leak.
 */
export async function visibleProject(c: Context<AppEnv>, id: number): Promise<{ project: Project; user: User }> {
  const user = currentUser(c);
  const project = await getProjectCached(c.get("deps").database.db, id);
  if (!project) throw notFound("Project");
  if (can(user.role, "projects.read")) return { project, user };
  if (user.role === "annotator" && annotatorMayWork(user, project)) return { project, user };
  // Skills granted by exams count too; read only when the profile alone falls short.
  if (user.role === "annotator" && Object.keys(project.requirements.skills).length > 0) {
    const { database, now } = c.get("deps");
    if (annotatorMayWork(await withCertifiedSkills(database.db, user, now()), project)) return { project, user };
  }
  throw notFound("Project");
}
