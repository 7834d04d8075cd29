import { describe, expect, it } from "vitest";
import { cronFromPick, pickFromCron, type SchedulePick } from "./schedule-picker.js";

const base: SchedulePick = { frequency: "custom", time: "07:00", weekday: 1, dayOfMonth: 1, cron: "" };

describe("the report schedule picker", () => {
  it.each([
    ["0 7 * * *", { frequency: "daily", time: "07:00" }],
    ["30 18 * * *", { frequency: "daily", time: "18:30" }],
    ["0 8 * * 1", { frequency: "weekly", time: "08:00", weekday: 1 }],
    ["0 0 * * 0", { frequency: "weekly", time: "00:00", weekday: 0 }],
    ["59 23 * * 6", { frequency: "weekly", time: "23:59", weekday: 6 }],
    ["15 6 1 * *", { frequency: "monthly", time: "06:15", dayOfMonth: 1 }],
    ["0 9 28 * *", { frequency: "monthly", time: "09:00", dayOfMonth: 28 }],
  ] as const)("opens %s on its preset and builds the same pattern back", (cron, expected) => {
    const pick = pickFromCron(cron);
    expect(pick).toMatchObject(expected);
    expect(cronFromPick(pick)).toBe(cron);
  });

  it("builds each preset's pattern from what was picked", () => {
    expect(cronFromPick({ ...base, frequency: "daily", time: "07:00" })).toBe("0 7 * * *");
    expect(cronFromPick({ ...base, frequency: "weekly", time: "08:00", weekday: 1 })).toBe("0 8 * * 1");
    expect(cronFromPick({ ...base, frequency: "weekly", time: "21:45", weekday: 0 })).toBe("45 21 * * 0");
    expect(cronFromPick({ ...base, frequency: "monthly", time: "06:05", dayOfMonth: 15 })).toBe("5 6 15 * *");
  });

  it("reads a pattern written with leading zeros as the preset it means", () => {
    expect(pickFromCron(" 05 08 * * 1 ")).toMatchObject({ frequency: "weekly", time: "08:05", weekday: 1 });
  });

  it.each([
    "*/15 * * * *", // every quarter hour
    "0 7 * * 1-5", // weekdays
    "0 7,19 * * *", // twice a day
    "0 7 * * MON", // named weekday
    "0 7 * * 7", // Sunday counted as 7
    "0 7 29 * *", // a day February lacks
    "0 7 1 1 *", // once a year
    "0 7 1 * 1", // day of month and weekday together
    "0 0 7 * * *", // with seconds
    "0 24 * * *", // no such hour
    "every morning",
    "",
  ])("keeps %j as a custom pattern, as typed", (cron) => {
    const pick = pickFromCron(cron);
    expect(pick.frequency).toBe("custom");
    expect(cronFromPick(pick)).toBe(cron.trim());
  });

  it("builds no pattern from a time that is not HH:MM", () => {
    expect(cronFromPick({ ...base, frequency: "daily", time: "" })).toBeUndefined();
    expect(cronFromPick({ ...base, frequency: "daily", time: "25:00" })).toBeUndefined();
    expect(cronFromPick({ ...base, frequency: "weekly", time: "8am" })).toBeUndefined();
  });
});
