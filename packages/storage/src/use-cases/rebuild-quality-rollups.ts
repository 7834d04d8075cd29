import { type Project, type RollupCell, RollupSums, taskRollup } from "@quorum/core";
import type { Kysely } from "kysely";
import { listProjects } from "../repositories/projects.js";
import { addQualityRollups, deleteQualityRollups, taskQualityFactsAfter } from "../repositories/quality-rollups.js";
import type { DB } from "../schema.js";

const PAGE = 5_000;

/** The project's quality roll-ups worked out from its tasks and judgments, a page of tasks at a time. */
export async function recomputeQualityRollups(
  db: Kysely<DB>,
  project: Pick<Project, "id" | "schema">,
): Promise<{ tasks: number; cells: RollupCell[] }> {
  const sums = new RollupSums();
  let tasks = 0;
  for (let after = 0; ; ) {
    const page = await taskQualityFactsAfter(db, project.id, after, PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1]!.taskId;
    tasks += page.length;
    for (const task of page) taskRollup(project.schema, task.facts, sums);
  }
  return { tasks, cells: sums.nonZero() };
}

/**
 * Replaces a project's quality roll-ups with their recomputation (after the migration that adds
 * them, after a re-fit, or by hand with `quorum rollups rebuild`). Pass a transaction so that
 * judgments arriving meanwhile are neither lost nor counted twice.
 */
export async function rebuildQualityRollups(
  db: Kysely<DB>,
  project: Pick<Project, "id" | "schema">,
): Promise<{ tasks: number; cells: number }> {
  const { tasks, cells } = await recomputeQualityRollups(db, project);
  await deleteQualityRollups(db, project.id);
  await addQualityRollups(db, project.id, cells);
  return { tasks, cells: cells.length };
}

/** Rebuilds the roll-ups of every project, each in its own transaction. */
export async function rebuildAllQualityRollups(db: Kysely<DB>): Promise<{ projects: number; tasks: number }> {
  let tasks = 0;
  const projects = await listProjects(db);
  for (const project of projects)
    tasks += (await db.transaction().execute((trx) => rebuildQualityRollups(trx, project))).tasks;
  return { projects: projects.length, tasks };
}
