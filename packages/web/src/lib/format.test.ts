import { describe, expect, it } from "vitest";
import {
  endOfLocalDay,
  formatCountdown,
  formatDateTime,
  formatDuration,
  formatHour,
  formatNumber,
  formatPercent,
  formatRelative,
  localDateOf,
} from "./format.js";

describe("format", () => {
  it("writes times in the zone given, and by default in the one the viewer picked", () => {
    const at = Date.UTC(2026, 11, 3, 23, 30);
    expect(formatDateTime(at, "en", "Asia/Tokyo")).toBe("Dec 4, 08:30 AM");
    expect(formatDateTime(at, "en", "America/New_York")).toBe("Dec 3, 06:30 PM");
    expect(formatHour(at, "Asia/Tokyo")).toMatch(/08:30/);
    const stored = new Map([["quorum.time-zone", "Asia/Tokyo"]]);
    const window = { localStorage: { getItem: (key: string) => stored.get(key) ?? null } };
    Object.assign(globalThis, { window });
    try {
      expect(formatDateTime(at, "en")).toBe("Dec 4, 08:30 AM");
    } finally {
      Reflect.deleteProperty(globalThis, "window");
    }
  });

  it("formats durations", () => {
    expect(formatDuration(42_000)).toBe("42 sec");
    expect(formatDuration(7 * 60_000)).toBe("7 min");
    expect(formatDuration(65 * 60_000)).toBe("1 hr 5 min");
    expect(formatDuration(120 * 60_000)).toBe("2 hr");
    expect(formatDuration(-1)).toBe("–");
  });

  it("formats durations, numbers, percentages and relative times in the reader's language", () => {
    const now = 1_700_000_000_000;
    expect(formatDuration(7 * 60_000, "de")).toBe("7 Min.");
    expect(formatDuration(7 * 60_000, "ja")).toBe("7 分");
    expect(formatNumber(12_345, "de")).toBe("12.345");
    expect(formatNumber(12_345, "en")).toBe("12,345");
    expect(formatPercent(0.85, 0, "de")).toBe("85\u00a0%");
    expect(formatRelative(now - 5 * 3_600_000, now, "es")).toBe("hace 5 horas");
    expect(formatRelative(now + 3 * 86_400_000, now, "ja")).toBe("3 日後");
    expect(formatRelative(now - 5 * 3_600_000, now, "ar")).toBe("قبل 5 ساعات");
  });

  it("formats countdowns without going negative", () => {
    expect(formatCountdown(545_000)).toBe("9:05");
    expect(formatCountdown(3_723_000)).toBe("1:02:03");
    expect(formatCountdown(-5000)).toBe("0:00");
    expect(formatCountdown(100)).toBe("0:01");
  });

  it("formats relative times both ways", () => {
    const now = 1_700_000_000_000;
    expect(formatRelative(now + 3 * 86_400_000, now)).toBe("in 3 days");
    expect(formatRelative(now - 5 * 3_600_000, now)).toBe("5 hours ago");
    expect(formatRelative(now + 10_000, now)).toBe("now");
  });

  it("formats percentages and missing ratios", () => {
    expect(formatPercent(0.853)).toBe("85%");
    expect(formatPercent(0.853, 1)).toBe("85.3%");
    expect(formatPercent(null)).toBe("–");
    expect(formatPercent(Number.NaN)).toBe("–");
  });

  it("reads a date input as the end of that day in local time", () => {
    const end = new Date(endOfLocalDay("2026-12-20")!);
    expect([end.getFullYear(), end.getMonth(), end.getDate(), end.getHours(), end.getMinutes()]).toEqual([
      2026, 11, 20, 23, 59,
    ]);
    expect(endOfLocalDay("")).toBeNull();
    // A day picked and saved reads back as the same day.
    expect(localDateOf(endOfLocalDay("2026-12-20"))).toBe("2026-12-20");
    expect(localDateOf(null)).toBe("");
    expect(endOfLocalDay("20.12.2026")).toBeNull();
  });
});
