import { describe, expect, it } from "vitest";
import {
  foldIntoLocalDays,
  isTimeZone,
  localDate,
  localDayStarts,
  startOfLocalDay,
  startOfNextLocalDay,
  timeZoneOffsetMs,
} from "./local-days.js";

const HOUR = 3_600_000;
const utc = (iso: string) => Date.parse(iso);

describe("local reporting days", () => {
  it("knows IANA zones and refuses other names", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });

  it("starts a Berlin day at local midnight: 22:00 UTC in summer, 23:00 UTC in winter", () => {
    expect(startOfLocalDay(utc("2026-10-24T12:00:00Z"), "Europe/Berlin")).toBe(utc("2026-10-23T22:00:00Z"));
    expect(startOfLocalDay(utc("2026-10-26T12:00:00Z"), "Europe/Berlin")).toBe(utc("2026-10-25T23:00:00Z"));
    expect(timeZoneOffsetMs(utc("2026-10-24T12:00:00Z"), "Europe/Berlin")).toBe(2 * HOUR);
    expect(timeZoneOffsetMs(utc("2026-10-26T12:00:00Z"), "Europe/Berlin")).toBe(HOUR);
  });

  it("makes Sunday 25 October 2026 in Berlin 25 hours long (clocks go back at 03:00 local)", () => {
    const start = startOfLocalDay(utc("2026-10-25T10:00:00Z"), "Europe/Berlin");
    expect(start).toBe(utc("2026-10-24T22:00:00Z"));
    expect(startOfNextLocalDay(start, "Europe/Berlin") - start).toBe(25 * HOUR);
    // The repeated hour (02:00–03:00 local twice) belongs to the 25th both times.
    expect(localDate(utc("2026-10-25T00:30:00Z"), "Europe/Berlin")).toBe("2026-10-25");
    expect(localDate(utc("2026-10-25T01:30:00Z"), "Europe/Berlin")).toBe("2026-10-25");
  });

  it("makes Sunday 29 March 2026 in Berlin 23 hours long (clocks go forward)", () => {
    const start = startOfLocalDay(utc("2026-03-29T12:00:00Z"), "Europe/Berlin");
    expect(start).toBe(utc("2026-03-28T23:00:00Z"));
    expect(startOfNextLocalDay(start, "Europe/Berlin") - start).toBe(23 * HOUR);
  });

  it("lists the local days that meet a period, and UTC days when the zone is UTC", () => {
    const days = localDayStarts(utc("2026-10-24T12:00:00Z"), utc("2026-10-26T12:00:00Z"), "Europe/Berlin");
    expect(days).toEqual([utc("2026-10-23T22:00:00Z"), utc("2026-10-24T22:00:00Z"), utc("2026-10-25T23:00:00Z")]);
    expect(localDayStarts(utc("2026-10-24T12:00:00Z"), utc("2026-10-25T12:00:00Z"), "UTC")).toEqual([
      utc("2026-10-24T00:00:00Z"),
      utc("2026-10-25T00:00:00Z"),
    ]);
  });

  it("handles a zone whose clocks skip midnight (Santiago starts 6 September 2026 at 01:00)", () => {
    const start = startOfLocalDay(utc("2026-09-06T15:00:00Z"), "America/Santiago");
    expect(localDate(start, "America/Santiago")).toBe("2026-09-06");
    expect(localDate(start - 1, "America/Santiago")).toBe("2026-09-05");
  });

  it("folds hourly buckets into Berlin days across the October change: 25 hours into the 25th", () => {
    const from = utc("2026-10-24T22:00:00Z");
    const days = localDayStarts(from, utc("2026-10-26T23:00:00Z"), "Europe/Berlin");
    // One judgment in every UTC hour from Saturday 22:00 UTC for 49 hours.
    const hours = Array.from({ length: 49 }, (_, i) => ({ bucket: from + i * HOUR, value: 1 }));
    expect(foldIntoLocalDays(hours, days, (a, b) => a + b, 0)).toEqual([25, 24]);
    // The UTC day grouping would have split them 2 / 24 / 23.
  });
});
