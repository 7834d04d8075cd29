import { describe, expect, it } from "vitest";
import { scheduleTimingChange } from "./schedule-timing.js";

const RUNNING = { cron: "0 7 * * 1", timeZone: "Europe/Berlin", pausedAt: null };
const PAUSED = { ...RUNNING, pausedAt: 1_000 };
const SAME = { cron: RUNNING.cron, timeZone: RUNNING.timeZone };

describe("scheduleTimingChange", () => {
  it("pauses a running schedule at now and leaves its next run where it was", () => {
    expect(scheduleTimingChange(RUNNING, { ...SAME, paused: true }, 5_000)).toEqual({
      pausedAt: 5_000,
      rescheduled: false,
    });
  });

  it("keeps the first pause when paused again", () => {
    expect(scheduleTimingChange(PAUSED, { ...SAME, paused: true }, 5_000)).toEqual({ rescheduled: false });
  });

  it("resumes from now: the next run is worked out again, missed runs are not made up", () => {
    expect(scheduleTimingChange(PAUSED, { ...SAME, paused: false }, 5_000)).toEqual({
      pausedAt: null,
      rescheduled: true,
    });
  });

  it("changes nothing when a running schedule is resumed or nothing of its timing changes", () => {
    expect(scheduleTimingChange(RUNNING, { ...SAME, paused: false }, 5_000)).toEqual({ rescheduled: false });
    expect(scheduleTimingChange(PAUSED, SAME, 5_000)).toEqual({ rescheduled: false });
  });

  it("reschedules on a new pattern or zone, paused or not", () => {
    expect(scheduleTimingChange(RUNNING, { ...SAME, cron: "0 9 * * 2" }, 5_000).rescheduled).toBe(true);
    expect(scheduleTimingChange(PAUSED, { ...SAME, timeZone: "Asia/Tokyo" }, 5_000)).toEqual({ rescheduled: true });
  });
});
