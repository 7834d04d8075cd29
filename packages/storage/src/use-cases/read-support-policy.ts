import { type SupportPolicy, supportPolicyOf } from "@quorum/core";
import type { Kysely } from "kysely";
import { readSupportSettings, WORKSPACE_SETTINGS } from "../repositories/support-settings.js";
import type { DB } from "../schema.js";

/** The support policy in force in a project: its own settings over the workspace's over core's defaults. */
export async function readSupportPolicy(db: Kysely<DB>, projectId: number): Promise<SupportPolicy> {
  return supportPolicyOf(await readSupportSettings(db, WORKSPACE_SETTINGS), await readSupportSettings(db, projectId));
}
