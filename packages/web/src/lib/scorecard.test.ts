import type { ScorecardView } from "@quorum/server";
import { describe, expect, it } from "vitest";
import { undoableChange, weeklySeries } from "./scorecard.js";

const figures = {
  judgments: 10,
  activeMs: 1000,
  presentMs: 2000,
  averageHandlingMs: 100,
  judgmentsPerActiveHour: 36_000,
  gold: { answered: 0, correct: 0, accuracy: null, lower: 0, upper: 1 },
  utilisation: 0.5,
  skipped: 0,
  expired: 0,
  skipRate: 0,
  expiryRate: 0,
};

describe("scorecard helpers", () => {
  it("puts weeks on the chart's time axis and leaves intervals out where there was no gold", () => {
    const series = weeklySeries(
      [
        { ...figures, week: "2026-11-16" },
        { ...figures, week: "2026-11-30", gold: { answered: 20, correct: 18, accuracy: 0.9, lower: 0.7, upper: 0.97 } },
      ],
      4,
    );
    // Four weeks up to the last, the week without work a gap.
    expect(series.times).toEqual([9, 16, 23, 30].map((day) => Date.UTC(2026, 10, day) / 1000));
    expect(series.judgments).toEqual([0, 10, 0, 10]);
    expect(series.lower).toEqual([null, null, null, 0.7]);
    expect(series.accuracy).toEqual([null, null, null, 0.9]);
    expect(weeklySeries([]).times).toEqual([]);
  });

  it("offers undo only for the newest change still in force", () => {
    const change = (id: number, reversedAt: string | null): ScorecardView["tierChanges"][number] => ({
      id,
      from: "trainee",
      to: "standard",
      reason: "",
      automatic: false,
      createdAt: "",
      reversedAt,
    });
    expect(undoableChange([change(3, null), change(2, null)])).toBe(3);
    // Once 3 is undone, 2 is the change in force again.
    expect(undoableChange([change(3, "x"), change(2, null)])).toBe(2);
    expect(undoableChange([change(3, "x")])).toBeUndefined();
    expect(undoableChange([])).toBeUndefined();
  });
});
