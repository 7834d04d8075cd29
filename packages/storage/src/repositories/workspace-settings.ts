import type { Kysely } from "kysely";
import type { DB } from "../schema.js";
import { forgetWellbeingPolicy } from "./wellbeing.js";

/**
 * The workspace settings this version knows, with their defaults: `time_zone` (its reporting
 * days) and `currency` (ISO 4217, the one the console's money forms start from; money already
 * stored keeps its own).
 */
export const WORKSPACE_DEFAULTS = { time_zone: "UTC", currency: "USD" } as const;
export type WorkspaceSettingKey = keyof typeof WORKSPACE_DEFAULTS;

/** Every workspace setting, defaults filled in. */
export async function readWorkspaceSettings(db: Kysely<DB>): Promise<Record<WorkspaceSettingKey, string>> {
  const rows = await db.selectFrom("workspace_settings").select(["key", "value"]).execute();
  const settings: Record<WorkspaceSettingKey, string> = { ...WORKSPACE_DEFAULTS };
  for (const row of rows) if (row.key in settings) settings[row.key as WorkspaceSettingKey] = row.value;
  return settings;
}

/** The workspace's time zone (its reporting days); UTC until an admin sets one. */
export async function workspaceTimeZone(db: Kysely<DB>): Promise<string> {
  const row = await db
    .selectFrom("workspace_settings")
    .select("value")
    .where("key", "=", "time_zone")
    .executeTakeFirst();
  return row?.value ?? WORKSPACE_DEFAULTS.time_zone;
}

/** The workspace's default currency (ISO 4217): where money forms and currency parameters start; USD until set. */
export async function workspaceCurrency(db: Kysely<DB>): Promise<string> {
  const row = await db
    .selectFrom("workspace_settings")
    .select("value")
    .where("key", "=", "currency")
    .executeTakeFirst();
  return row?.value ?? WORKSPACE_DEFAULTS.currency;
}

export interface WorkspaceSettingChange {
  key: WorkspaceSettingKey;
  value: string;
  actorId: number;
  now: number;
}

export async function writeWorkspaceSetting(db: Kysely<DB>, setting: WorkspaceSettingChange): Promise<void> {
  await db
    .insertInto("workspace_settings")
    .values({ key: setting.key, value: setting.value, updated_by: setting.actorId, updated_at: setting.now })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({ value: setting.value, updated_by: setting.actorId, updated_at: setting.now }),
    )
    .execute();
  // The wellbeing policy's days follow the workspace's zone.
  if (setting.key === "time_zone") forgetWellbeingPolicy(db);
}

/** A person's own time zone (users.time_zone), or null when they have not set one. */
export async function userTimeZone(db: Kysely<DB>, userId: number): Promise<string | null> {
  const row = await db.selectFrom("users").select("time_zone").where("id", "=", userId).executeTakeFirst();
  return row?.time_zone ?? null;
}
