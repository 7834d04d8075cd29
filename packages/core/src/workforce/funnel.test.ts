import { describe, expect, it } from "vitest";
import { passesScreen } from "./campaign.js";
import {
  type Applicant,
  costPerQualified,
  funnelFigures,
  median,
  RETENTION_WINDOW_MS,
  retentionStages,
} from "./funnel.js";
import { poolGap } from "./pool-gap.js";

const DAY = 86_400_000;
const applicant = (stages: Applicant["stages"], languages = ["de"]): Applicant => ({
  userId: 0,
  campaignId: 1,
  channel: "job_board",
  languages,
  stages,
});

describe("funnelFigures", () => {
  it("counts each stage, converts against applied and the stage before, and takes the median time to qualify", () => {
    const figures = funnelFigures([
      applicant({ applied: 0, screened: 1, trained: 2, qualified: 3 * DAY, active: 4 * DAY }),
      applicant({ applied: 0, screened: 1, qualified: 1 * DAY }),
      applicant({ applied: 0, screened: 1 }),
      applicant({ applied: 0 }),
    ]);
    expect(figures.stages.map((s) => [s.stage, s.count, s.ofApplied, s.ofPrevious])).toEqual([
      ["applied", 4, 1, null],
      ["screened", 3, 0.75, 0.75],
      ["trained", 1, 0.25, 1 / 3],
      ["qualified", 2, 0.5, 2],
      ["active", 1, 0.25, 0.5],
      ["retained", 0, 0, 0],
      ["churned", 0, 0, 0],
    ]);
    expect(figures.medianTimeToQualifyMs).toBe(2 * DAY);
    expect(funnelFigures([]).stages[1]).toEqual({ stage: "screened", count: 0, ofApplied: null, ofPrevious: null });
  });

  it("has a median of the middle value, or the mean of the middle two", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it("spreads spend over the qualified, and over nobody when none qualified", () => {
    expect(costPerQualified(100_000, 3)).toBe(33_333);
    expect(costPerQualified(100_000, 0)).toBeNull();
  });
});

describe("retentionStages", () => {
  const base = { firstActiveAt: 0, deactivated: false, reached: new Set<never>() };
  it("retains someone still judging 28 days after starting; churns someone silent for 28 days", () => {
    expect(retentionStages({ ...base, lastActiveAt: 30 * DAY, now: 31 * DAY })).toEqual([
      { stage: "retained", at: RETENTION_WINDOW_MS },
    ]);
    expect(retentionStages({ ...base, lastActiveAt: 2 * DAY, now: 40 * DAY })).toEqual([
      { stage: "churned", at: 2 * DAY + RETENTION_WINDOW_MS },
    ]);
    expect(retentionStages({ ...base, lastActiveAt: 2 * DAY, now: 3 * DAY, deactivated: true })).toEqual([
      { stage: "churned", at: 3 * DAY },
    ]);
    expect(retentionStages({ ...base, lastActiveAt: 2 * DAY, now: 3 * DAY })).toEqual([]);
  });
});

describe("passesScreen", () => {
  it("matches languages by primary subtag and regions when named", () => {
    const campaign = { targetLanguages: ["de"], targetRegions: ["EU"] };
    expect(passesScreen(campaign, { languages: ["de-AT"], region: "eu" })).toBe(true);
    expect(passesScreen(campaign, { languages: ["fr"], region: "EU" })).toBe(false);
    expect(passesScreen(campaign, { languages: ["de"], region: null })).toBe(false);
    expect(passesScreen({ targetLanguages: [], targetRegions: [] }, { languages: [], region: null })).toBe(true);
  });
});

describe("poolGap", () => {
  it("lets the tightest deadline decide how many people a language needs", () => {
    // 5.44 productive hours a day at 36 s a judgment: 544 judgments per person-day.
    const rows = poolGap({
      work: [
        { language: "de", deadline: 1 * DAY, judgments: 1088 }, // 2 people for one day
        { language: "de", deadline: 10 * DAY, judgments: 1088 }, // 2176 over 10 days: 1 person
      ],
      activeByLanguage: new Map([["de", 1]]),
      secondsPerJudgment: 36,
      now: 0,
    });
    expect(rows).toEqual([{ language: "de", judgmentsLeft: 2176, needed: 2, active: 1, gap: 1 }]);
  });
});
