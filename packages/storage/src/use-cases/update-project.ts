import type { Project } from "@quorum/core";
import type { Kysely } from "kysely";
import { forgetProject, getProject, type ProjectChanges, writeProjectChanges } from "../repositories/projects.js";
import type { DB } from "../schema.js";
import { finishSettledTasks } from "./finish-settled-tasks.js";

/**
 * Changes a project's settings in one transaction. Gold tasks a gold policy without controls
 * releases, and that already have the answers they need, become done as a judgment settling them
 * would leave them (`finishSettledTasks`: judgment marks, the review policy asked, completion
 * events told).
 */
export async function updateProject(
  db: Kysely<DB>,
  id: number,
  changes: ProjectChanges,
  actorId: number,
  now: number,
  random: () => number = Math.random,
): Promise<Project | undefined> {
  await db.transaction().execute(async (trx) => {
    const released = await writeProjectChanges(trx, id, changes, actorId, now);
    if (released.length === 0) return;
    const project = await getProject(trx, id);
    if (!project) return;
    await finishSettledTasks(trx, project, released, { draw: random, now });
  });
  forgetProject(db, id);
  return getProject(db, id);
}
