import { describe, expect, it } from "vitest";
import { isTimeZone, startOfLocalDay } from "./local-days.js";

const at = (iso: string) => Date.parse(iso);

describe("startOfLocalDay", () => {
  it("starts the day at local midnight", () => {
    // 23:30 UTC on 1 Dec is 00:30 on 2 Dec in Vienna (UTC+1): the day began at 23:00 UTC.
    expect(startOfLocalDay(at("2026-12-01T23:30:00Z"), "Europe/Vienna")).toBe(at("2026-12-01T23:00:00Z"));
    // The same instant is still 1 Dec in New York (UTC-5).
    expect(startOfLocalDay(at("2026-12-01T23:30:00Z"), "America/New_York")).toBe(at("2026-12-01T05:00:00Z"));
    expect(startOfLocalDay(at("2026-12-01T23:30:00Z"), "Asia/Kolkata")).toBe(at("2026-12-01T18:30:00Z"));
    expect(startOfLocalDay(at("2026-12-01T23:30:00Z"), "UTC")).toBe(at("2026-12-01T00:00:00Z"));
  });

  it("falls back to UTC without a zone", () => {
    expect(startOfLocalDay(at("2026-12-01T23:30:00Z"), null)).toBe(at("2026-12-01T00:00:00Z"));
  });

  it("handles the days of a daylight-saving change", () => {
    // Vienna moves to summer time at 02:00 on 29 March 2026; the day began at 23:00 UTC the day before.
    expect(startOfLocalDay(at("2026-03-29T20:00:00Z"), "Europe/Vienna")).toBe(at("2026-03-28T23:00:00Z"));
    // Santiago skipped midnight on 3 September 2023 (00:00 became 01:00, UTC-3 from then on).
    expect(startOfLocalDay(at("2023-09-03T12:00:00Z"), "America/Santiago")).toBe(at("2023-09-03T04:00:00Z"));
  });

  it("knows IANA names", () => {
    expect(isTimeZone("Europe/Vienna")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});
