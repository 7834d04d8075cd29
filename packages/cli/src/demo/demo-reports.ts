import type { User } from "@quorum/core";
import { nextRunAt, runReport } from "@quorum/server";
import { type Database, insertReportSchedule, writeWorkspaceSetting } from "@quorum/storage";

/** The demo workspace's time zone: its reporting days, and the days of exposure budgets. */
export const DEMO_TIME_ZONE = "Europe/Berlin";

/** Sets the workspace's time zone; before the simulated history, whose exposure is counted by its days. */
export async function seedWorkspaceTimeZone(database: Database, options: { actorId: number; now: number }) {
  await writeWorkspaceSetting(database.db, { key: "time_zone", value: DEMO_TIME_ZONE, ...options });
}

/**
 * The demo's reporting: the manager has a daily digest scheduled (07:00 in the workspace's zone,
 * Berlin) whose run of this morning is in their report list.
 */
export async function seedReports(database: Database, options: { manager: User | undefined; now: number }) {
  const { manager, now } = options;
  const timeZone = DEMO_TIME_ZONE;
  if (!manager) return;
  const cron = "0 7 * * *";
  const schedule = await insertReportSchedule(database.db, {
    name: "Daily digest",
    kind: "daily_digest",
    cron,
    timeZone,
    recipientId: manager.id,
    businessUnitId: null,
    emails: [],
    nextRunAt: nextRunAt(cron, timeZone, now),
    createdBy: manager.id,
    createdAt: now,
  });
  await runReport({ database, log: () => {} }, schedule, now);
}
