import { describe, expect, it } from "vitest";
import { straightLineRisk as projectRisk, riskSeverity } from "./straight-line-risk.js";

const NOW = Date.UTC(2026, 2, 1, 12);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const base = {
  workTasks: 100,
  judgmentsLeft: 300,
  judgmentsTotal: 60,
  judgmentsLastDay: 0,
  createdAt: NOW - 5 * DAY,
  deadline: null,
  now: NOW,
};

describe("projectRisk", () => {
  it("is done when no judgment is left", () => {
    expect(projectRisk({ ...base, judgmentsLeft: 0 }).level).toBe("done");
  });

  it("has no level without a deadline but still projects a finish", () => {
    const risk = projectRisk({ ...base, judgmentsLastDay: 240 });
    expect(risk.level).toBe("no_deadline");
    expect(risk.ratePerHour).toBe(10);
    expect(risk.projectedFinish).toBe(NOW + 30 * HOUR);
  });

  it("is on track when the pace finishes well before the deadline", () => {
    const risk = projectRisk({ ...base, judgmentsLastDay: 240, deadline: NOW + 60 * HOUR });
    expect(risk.level).toBe("on_track");
    expect(risk.requiredPerHour).toBe(5);
  });

  it("is tight within the last tenth of the time left", () => {
    expect(projectRisk({ ...base, judgmentsLastDay: 240, deadline: NOW + 32 * HOUR }).level).toBe("tight");
  });

  it("is at risk when the pace finishes after the deadline", () => {
    const risk = projectRisk({ ...base, judgmentsLastDay: 240, deadline: NOW + 20 * HOUR });
    expect(risk.level).toBe("at_risk");
    expect(risk.requiredPerHour).toBe(15);
    expect(riskSeverity(risk.level)).toBe(2);
  });

  it("is stalled when work had started but nothing came in a day, and late past the deadline", () => {
    expect(projectRisk({ ...base, deadline: NOW + 20 * HOUR }).level).toBe("stalled");
    const late = projectRisk({ ...base, judgmentsLastDay: 240, deadline: NOW - HOUR });
    expect(late.level).toBe("late");
    expect(late.requiredPerHour).toBeNull();
  });

  it("says a project without tasks has none, whatever its deadline", () => {
    const risk = projectRisk({ ...base, workTasks: 0, judgmentsLeft: 0, judgmentsTotal: 0, deadline: NOW + 2 * DAY });
    expect(risk.level).toBe("no_tasks");
    expect(riskSeverity(risk.level)).toBe(0);
  });

  it("says a project just imported has not started, not that it stalled", () => {
    const fresh = { ...base, judgmentsTotal: 0, createdAt: NOW - 30_000, deadline: NOW + 2 * DAY };
    const risk = projectRisk(fresh);
    expect(risk.level).toBe("not_started");
    expect(riskSeverity(risk.level)).toBe(0);
  });

  it("measures a young project's pace over its life, not over a whole day", () => {
    // 60 judgments in the 3 hours since it was created is 20 an hour, not 2.5.
    const risk = projectRisk({ ...base, judgmentsLastDay: 60, createdAt: NOW - 3 * HOUR, deadline: NOW + 20 * HOUR });
    expect(risk.ratePerHour).toBe(20);
    expect(risk.level).toBe("on_track");
  });
});
