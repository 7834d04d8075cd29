import { notFound, type Project, projectVisibleTo, type User } from "@quorum/core";
import { getProjectCached } from "@quorum/storage";
import type { Context } from "hono";
import { currentUser } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";

/**
 * The project, if the caller may see it (core's `projectVisibleTo`); anything else is "not
 * found", so the existence of other projects does not leak.
 */
export async function visibleProject(c: Context<AppEnv>, id: number): Promise<{ project: Project; user: User }> {
  const user = currentUser(c);
  const project = await getProjectCached(c.get("deps").database.db, id);
  if (!project || !projectVisibleTo(user, project)) throw notFound("Project");
  return { project, user };
}
