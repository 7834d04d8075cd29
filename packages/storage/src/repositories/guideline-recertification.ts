import type { GuidelineInForce } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

/** Marks (or unmarks) a guideline version as requiring re-certification; false when there is no such version. */
export async function setRecertificationFlag(
  db: Kysely<DB>,
  key: { projectId: number; version: number },
  required: boolean,
): Promise<boolean> {
  const result = await db
    .updateTable("guideline_versions")
    .set({ requires_recertification: required ? 1 : 0 })
    .where("project_id", "=", key.projectId)
    .where("version", "=", key.version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The version in force, as certification sees it; null before a project has guidelines. */
export async function guidelineInForce(
  db: Kysely<DB>,
  project: { id: number; guidelineVersion: number },
): Promise<GuidelineInForce | null> {
  if (project.guidelineVersion === 0) return null;
  const row = await db
    .selectFrom("guideline_versions")
    .select(["version", "requires_recertification", "created_at"])
    .where("project_id", "=", project.id)
    .where("version", "=", project.guidelineVersion)
    .executeTakeFirst();
  if (!row) return null;
  return {
    version: row.version,
    requiresRecertification: row.requires_recertification === 1,
    publishedAt: row.created_at,
  };
}

/** Which of a project's guideline versions require re-certification. */
export async function recertificationVersions(db: Kysely<DB>, projectId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("guideline_versions")
    .select("version")
    .where("project_id", "=", projectId)
    .where("requires_recertification", "=", 1)
    .orderBy("version")
    .execute();
  return rows.map((r) => r.version);
}
