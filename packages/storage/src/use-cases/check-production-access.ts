import {
  type CertificationNeed,
  DomainError,
  describeCertificationNeed,
  needsCertification,
  type Project,
  type User,
} from "@quorum/core";
import type { Kysely } from "kysely";
import { guidelineInForce } from "../repositories/guideline-recertification.js";
import type { DB } from "../schema.js";
import { loadSkillGrants } from "./load-skill-grants.js";

export interface ProductionAccess {
  allowed: boolean;
  /** What to (re)certify first; empty when allowed. */
  needs: CertificationNeed[];
}

/**
 * Whether an annotator may take production work on a project given their skills: every skill
 * the project requires held at its level (on their profile, or by an active exam grant passed
 * after the guideline version in force when that version requires re-certification).
 * Reads nothing when the project requires no skills or the profile covers them all.
 */
export async function checkProductionAccess(
  db: Kysely<DB>,
  options: {
    project: Pick<Project, "id" | "guidelineVersion" | "requirements">;
    annotator: Pick<User, "id" | "skills">;
    now: number;
  },
): Promise<ProductionAccess> {
  const { project, annotator, now } = options;
  const required = Object.entries(project.requirements.skills);
  if (required.every(([skill, level]) => (annotator.skills[skill] ?? 0) >= level)) return { allowed: true, needs: [] };
  const [grants, guideline] = await Promise.all([
    loadSkillGrants(db, annotator.id, now),
    guidelineInForce(db, project),
  ]);
  const needs = needsCertification({
    grants,
    profileSkills: annotator.skills,
    requirements: project.requirements.skills,
    guideline,
    now,
  });
  return { allowed: needs.length === 0, needs };
}

/**
 * `checkProductionAccess` for the lease path: throws `certification_required` (403) saying what
 * to pass, with one detail per skill (`path` = `skills.<name>`, `message` = the reason code).
 */
export async function requireProductionAccess(
  db: Kysely<DB>,
  options: Parameters<typeof checkProductionAccess>[1],
): Promise<void> {
  const { allowed, needs } = await checkProductionAccess(db, options);
  if (allowed) return;
  throw new DomainError(
    "certification_required",
    `Before your next task on this project: ${needs.map(describeCertificationNeed).join("; ")}`,
    needs.map((n) => ({ path: `skills.${n.skill}`, message: n.reason })),
  );
}
