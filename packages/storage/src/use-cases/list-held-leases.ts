import type { Lease, Project } from "@quorum/core";
import type { Database } from "../database.js";
import { listActiveLeases } from "../repositories/assignments.js";
import { experimentPlacement, leaseInArm } from "./experiment-placement.js";

/**
 * The annotator's unexpired leases in a project, oldest first (to resume after a reload), each as
 * its experiment arm serves it (guideline version, labeling-view variant), as when first leased.
 */
export async function listHeldLeases(
  database: Database,
  project: Project,
  annotatorId: number,
  now: number,
): Promise<Lease[]> {
  const leases = await listActiveLeases(database.db, project, annotatorId, now);
  if (leases.length === 0) return leases;
  const placement = await experimentPlacement(database, project.id, annotatorId);
  return leases.map((lease) => leaseInArm(lease, placement));
}
