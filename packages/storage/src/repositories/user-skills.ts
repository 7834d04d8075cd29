import type { SkillGrant } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

/** A grant as stored: core's `SkillGrant` less its last use, which is read from the activity roll-up. */
export type StoredGrant = Omit<SkillGrant, "lastUsedAt"> & {
  source: string;
  examId: number | null;
  projectId: number | null;
};

/** A person's grants, by skill then level. */
export async function listSkillGrants(db: Kysely<DB>, userId: number): Promise<StoredGrant[]> {
  const rows = await db
    .selectFrom("user_skills")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("skill")
    .orderBy("level")
    .execute();
  return rows.map((r) => ({
    skill: r.skill,
    level: r.level,
    grantedAt: r.granted_at,
    expiresAt: r.expires_at,
    source: r.source,
    examId: r.exam_id,
    projectId: r.project_id,
  }));
}

/** Writes the grant of `skill` at `level`, replacing the one there was. */
export async function saveSkillGrant(
  trx: Kysely<DB>,
  userId: number,
  grant: Omit<StoredGrant, "source"> & { source: "exam" },
): Promise<void> {
  const values = {
    granted_at: grant.grantedAt,
    expires_at: grant.expiresAt,
    source: grant.source,
    exam_id: grant.examId,
    project_id: grant.projectId,
  };
  await trx
    .insertInto("user_skills")
    .values({ user_id: userId, skill: grant.skill, level: grant.level, ...values })
    .onConflict((oc) => oc.columns(["user_id", "skill", "level"]).doUpdateSet(values))
    .execute();
}

/** The start of the latest hour with production work by this person, per project. */
export async function lastWorkByProject(db: Kysely<DB>, userId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("activity_hourly")
    .select(["project_id", (eb) => eb.fn.max("hour").as("last")])
    .where("annotator_id", "=", userId)
    .where("judgments", ">", 0)
    .groupBy("project_id")
    .execute();
  return new Map(rows.map((r) => [r.project_id, Number(r.last)]));
}
