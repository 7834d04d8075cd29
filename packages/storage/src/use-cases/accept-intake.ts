import {
  DEFAULT_LEASE_SECONDS,
  DomainError,
  notFound,
  type Project,
  parseGoldPolicy,
  parseOverlapSetting,
  parseQualityRules,
} from "@quorum/core";
import type { Kysely } from "kysely";
import { getIntakeRequest, type IntakeRequest, markIntakeAccepted } from "../repositories/intake-requests.js";
import { insertProject } from "../repositories/projects.js";
import type { DB } from "../schema.js";

/**
 * Accepts an assessed intake request: creates its project with the plan the request carries
 * (schema, guidelines, languages, skills, overlap, deadline; the budget and quality target stay
 * on the request, which now names the project) and marks the request accepted, in one
 * transaction: a request is accepted once, and a failure leaves no project behind.
 */
export async function acceptIntake(
  db: Kysely<DB>,
  id: number,
  options: { actorId: number; now: number; businessUnit?: string | null },
): Promise<{ request: IntakeRequest; project: Project }> {
  return db.transaction().execute(async (trx) => {
    const request = await getIntakeRequest(trx, id);
    if (!request) throw notFound("Intake request");
    if (request.status !== "assessed")
      throw new DomainError(
        "conflict",
        request.status === "accepted"
          ? `intake request ${id} was already accepted as project ${request.projectId}`
          : `intake request ${id} has no feasibility report yet: POST /intake-requests/${id}/feasibility first`,
      );
    const project = await insertProject(
      trx,
      {
        name: request.name,
        description: `From intake request ${id}: ${request.volume} tasks, quality target ${request.qualityTarget}.`,
        businessUnit: options.businessUnit ?? null,
        schema: request.schema,
        requirements: { languages: request.languages, skills: request.skills },
        overlap: request.overlap,
        priority: 0,
        deadline: request.deadline,
        leaseSeconds: DEFAULT_LEASE_SECONDS,
        sensitive: false,
        goldPolicy: parseGoldPolicy(undefined),
        overlapPolicy: parseOverlapSetting(undefined),
        qualityRules: parseQualityRules(undefined),
        ...(request.guidelines ? { guidelines: request.guidelines } : {}),
      },
      options.actorId,
      options.now,
    );
    const accepted = await markIntakeAccepted(trx, id, project.id, options.now);
    if (!accepted) throw new DomainError("conflict", `intake request ${id} was accepted by someone else meanwhile`);
    return { request: accepted, project };
  });
}
