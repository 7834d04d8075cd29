import { describe, expect, it } from "vitest";
import { remainingJudgments, riskSeverity, straightLineRisk } from "./straight-line-risk.js";

const NOW = Date.UTC(2026, 2, 1, 12);
const HOUR = 3_600_000;
const base = {
  totalTasks: 100,
  doneTasks: 0,
  overlap: 3,
  judgmentsTotal: 0,
  judgmentsLastDay: 0,
  deadline: null,
  now: NOW,
};

describe("remainingJudgments", () => {
  it("is overlap times tasks less what was given, never negative", () => {
    expect(remainingJudgments({ totalTasks: 100, doneTasks: 10, overlap: 3, judgmentsTotal: 120 })).toBe(180);
    expect(remainingJudgments({ totalTasks: 10, doneTasks: 9, overlap: 3, judgmentsTotal: 40 })).toBe(0);
    expect(remainingJudgments({ totalTasks: 10, doneTasks: 10, overlap: 3, judgmentsTotal: 25 })).toBe(0);
  });
});

describe("straightLineRisk", () => {
  it("is done when nothing is left", () => {
    expect(straightLineRisk({ ...base, doneTasks: 100, judgmentsTotal: 300 }).level).toBe("done");
  });

  it("has no level without a deadline but still projects a finish", () => {
    const risk = straightLineRisk({ ...base, judgmentsLastDay: 240 });
    expect(risk.level).toBe("no_deadline");
    expect(risk.ratePerHour).toBe(10);
    expect(risk.projectedFinish).toBe(NOW + 30 * HOUR);
  });

  it("is on track when the pace finishes well before the deadline", () => {
    const risk = straightLineRisk({ ...base, judgmentsLastDay: 240, deadline: NOW + 60 * HOUR });
    expect(risk.level).toBe("on_track");
    expect(risk.requiredPerHour).toBe(5);
  });

  it("is tight within the last tenth of the time left", () => {
    expect(straightLineRisk({ ...base, judgmentsLastDay: 240, deadline: NOW + 32 * HOUR }).level).toBe("tight");
  });

  it("is at risk when the pace finishes after the deadline", () => {
    const risk = straightLineRisk({ ...base, judgmentsLastDay: 240, deadline: NOW + 20 * HOUR });
    expect(risk.level).toBe("at_risk");
    expect(risk.requiredPerHour).toBe(15);
    expect(riskSeverity(risk.level)).toBe(2);
  });

  it("is stalled with no recent work and late past the deadline", () => {
    expect(straightLineRisk({ ...base, deadline: NOW + 20 * HOUR }).level).toBe("stalled");
    const late = straightLineRisk({ ...base, judgmentsLastDay: 240, deadline: NOW - HOUR });
    expect(late.level).toBe("late");
    expect(late.requiredPerHour).toBeNull();
  });

  it("never projects an empty project", () => {
    expect(straightLineRisk({ ...base, totalTasks: 0, deadline: NOW + HOUR }).level).toBe("no_deadline");
  });
});
