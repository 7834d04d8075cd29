import type { SupportPolicy } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

/** The project id under which the workspace's settings are stored. */
export const WORKSPACE_SETTINGS = 0;

/** The fields set for the workspace (project 0) or a project; unset fields are absent. */
export async function readSupportSettings(db: Kysely<DB>, projectId: number): Promise<Partial<SupportPolicy>> {
  const row = await db
    .selectFrom("support_settings")
    .selectAll()
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  if (!row) return {};
  return {
    ...(row.first_response_hours === null ? {} : { firstResponseHours: Number(row.first_response_hours) }),
    ...(row.appeal_file_days === null ? {} : { appealFileDays: row.appeal_file_days }),
    ...(row.appeal_decide_days === null ? {} : { appealDecideDays: row.appeal_decide_days }),
  };
}

/** Replaces the settings of the workspace (project 0) or a project; a null field falls through. */
export async function writeSupportSettings(
  db: Kysely<DB>,
  projectId: number,
  settings: { [K in keyof SupportPolicy]: SupportPolicy[K] | null },
  actor: { id: number; now: number },
): Promise<void> {
  const values = {
    first_response_hours: settings.firstResponseHours,
    appeal_file_days: settings.appealFileDays,
    appeal_decide_days: settings.appealDecideDays,
    updated_by: actor.id,
    updated_at: actor.now,
  };
  await db
    .insertInto("support_settings")
    .values({ project_id: projectId, ...values })
    .onConflict((oc) => oc.column("project_id").doUpdateSet(values))
    .execute();
}
