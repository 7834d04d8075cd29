import { describe, expect, it } from "vitest";
import {
  basePeriod,
  calendarMonth,
  dayRangeName,
  lastDays,
  monthName,
  monthToDate,
  rangeInstants,
} from "./cost-period.js";

describe("cost periods", () => {
  const now = new Date(2026, 10, 17, 15, 30); // 17 November 2026, local time

  it("names the month so far and whole months around now", () => {
    expect(monthToDate(now)).toEqual({ from: "2026-11-01", to: "2026-11-17" });
    expect(calendarMonth(now, -1)).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    expect(calendarMonth(now, -11)).toEqual({ from: "2025-12-01", to: "2025-12-31" });
    expect(lastDays(now, 30)).toEqual({ from: "2026-10-19", to: "2026-11-17" });
    expect(lastDays(new Date(2026, 0, 3), 7)).toEqual({ from: "2025-12-28", to: "2026-01-03" });
    expect(calendarMonth(new Date(2026, 2, 31), -1)).toEqual({ from: "2026-02-01", to: "2026-02-28" });
  });

  it("sends local midnights, the last day included", () => {
    const range = rangeInstants({ from: "2026-10-01", to: "2026-10-31" })!;
    expect(new Date(range.from).getTime()).toBe(new Date(2026, 9, 1).getTime());
    expect(new Date(range.to).getTime()).toBe(new Date(2026, 10, 1).getTime());
    expect(rangeInstants({ from: "2026-10-05", to: "2026-10-04" })).toBeUndefined();
    expect(rangeInstants({ from: "2026-02-30", to: "2026-03-04" })).toBeUndefined();
    expect(rangeInstants({ from: "", to: "2026-03-04" })).toBeUndefined();
  });

  it("compares whole months with the months before, other ranges with as many days before", () => {
    expect(basePeriod({ from: "2026-10-01", to: "2026-10-31" })).toEqual({ from: "2026-09-01", to: "2026-09-30" });
    expect(basePeriod({ from: "2026-03-01", to: "2026-03-31" })).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(basePeriod({ from: "2026-10-01", to: "2026-12-31" })).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(basePeriod({ from: "2026-11-01", to: "2026-11-17" })).toEqual({ from: "2026-10-15", to: "2026-10-31" });
    expect(basePeriod({ from: "2026-11-10", to: "2026-11-09" })).toBeUndefined();
  });

  it("names a month and a range of days in the reader's language, whatever the zone", () => {
    expect(monthName("2026-09", "en")).toBe("September 2026");
    expect(monthName("2026-01", "de")).toBe("Januar 2026");
    expect(monthName("not a month", "en")).toBe("not a month");
    // Intl puts thin spaces around the dash.
    const spaced = (text: string) => text.replace(/\s/gu, " ");
    expect(spaced(dayRangeName({ from: "2026-10-01", to: "2026-10-31" }, "en"))).toBe("Oct 1 – 31, 2026");
    expect(spaced(dayRangeName({ from: "2026-10-01", to: "2026-10-31" }, "de"))).toBe("01.–31.10.2026");
    expect(spaced(dayRangeName({ from: "2026-12-30", to: "2027-01-02" }, "en"))).toBe("Dec 30, 2026 – Jan 2, 2027");
    expect(dayRangeName({ from: "2026-10-05", to: "2026-10-04" }, "en")).toBe("2026-10-05 – 2026-10-04");
  });
});
