import type { EarningsResponse } from "@quorum/server";
import { describe, expect, it } from "vitest";
import { earningsByDay } from "./earnings.js";

const entry = (day: string, projectId: number | null, payMinor: number, activeMs: number, judgments: number) => ({
  day,
  projectId,
  currency: "USD",
  fractionDigits: 2,
  payMinor,
  activeMs,
  judgments,
  hourlyWageMinor: null,
});

describe("earnings by day", () => {
  it("adds a day's projects, newest day first, with the day's effective hourly wage", () => {
    const days: EarningsResponse["days"] = [
      entry("2026-11-02", 1, 600, 1_800_000, 30),
      entry("2026-11-03", 1, 300, 900_000, 15),
      entry("2026-11-03", 2, 900, 2_700_000, 40),
      entry("2026-11-04", null, 500, 0, 0),
    ];
    const rows = earningsByDay(days);
    expect(rows.map((r) => [r.day, r.payMinor, r.judgments, r.hourlyWageMinor])).toEqual([
      ["2026-11-04", 500, 0, null],
      ["2026-11-03", 1200, 55, 1200],
      ["2026-11-02", 600, 30, 1200],
    ]);
    expect(rows[1]!.projects).toEqual([
      { projectId: 2, payMinor: 900 },
      { projectId: 1, payMinor: 300 },
    ]);
  });
});
