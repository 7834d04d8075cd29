import type { Database } from "../database.js";
import { forgetWellbeingPolicy } from "../repositories/wellbeing.js";
import { type WorkspaceSettingChange, writeWorkspaceSetting } from "../repositories/workspace-settings.js";
import { inTransaction } from "../transaction.js";

/** Writes several workspace settings at once: all of them or, should one fail, none. */
export async function changeWorkspaceSettings(
  database: Database,
  settings: readonly WorkspaceSettingChange[],
): Promise<void> {
  await inTransaction(database, async (trx) => {
    for (const setting of settings) await writeWorkspaceSetting(trx, setting);
  });
  // The wellbeing policy's days follow the workspace's zone; its cache is keyed by the database.
  if (settings.some((setting) => setting.key === "time_zone")) forgetWellbeingPolicy(database.db);
}
