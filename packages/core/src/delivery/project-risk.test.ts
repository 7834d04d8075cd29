import { describe, expect, it } from "vitest";
import { dayWriter } from "../time/reader-dates.js";
import { projectRisk } from "./project-risk.js";
import { riskSeverity } from "./straight-line-risk.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 2, 9);

describe("projectRisk", () => {
  it("writes its days for the reader: the same risk reads Dec 7 in English, 7. Dez. in German, Dec 8 in Tokyo", () => {
    const now = Date.UTC(2026, 11, 2, 20, 30);
    // A deadline late on the 7th in UTC: already the 8th in Tokyo. 100 a day for 1,000 judgments: 10 days.
    const input = { backlog: 1000, dailyThroughput: [100, 100, 100], deadline: now + 5 * DAY, now };
    const action = (timeZone: string, locale: string) =>
      projectRisk({ ...input, writeDay: dayWriter({ timeZone, locale }, now) }).action;
    expect(action("UTC", "en")).toContain("To finish by Dec 7 with 85% confidence");
    expect(action("UTC", "en")).toContain("move the deadline to Dec 12.");
    expect(action("UTC", "de")).toContain("To finish by 7. Dez. with 85% confidence");
    // A German day ends the sentence with its own full stop.
    expect(action("UTC", "de")).toMatch(/move the deadline to 12\. Dez\.$/);
    expect(action("UTC", "en")).toMatch(/move the deadline to Dec 12\.$/);
    expect(action("Asia/Tokyo", "en")).toContain("To finish by Dec 8 with 85% confidence");
    expect(action("Asia/Tokyo", "en")).toContain("move the deadline to Dec 13.");
    expect(action("America/Los_Angeles", "en")).toContain("To finish by Dec 7 with 85% confidence");
    expect(action("Asia/Tokyo", "ja")).toContain("To finish by 12月8日 with 85% confidence");
    // The structured fields stay instants, whoever reads them.
    expect(
      projectRisk({ ...input, writeDay: dayWriter({ timeZone: "Asia/Tokyo", locale: "ja" }, now) }).finish.p85,
    ).toBe(now + 10 * DAY);
  });

  it("writes the days of a late project's sentence for the reader too", () => {
    const now = Date.UTC(2026, 11, 7, 22);
    const risk = projectRisk({
      backlog: 300,
      dailyThroughput: [100, 100, 100],
      deadline: now - 2 * 3_600_000,
      now,
      writeDay: dayWriter({ timeZone: "Asia/Tokyo", locale: "de" }, now),
    });
    expect(risk.level).toBe("late");
    expect(risk.action).toContain("The deadline (8. Dez.) has passed");
    expect(risk.action).toContain("agree a new date, 11. Dez. or later");
  });

  it("is done with nothing left and has no level without a deadline, but still dates the finish", () => {
    expect(projectRisk({ backlog: 0, dailyThroughput: [5], deadline: NOW + DAY, now: NOW }).level).toBe("done");
    const risk = projectRisk({ backlog: 10, dailyThroughput: [0, 10], deadline: null, now: NOW });
    expect(risk.level).toBe("no_deadline");
    expect(risk.deadlineAtRisk).toBe(false);
    // P(done within d) = 1 − 2^-d: p50 1 day, p85 3 days.
    expect(risk.finish.p50).toBe(NOW + DAY);
    expect(risk.finish.p85).toBe(NOW + 3 * DAY);
    expect(risk.probabilityOnTime).toBeNull();
  });

  it("is on track when the 85th percentile is in time, and tight when only the 95th is late", () => {
    const onTrack = projectRisk({ backlog: 10, dailyThroughput: [0, 10], deadline: NOW + 6 * DAY, now: NOW });
    expect(onTrack.level).toBe("on_track");
    expect(onTrack.probabilityOnTime).toBeCloseTo(1 - 1 / 64, 4);
    // p85 = 3 ≤ 4 days < p95 = 5
    const tight = projectRisk({ backlog: 10, dailyThroughput: [0, 10], deadline: NOW + 4 * DAY, now: NOW });
    expect(tight.level).toBe("tight");
    expect(tight.deadlineAtRisk).toBe(false);
    expect(tight.driver).toBeNull();
  });

  it("flags a pace short of what the deadline needs and sizes the remedy", () => {
    // 100 a day for 1,000 judgments: 10 days; the deadline is in 5, which needs 200 a day.
    const risk = projectRisk({
      backlog: 1000,
      dailyThroughput: [100, 100, 100, 100, 100, 100],
      deadline: NOW + 5 * DAY,
      now: NOW,
      activeAnnotators: 4,
    });
    expect(risk.level).toBe("at_risk");
    expect(riskSeverity(risk.level)).toBe(2);
    expect(risk.deadlineAtRisk).toBe(true);
    expect(risk.eta.days.p85).toBe(10);
    expect(risk.probabilityOnTime).toBe(0);
    expect(risk.driver).toBe("throughput_short");
    expect(risk.requiredPerDay).toBe(200);
    // Twice the pace (to within the search's 1%) brings the 85th percentile to 5 days.
    expect(risk.throughputFactorNeeded).toBeGreaterThanOrEqual(1.99);
    expect(risk.throughputFactorNeeded).toBeLessThanOrEqual(2.02);
    expect(risk.action).toMatch(/needs 200 judgments a day; the last 6 days averaged 100/);
    expect(risk.action).toMatch(
      /raise daily throughput by 10[0-2]% \(about 4 more annotators at the current 25 judgments per annotator-day\)/,
    );
    expect(risk.action).toContain("move the deadline to Nov 12.");
  });

  it("names a falling pace as the driver", () => {
    const risk = projectRisk({
      backlog: 1000,
      dailyThroughput: [200, 200, 200, 200, 50, 50],
      deadline: NOW + 6 * DAY,
      now: NOW,
    });
    expect(risk.deadlineAtRisk).toBe(true);
    expect(risk.driver).toBe("throughput_falling");
    expect(risk.action).toMatch(/fell to 50 judgments a day over the last 2 days, from 200 before/);
  });

  it("names uneven days when the average would do but the 85th percentile does not", () => {
    // Days of 0 or 400 (mean 200); 1,000 judgments in 5.5 days needs 182 a day, yet P(≥ 3 good days of 5) = 1/2.
    const risk = projectRisk({ backlog: 1000, dailyThroughput: [0, 400], deadline: NOW + 5.5 * DAY, now: NOW });
    expect(risk.level).toBe("at_risk");
    expect(risk.driver).toBe("throughput_uneven");
    expect(risk.probabilityOnTime).toBeCloseTo(0.5, 4);
    expect(risk.action).toMatch(/50% chance of missing the deadline/);
  });

  it("says clearly when nothing gets done, when the deadline has passed, and when no increase helps", () => {
    const stalled = projectRisk({ backlog: 50, dailyThroughput: [0, 0, 0], deadline: NOW + 3 * DAY, now: NOW });
    expect(stalled).toMatchObject({ level: "stalled", deadlineAtRisk: true, driver: "no_throughput" });
    expect(stalled.eta.days.p85).toBeNull();
    expect(stalled.action).toMatch(/No judgments were completed in the last 3 days/);
    // Nothing judged yet: not started until the deadline passes, then late.
    const fresh = { backlog: 50, dailyThroughput: [0, 0, 0], started: false, now: NOW };
    expect(projectRisk({ ...fresh, deadline: NOW + 3 * DAY })).toMatchObject({ level: "not_started", driver: null });
    expect(projectRisk({ ...fresh, deadline: null }).level).toBe("not_started");
    expect(projectRisk({ ...fresh, deadline: NOW - DAY }).level).toBe("late");

    const late = projectRisk({ backlog: 50, dailyThroughput: [10, 20], deadline: NOW - DAY, now: NOW });
    expect(late).toMatchObject({ level: "late", deadlineAtRisk: true, driver: "past_deadline", probabilityOnTime: 0 });
    expect(late.action).toMatch(/has passed with 50 judgments left/);

    // Half a day left: no whole day to work in, so no throughput increase brings it in.
    const hopeless = projectRisk({ backlog: 50, dailyThroughput: [10, 20], deadline: NOW + DAY / 2, now: NOW });
    expect(hopeless.throughputFactorNeeded).toBeNull();
    expect(hopeless.action).toMatch(/no plausible increase in throughput meets it/);
  });
});
