import { describe, expect, it } from "vitest";
import { planCapacity } from "./capacity-plan.js";

const DAY = 86_400_000;
// 40 paid hours a week × (1 − 0.25) × 0.8 = 24 productive hours a week.
const policy = { paidHoursPerWeek: 40, shrinkage: 0.25, utilisation: 0.8, defaultHorizonDays: 28 };

describe("planCapacity", () => {
  const plan = planCapacity(
    [
      // 10,080 × 30 s = 84 h due in 7 days: 84 / 24 = 3.5 FTE.
      { projectId: 1, language: "de", judgmentsLeft: 10_080, deadline: 7 * DAY, secondsPerJudgment: 30 },
      // 2,880 × 60 s = 48 h with no deadline: over 28 days, 96 productive hours: 0.5 FTE.
      { projectId: 2, language: "de", judgmentsLeft: 2_880, deadline: null, secondsPerJudgment: 60 },
      // 48 h in 7 days, but only half a person's 24 hours may go to this content: 48 / 12 = 4 FTE.
      {
        projectId: 3,
        language: "ja",
        judgmentsLeft: 2_880,
        deadline: 7 * DAY,
        secondsPerJudgment: 60,
        exposureCapFactor: 0.5,
      },
      // 1,440 × 10 s = 4 h, deadline passed: planned over one day, 40/7 × 0.6 = 3.43 h: 1.17 FTE.
      { projectId: 4, language: "es", judgmentsLeft: 1_440, deadline: -DAY, secondsPerJudgment: 10 },
    ],
    new Map([
      ["de", 3],
      ["ja", 5],
    ]),
    policy,
    0,
  );

  it("gives each project its workload over its own time to deadline", () => {
    const [p1, p2, p3, p4] = plan.projects;
    expect(p1).toMatchObject({ workloadHours: 84, days: 7, hoursPerPerson: 24, fte: 3.5, people: 4, overdue: false });
    expect(p2).toMatchObject({ workloadHours: 48, days: 28, hoursPerPerson: 96, fte: 0.5, people: 1 });
    expect(p3).toMatchObject({ hoursPerPerson: 12, exposureCapped: true, fte: 4, people: 4 });
    expect(p4?.overdue).toBe(true);
    expect(p4?.fte).toBeCloseTo(4 / ((40 / 7) * 0.6), 9);
    expect(p4?.people).toBe(2);
  });

  it("sums FTE per language, rounds up once and compares with the pool", () => {
    const byLanguage = Object.fromEntries(plan.languages.map((l) => [l.language, l]));
    expect(byLanguage.de).toMatchObject({ workloadHours: 132, fte: 4, people: 4, pool: 3, shortfall: 1 });
    expect(byLanguage.ja).toMatchObject({ fte: 4, people: 4, pool: 5, shortfall: 0 });
    expect(byLanguage.es).toMatchObject({ people: 2, pool: 0, shortfall: 2 });
    // Shortest-staffed first.
    expect(plan.languages.map((l) => l.language)).toEqual(["es", "de", "ja"]);
  });

  it("names the field of a bad input", () => {
    expect(() => planCapacity([], new Map(), { ...policy, paidHoursPerWeek: 0 }, 0)).toThrow(/paidHoursPerWeek/);
    expect(() =>
      planCapacity(
        [
          {
            projectId: 1,
            language: "de",
            judgmentsLeft: 1,
            deadline: null,
            secondsPerJudgment: 1,
            exposureCapFactor: 2,
          },
        ],
        new Map(),
        policy,
        0,
      ),
    ).toThrow(/exposureCapFactor/);
  });
});
