import {
  claimReportRun,
  type Database,
  dueReportSchedules,
  insertReportSchedule,
  testTargets,
  updateReportSchedule,
} from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();
const NOW = Date.parse("2026-12-07T06:00:00Z");

describe.each(targets)("report schedules on $dialect", (target) => {
  let database: Database;

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  const schedule = (name: string) =>
    insertReportSchedule(database.db, {
      name,
      kind: "weekly_business_unit",
      cron: "0 7 * * 1",
      timeZone: "Europe/Berlin",
      recipientId: null,
      businessUnitId: 1,
      emails: [],
      nextRunAt: NOW,
      createdBy: null,
      createdAt: NOW - 86_400_000,
    });

  it("never hands the scheduler a paused schedule, nor lets it claim one paused since it was read", async () => {
    const running = await schedule("Running");
    const paused = await schedule("Paused");
    const pausedAt = NOW - 3_600_000;
    expect(await updateReportSchedule(database.db, paused.id, { pausedAt })).toMatchObject({ pausedAt });
    expect(running.pausedAt).toBeNull();

    const due = await dueReportSchedules(database.db, NOW);
    expect(due.map((s) => s.name)).toEqual(["Running"]);

    // Read as due, then paused before the claim: the claim loses.
    await updateReportSchedule(database.db, running.id, { pausedAt: NOW });
    const claimed = await claimReportRun(database.db, {
      id: running.id,
      expectedNextRunAt: NOW,
      nextRunAt: NOW + 7 * 86_400_000,
    });
    expect(claimed).toBe(false);
    expect(await dueReportSchedules(database.db, NOW)).toEqual([]);

    // Resumed: due again, and the claim wins.
    const resumed = await updateReportSchedule(database.db, running.id, { pausedAt: null });
    expect(resumed?.pausedAt).toBeNull();
    expect((await dueReportSchedules(database.db, NOW)).map((s) => s.name)).toEqual(["Running"]);
    expect(
      await claimReportRun(database.db, {
        id: running.id,
        expectedNextRunAt: NOW,
        nextRunAt: NOW + 7 * 86_400_000,
      }),
    ).toBe(true);
  });
});
