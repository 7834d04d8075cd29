import {
  annotatorMayWork,
  compareAcrossProjects,
  DomainError,
  type Lease,
  type Project,
  type ProjectQueueHead,
  type User,
} from "@quorum/core";
import type { Database } from "../database.js";
import { listProjects } from "../repositories/projects.js";
import { queueHeadFor } from "./has-queued-task-for.js";
import { leaseNextTask } from "./lease-next-task.js";
import { withCertifiedSkills } from "./load-skill-grants.js";

/** Refusals that concern one project only (paused there, not certified there): try the next. */
const PROJECT_REFUSALS = new Set(["annotator_paused", "certification_required"]);

/**
 * "Next task anywhere": leases the best task over every project the annotator may work on
 * (active, requirements met, skills from exams counted). Projects are taken by priority tier,
 * highest first; within a tier the head of each project's queues is read (`peekQueueHead`: one
 * statement per project, an indexed probe per language queue, no lock), the heads are ranked by `compareAcrossProjects` (batch priority,
 * deadline, age), and the lease is claimed in the winner's project by `leaseNextTask`, with its
 * usual rules (gold policy, lease cap, certification). A project that refuses this annotator or
 * whose head was taken meanwhile gives way to the next candidate. A lower tier is probed only when
 * every project above it has nothing for them.
 */
export async function leaseNextTaskAnywhere(
  database: Database,
  options: { annotator: User; now: number },
): Promise<{ lease: Lease; project: Project } | undefined> {
  const { annotator, now } = options;
  const viewer = await withCertifiedSkills(database.db, annotator, now);
  const projects = (await listProjects(database.db))
    .filter((project) => annotatorMayWork(viewer, project))
    .sort((a, b) => b.priority - a.priority || a.id - b.id);
  let refusal: DomainError | undefined;
  for (const tier of priorityTiers(projects)) {
    const heads: (ProjectQueueHead & { project: Project })[] = [];
    for (const project of tier) {
      const task = await queueHeadFor(database, viewer, project);
      if (task) heads.push({ project, task });
    }
    heads.sort(compareAcrossProjects);
    for (const { project } of heads) {
      try {
        const lease = await leaseNextTask(database, { project, annotator, now });
        if (lease) return { lease, project };
      } catch (error) {
        if (!(error instanceof DomainError) || !PROJECT_REFUSALS.has(error.code)) throw error;
        refusal ??= error;
      }
    }
  }
  // Refused everywhere work was left (e.g. paused in each): say why rather than "nothing left".
  if (refusal) throw refusal;
  return undefined;
}

/** Projects already sorted by priority, grouped into runs of equal priority. */
function priorityTiers(projects: readonly Project[]): Project[][] {
  const tiers: Project[][] = [];
  for (const project of projects) {
    const tier = tiers.at(-1);
    if (tier && tier[0]!.priority === project.priority) tier.push(project);
    else tiers.push([project]);
  }
  return tiers;
}
