import { describe, expect, it } from "vitest";
import { localWeekStart, weekKeyer } from "./local-week.js";
import { presenceSlot, utilisation } from "./presence.js";
import { buildScorecard } from "./scorecard.js";

const HOUR = 3_600_000;
const MONDAY = Date.UTC(2026, 10, 23); // Monday 23 November 2026, 00:00 UTC

describe("local weeks", () => {
  it("starts weeks on the person's Monday", () => {
    expect(localWeekStart(MONDAY + 10 * HOUR, "UTC")).toBe("2026-11-23");
    // Sunday 22:00 UTC is Monday 07:00 in Tokyo: the new week there, the old one in UTC.
    expect(localWeekStart(MONDAY - 2 * HOUR, "UTC")).toBe("2026-11-16");
    expect(localWeekStart(MONDAY - 2 * HOUR, "Asia/Tokyo")).toBe("2026-11-23");
    // Monday 03:00 UTC is still Sunday evening in New York.
    expect(localWeekStart(MONDAY + 3 * HOUR, "America/New_York")).toBe("2026-11-16");
  });
});

describe("presence", () => {
  it("puts a heartbeat in its quarter hour and minute", () => {
    expect(presenceSlot(MONDAY + 16 * 60_000 + 5_000)).toEqual({ bucketStart: MONDAY + 15 * 60_000, minuteBit: 2 });
    expect(utilisation(30, 60)).toBe(0.5);
    expect(utilisation(90, 60)).toBe(1);
    expect(utilisation(10, 0)).toBeNull();
  });
});

describe("buildScorecard", () => {
  const row = { judgments: 0, activeMs: 0, goldAnswered: 0, goldCorrect: 0, skipped: 0, expired: 0 };
  const card = buildScorecard({
    hours: [
      {
        ...row,
        projectId: 1,
        hour: MONDAY + 9 * HOUR,
        judgments: 30,
        activeMs: 30 * 40_000,
        goldAnswered: 10,
        goldCorrect: 9,
        skipped: 2,
      },
      {
        ...row,
        projectId: 2,
        hour: MONDAY + 10 * HOUR,
        judgments: 10,
        activeMs: 10 * 20_000,
        goldAnswered: 5,
        goldCorrect: 5,
        expired: 1,
      },
      { ...row, projectId: 1, hour: MONDAY + 7 * 24 * HOUR, judgments: 20, activeMs: 20 * 30_000, skipped: 1 },
    ],
    // Two hours logged in on the first Monday, one on the next.
    presence: [
      ...Array.from({ length: 8 }, (_, i) => ({ bucketStart: MONDAY + 9 * HOUR + i * 900_000, minutes: 15 })),
      ...Array.from({ length: 4 }, (_, i) => ({ bucketStart: MONDAY + 7 * 24 * HOUR + i * 900_000, minutes: 15 })),
    ],
    timeZone: "UTC",
    goldVisible: (projectId) => projectId === 1,
  });

  it("adds up throughput, handling time, gold, utilisation and rates", () => {
    const t = card.totals;
    expect(t.judgments).toBe(60);
    expect(t.activeMs).toBe(1_200_000 + 200_000 + 600_000);
    expect(t.averageHandlingMs).toBeCloseTo(2_000_000 / 60, 6);
    expect(t.judgmentsPerActiveHour).toBeCloseTo(60 / (2_000_000 / HOUR), 6);
    // Project 2's gold is hidden from this reader.
    expect(t.gold).toMatchObject({ answered: 10, correct: 9, accuracy: 0.9 });
    expect(t.presentMs).toBe(3 * HOUR);
    expect(t.utilisation).toBeCloseTo(2_000_000 / (3 * HOUR), 9);
    // 60 answered + 3 skipped + 1 expired = 64 leases ended.
    expect(t.skipRate).toBeCloseTo(3 / 64, 9);
    expect(t.expiryRate).toBeCloseTo(1 / 64, 9);
  });

  it("splits by week and by project", () => {
    expect(card.weeks.map((w) => [w.week, w.judgments, w.presentMs])).toEqual([
      ["2026-11-23", 40, 2 * HOUR],
      ["2026-11-30", 20, HOUR],
    ]);
    expect(card.weeks[1]?.utilisation).toBeCloseTo(600_000 / HOUR, 9);
    expect(card.projects.find((p) => p.projectId === 2)?.gold.answered).toBe(0);
  });
});

describe("weekKeyer", () => {
  it("agrees with localWeekStart hour by hour, across a daylight-saving change", () => {
    // Europe/Berlin leaves summer time on Sunday 25 October 2026 at 03:00 local.
    const from = Date.UTC(2026, 9, 20);
    for (const zone of ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "UTC"]) {
      const key = weekKeyer(zone);
      for (let at = from; at < from + 14 * 24 * HOUR; at += 15 * 60_000) expect(key(at)).toBe(localWeekStart(at, zone));
    }
  });
});
