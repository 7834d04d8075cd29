import { describe, expect, it } from "vitest";
import type { CostEvent } from "./cost-event.js";
import { effectiveHourlyWage, fairPayTopUps, paidTimeFromEvents } from "./fair-pay.js";

const HOUR = 3_600_000;
const period = { start: Date.UTC(2026, 2, 1), end: Date.UTC(2026, 3, 1) };
const closed = period.end;

function pay(annotatorId: number, kind: CostEvent["kind"], amountMinor: number, at = period.start + HOUR): CostEvent {
  return {
    kind,
    amountMinor,
    currency: "EUR",
    projectId: 1,
    businessUnitId: 1,
    vendor: null,
    annotatorId,
    language: null,
    taskType: null,
    taskId: null,
    isGold: false,
    judgmentOrdinal: null,
    rejected: false,
    at,
  };
}

describe("fair pay", () => {
  it("computes the effective hourly wage with paid training in both pay and time", () => {
    // €90 of judgments over 8 h plus €12 of training over 1 h: €102 / 9 h = €11.33/h.
    const [line] = paidTimeFromEvents(
      [pay(1, "judgment", 90_00), pay(1, "training", 12_00), pay(1, "fee", 30_00)],
      new Map([[1, 9 * HOUR]]),
      period,
      "EUR",
    );
    expect(line).toEqual({ annotatorId: 1, currency: "EUR", payMinor: 102_00, activeMs: 9 * HOUR });
    expect(effectiveHourlyWage(line!)).toBeCloseTo(1133.33, 2);
    expect(effectiveHourlyWage({ payMinor: 5, activeMs: 0 })).toBeNull();
  });

  it("tops pay up to the floor for the active time, rounding the floor amount up", () => {
    const paid = [
      { annotatorId: 1, currency: "EUR", payMinor: 102_00, activeMs: 9 * HOUR }, // €11.33/h
      { annotatorId: 2, currency: "EUR", payMinor: 200_00, activeMs: 10 * HOUR }, // €20/h
      { annotatorId: 3, currency: "EUR", payMinor: 0, activeMs: 20 * 60_000 + 1 }, // just over 20 min, unpaid
    ];
    const lines = fairPayTopUps({ period, now: closed, floorPerHourMinor: 12_50, currency: "EUR", paid });
    // 9 h × €12.50 = €112.50 → €10.50 to add; 20 min + 1 ms × €12.50 = 416.67 cents → 417.
    expect(lines.map((l) => l.topUpMinor)).toEqual([10_50, 0, 417]);
    expect(lines[0]!.hourlyWageMinor).toBeCloseTo(1133.33, 2);
  });

  it("counts earlier top-ups as pay, so checking a topped-up period again asks for nothing", () => {
    const events = [pay(1, "judgment", 100_00), pay(1, "top_up", 12_50)];
    const paid = paidTimeFromEvents(events, new Map([[1, 10 * HOUR]]), period, "EUR");
    expect(fairPayTopUps({ period, now: closed, floorPerHourMinor: 11_25, currency: "EUR", paid })[0]!.topUpMinor).toBe(
      0,
    );
  });

  it("only counts pay inside the period, and lists annotators with time but no pay", () => {
    const paid = paidTimeFromEvents(
      [pay(1, "judgment", 5_00, period.end), pay(2, "judgment", 7_00, period.end - 1)],
      new Map([[1, HOUR]]),
      period,
      "EUR",
    );
    expect(paid).toEqual([
      { annotatorId: 1, currency: "EUR", payMinor: 0, activeMs: HOUR },
      { annotatorId: 2, currency: "EUR", payMinor: 7_00, activeMs: 0 },
    ]);
  });

  it("refuses a period that is not closed, and other currencies", () => {
    const paid = [{ annotatorId: 1, currency: "EUR", payMinor: 0, activeMs: HOUR }];
    expect(() =>
      fairPayTopUps({ period, now: period.end - 1, floorPerHourMinor: 1_000, currency: "EUR", paid }),
    ).toThrow(/not closed/);
    expect(() => fairPayTopUps({ period, now: closed, floorPerHourMinor: 1_000, currency: "USD", paid })).toThrow(
      /EUR, not USD/,
    );
  });
});
