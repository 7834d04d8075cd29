import type { MonitorCondition, MonitorSchedule, MonitorScope } from "@quorum/core";
import type { Kysely, Selectable } from "kysely";
import type { DB } from "../schema.js";
import type { MonitorsTable } from "../schema-monitoring.js";
import { parseJson } from "./json-column.js";

export interface Monitor {
  id: number;
  name: string;
  metric: string;
  scope: MonitorScope;
  schedule: MonitorSchedule;
  windowMinutes: number;
  condition: MonitorCondition;
  emails: string[];
  enabled: boolean;
  createdBy: number | null;
  createdAt: number;
  updatedAt: number;
  lastEvaluatedAt: number | null;
}

export type NewMonitor = Omit<Monitor, "id" | "createdAt" | "updatedAt" | "lastEvaluatedAt">;

function toMonitor(row: Selectable<MonitorsTable>): Monitor {
  return {
    id: row.id,
    name: row.name,
    metric: row.metric,
    scope: { projectId: row.project_id, vendor: row.vendor, language: row.language },
    schedule: row.schedule as MonitorSchedule,
    windowMinutes: row.window_minutes,
    condition: parseJson<MonitorCondition>(row.condition),
    emails: parseJson<string[]>(row.emails),
    enabled: row.enabled === 1,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastEvaluatedAt: row.last_evaluated_at,
  };
}

function columns(monitor: Omit<NewMonitor, "createdBy">) {
  return {
    name: monitor.name,
    metric: monitor.metric,
    project_id: monitor.scope.projectId,
    vendor: monitor.scope.vendor,
    language: monitor.scope.language,
    schedule: monitor.schedule,
    window_minutes: monitor.windowMinutes,
    condition: JSON.stringify(monitor.condition),
    emails: JSON.stringify(monitor.emails),
    enabled: monitor.enabled ? 1 : 0,
  };
}

export async function insertMonitor(db: Kysely<DB>, monitor: NewMonitor, now: number): Promise<Monitor> {
  const row = await db
    .insertInto("monitors")
    .values({ ...columns(monitor), created_by: monitor.createdBy, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMonitor(row);
}

/** Replaces a monitor's definition; undefined when there is no such monitor. */
export async function updateMonitor(
  db: Kysely<DB>,
  id: number,
  monitor: Omit<NewMonitor, "createdBy">,
  now: number,
): Promise<Monitor | undefined> {
  const row = await db
    .updateTable("monitors")
    .set({ ...columns(monitor), updated_at: now, last_evaluated_at: null })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row && toMonitor(row);
}

export async function getMonitor(db: Kysely<DB>, id: number): Promise<Monitor | undefined> {
  const row = await db.selectFrom("monitors").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toMonitor(row);
}

export async function listMonitors(
  db: Kysely<DB>,
  filter: { projectId?: number; enabledOnly?: boolean } = {},
): Promise<Monitor[]> {
  let query = db.selectFrom("monitors").selectAll().orderBy("id");
  if (filter.projectId !== undefined) query = query.where("project_id", "=", filter.projectId);
  if (filter.enabledOnly) query = query.where("enabled", "=", 1);
  return (await query.execute()).map(toMonitor);
}

export async function deleteMonitorRow(db: Kysely<DB>, id: number): Promise<boolean> {
  const result = await db.deleteFrom("monitors").where("id", "=", id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Daily monitors remember the evaluation, so they run once per UTC day. */
export async function markMonitorsEvaluated(db: Kysely<DB>, ids: readonly number[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable("monitors").set({ last_evaluated_at: now }).where("id", "in", ids).execute();
}
