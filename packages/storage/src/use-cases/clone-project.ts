import { notFound, type Project } from "@quorum/core";
import type { Kysely } from "kysely";
import { getProject, insertProject } from "../repositories/projects.js";
import type { DB } from "../schema.js";

/**
 * A new project from an existing one used as a template: its label schema, guidelines in force
 * (as version 1), requirements, overlap and gold policies, quality rules, lease times, priority
 * and sensitivity; no tasks, judgments, deadline or budget (those belong to the work, not the
 * template).
 */
export async function cloneProject(
  db: Kysely<DB>,
  sourceId: number,
  options: { name: string; actorId: number; now: number },
): Promise<Project> {
  const source = await getProject(db, sourceId);
  if (!source) throw notFound("Project");
  const guidelines =
    source.guidelineVersion > 0
      ? await db
          .selectFrom("guideline_versions")
          .select("body")
          .where("project_id", "=", source.id)
          .where("version", "=", source.guidelineVersion)
          .executeTakeFirst()
      : undefined;
  return insertProject(
    db,
    {
      name: options.name,
      description: source.description,
      businessUnit: source.businessUnit,
      schema: source.schema,
      requirements: source.requirements,
      overlap: source.overlap,
      priority: source.priority,
      deadline: null,
      leaseSeconds: source.leaseSeconds,
      reviewLeaseSeconds: source.reviewLeaseSeconds,
      sensitive: source.sensitive,
      goldPolicy: source.goldPolicy,
      overlapPolicy: source.overlapPolicy,
      qualityRules: source.qualityRules,
      reviewPolicy: source.reviewPolicy,
      ...(guidelines?.body ? { guidelines: guidelines.body } : {}),
    },
    options.actorId,
    options.now,
  );
}
