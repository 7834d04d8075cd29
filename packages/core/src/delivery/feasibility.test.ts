import { describe, expect, it } from "vitest";
import { assessFeasibility, majorityAccuracy } from "./feasibility.js";
import type { PoolMember } from "./pool-simulation.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 5);

function person(id: number, languages: string[], days: number[], msEach = 30_000): PoolMember {
  return {
    id,
    languages,
    dailyJudgments: days,
    dailyActiveMs: days.map((d) => d * msEach),
    goldAnswered: 100,
    goldCorrect: 90,
    timeZone: "Europe/Berlin",
    prices: Object.fromEntries(languages.map((l) => [l, { perJudgmentMinor: 5, perActiveHourMinor: 0, feeBps: 2000 }])),
  };
}

const request = {
  volume: 100,
  languages: ["de"],
  overlap: 3,
  qualityTarget: 0.9,
  deadline: NOW + 10 * DAY,
  budgetMinor: 10_000,
  currency: "EUR",
  secondsPerJudgment: null,
};

describe("majorityAccuracy", () => {
  it("matches the binomial sums worked by hand", () => {
    expect(majorityAccuracy(0.9, 1)).toBeCloseTo(0.9, 12);
    // 3 judgments: p³ + 3p²(1−p) = 0.729 + 0.243.
    expect(majorityAccuracy(0.9, 3)).toBeCloseTo(0.972, 12);
    // 2 judgments: p² + half of the 2p(1−p) ties.
    expect(majorityAccuracy(0.8, 2)).toBeCloseTo(0.64 + 0.16, 12);
  });
});

describe("assessFeasibility", () => {
  it("replays people's days: every day alike gives one finish day and one cost", () => {
    const pool = [person(1, ["de"], [50, 50, 50]), person(2, ["de"], [50, 50, 50])];
    const report = assessFeasibility(request, pool, { now: NOW, runs: 50 });
    // 300 judgments at 100 a day; 5 cents each plus 20% fees.
    expect(report.finishDays).toEqual({ p50: 3, p70: 3, p85: 3, p95: 3 });
    expect(report.cost).toEqual({ p50: 1800, p70: 1800, p85: 1800, p95: 1800 });
    expect(report.flags).toEqual([]);
  });

  it("draws days off as often as they happened, so the finish spreads", () => {
    const pool = [person(1, ["de"], [100, 0])];
    const report = assessFeasibility({ ...request, volume: 100 }, pool, { now: NOW, runs: 2000 });
    // Needs three working days; each day works with probability ½: P(done by day d) = P(Bin(d, ½) ≥ 3).
    expect(report.finishDays.p50).toBe(6);
    expect(report.finishDays.p95).toBeGreaterThanOrEqual(9);
  });

  it("scales people's days to the request's seconds per judgment by their own pace", () => {
    const pool = [person(1, ["de"], [100], 30_000), person(2, ["de"], [100], 60_000)];
    // The pool's pace is 45 s; at 90 s for this type, person 1 takes 60 s and person 2 120 s: 50 + 25 a day.
    const report = assessFeasibility({ ...request, volume: 50, secondsPerJudgment: 90 }, pool, { now: NOW, runs: 10 });
    expect(report.finishDays.p50).toBe(2);
  });

  it("leaves cost unknown when a person's language has no price", () => {
    const pool = [{ ...person(1, ["de"], [100]), prices: {} }];
    expect(assessFeasibility(request, pool, { now: NOW, runs: 5 }).cost).toBeNull();
  });

  it("names the field of a bad request", () => {
    expect(() => assessFeasibility({ ...request, volume: 0 }, [], { now: NOW })).toThrow("volume");
    expect(() => assessFeasibility({ ...request, qualityTarget: 1 }, [], { now: NOW })).toThrow("qualityTarget");
  });
});
