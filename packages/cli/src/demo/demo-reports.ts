import type { User } from "@quorum/core";
import { nextRunAt, runReport } from "@quorum/server";
import { type Database, insertReportSchedule, writeWorkspaceSetting } from "@quorum/storage";

/**
 * The demo's reporting: the workspace reports in Berlin time, and the manager has a daily digest
 * scheduled (07:00 Berlin) whose run of this morning is in their report list.
 */
export async function seedReports(database: Database, options: { manager: User | undefined; now: number }) {
  const { manager, now } = options;
  const timeZone = "Europe/Berlin";
  await writeWorkspaceSetting(database.db, { key: "time_zone", value: timeZone, actorId: manager?.id ?? 0, now });
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
