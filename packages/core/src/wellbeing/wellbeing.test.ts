import { describe, expect, it } from "vitest";
import { DEFAULT_WELLBEING_POLICY, decideExposure, type WellbeingPolicy } from "./exposure-budget.js";
import { mediaFiltersFor, projectHarmFrom, taskHarm } from "./harm.js";
import { harmfulHoursPerDay } from "./harmful-hours.js";
import { localDay, weekStart } from "./local-day.js";
import { aggregateCheckins, parseWho5, who5Score } from "./who5.js";
import { advanceSession, continuousMinutes, NO_SESSION } from "./work-session.js";

const policy: WellbeingPolicy = {
  ...DEFAULT_WELLBEING_POLICY,
  defaultBudget: { itemsPerDay: 10, minutesPerDay: 30, itemsPerWeek: 40, minutesPerWeek: null },
};

describe("localDay", () => {
  it("counts the day where the person is", () => {
    const at = Date.UTC(2026, 11, 2, 23, 30); // 23:30 UTC on 2 Dec
    expect(localDay(at, "UTC")).toBe(Math.floor(at / 86_400_000));
    expect(localDay(at, "Asia/Kolkata")).toBe(localDay(at, "UTC") + 1); // 05:00 on 3 Dec
    expect(localDay(at, "America/Los_Angeles")).toBe(localDay(at, "UTC")); // 15:30 on 2 Dec
    expect(localDay(at, null)).toBe(localDay(at, "UTC"));
    expect(localDay(at, "Not/AZone")).toBe(localDay(at, "UTC"));
  });

  it("starts weeks on Monday", () => {
    const wednesday = localDay(Date.UTC(2026, 11, 2, 12), "UTC");
    expect(new Date(weekStart(wednesday) * 86_400_000).getUTCDay()).toBe(1);
    expect(weekStart(wednesday)).toBe(wednesday - 2);
  });
});

describe("decideExposure", () => {
  const today = 20_000;
  const base = { policy, overrides: {}, held: {}, today, breakUntil: null, now: 0 };

  it("closes a category once judged plus held items reach the daily limit", () => {
    const usage = [{ category: "violence" as const, day: today, items: 8, activeMs: 60_000 }];
    expect(decideExposure({ ...base, usage }).exhausted).toEqual([]);
    const decision = decideExposure({ ...base, usage, held: { violence: 2 } });
    expect(decision.exhausted).toEqual(["violence"]);
    expect(decision.categories.find((c) => c.category === "violence")?.itemsLeft).toBe(0);
  });

  it("counts minutes and the week, and yesterday not today", () => {
    const minutes = [{ category: "hate" as const, day: today, items: 1, activeMs: 30 * 60_000 }];
    expect(decideExposure({ ...base, usage: minutes }).exhausted).toEqual(["hate"]);
    const yesterday = [{ category: "hate" as const, day: today - 1, items: 10, activeMs: 0 }];
    const monday = weekStart(today);
    const decision = decideExposure({ ...base, usage: yesterday });
    expect(decision.exhausted).toEqual([]); // yesterday counts for the week only
    const week = [0, 1, 2, 3].map((d) => ({ category: "hate" as const, day: monday + d, items: 10, activeMs: 0 }));
    expect(decideExposure({ ...base, today: monday + 4, usage: week }).exhausted).toEqual(["hate"]);
  });

  it("takes a person's overrides field by field", () => {
    const usage = [{ category: "sexual" as const, day: today, items: 10, activeMs: 0 }];
    const overrides = { sexual: { itemsPerDay: 20 } };
    expect(decideExposure({ ...base, usage, overrides }).exhausted).toEqual([]);
  });

  it("closes every category during a break", () => {
    const decision = decideExposure({ ...base, usage: [], breakUntil: 100, now: 50 });
    expect(decision.exhausted).toHaveLength(5);
    expect(decision.breakUntil).toBe(100);
    expect(decideExposure({ ...base, usage: [], breakUntil: 100, now: 100 }).exhausted).toEqual([]);
  });
});

describe("advanceSession", () => {
  const session = { reminderMinutes: 50, capMinutes: 60, breakMinutes: 10 };
  const minute = 60_000;

  it("sends the person on a break once continuous work reaches the cap", () => {
    let state = advanceSession(NO_SESSION, { now: minute, activeMs: minute }, session);
    expect(state.startedAt).toBe(0);
    for (let m = 2; m < 60; m++) state = advanceSession(state, { now: m * minute, activeMs: minute }, session);
    expect(continuousMinutes(state, 59 * minute, session)).toBe(59);
    state = advanceSession(state, { now: 60 * minute, activeMs: minute }, session);
    expect(state.breakUntil).toBe(70 * minute);
  });

  it("a rest as long as a break starts a new session", () => {
    const state = advanceSession(NO_SESSION, { now: 50 * minute, activeMs: 0 }, session);
    const later = advanceSession({ ...state, startedAt: 0 }, { now: 61 * minute, activeMs: minute }, session);
    expect(later.startedAt).toBe(60 * minute);
  });
});

describe("WHO-5", () => {
  it("scores 0 to 100 and names a bad answer", () => {
    expect(who5Score(parseWho5([5, 5, 5, 5, 5]))).toBe(100);
    expect(who5Score(parseWho5([3, 2, 4, 1, 0]))).toBe(40);
    expect(() => parseWho5([1, 2, 3, 4, 6])).toThrow(/answers\[4\]/);
    expect(() => parseWho5([1, 2])).toThrow(/5 numbers/);
  });

  it("shows groups of at least 5 people only, each person's latest score once", () => {
    const rows = [1, 2, 3, 4, 5].map((userId) => ({ userId, group: "Acme", score: userId * 20 }));
    rows.push({ userId: 9, group: "Solo", score: 12 }, { userId: 10, group: "Solo", score: 88 });
    const groups = aggregateCheckins(rows);
    expect(groups).toEqual([
      { group: "Acme", people: 5, suppressed: false, checkins: 5, meanScore: 60, lowShare: 0.4 },
      { group: "Solo", suppressed: true },
    ]);
  });
});

describe("harm", () => {
  it("maps the sensitive flag to `other` with filters on", () => {
    expect(projectHarmFrom({ sensitive: true })).toEqual({
      category: "other",
      media: { blur: true, greyscale: true, mute: true },
    });
    expect(projectHarmFrom({ sensitive: false }).category).toBeNull();
    expect(projectHarmFrom({ sensitive: true, category: "hate", media: { mute: false } }).media.mute).toBe(false);
  });

  it("a task's mark overrides the project's category; none is benign", () => {
    expect(taskHarm("violence", undefined)).toBe("violence");
    expect(taskHarm("violence", "none")).toBeNull();
    expect(taskHarm(null, "hate")).toBe("hate");
    expect(() => taskHarm(null, "gore")).toThrow(/harm must be one of/);
  });

  it("a person's own choice replaces the project's default", () => {
    const project = { blur: true, greyscale: true, mute: true };
    expect(mediaFiltersFor(true, project, { blur: false })).toEqual({ blur: false, greyscale: true, mute: true });
    expect(mediaFiltersFor(false, project, {}).blur).toBe(false);
  });
});

describe("harmfulHoursPerDay", () => {
  it("is the least of the paid day and the budget's limits", () => {
    const budget = { itemsPerDay: 120, minutesPerDay: 240, itemsPerWeek: null, minutesPerWeek: 600 };
    // 120 items × 60 s = 2 h; 240 min = 4 h; 600 min a week / 5 = 2 h; paid day 8 h.
    expect(harmfulHoursPerDay(budget, { averageHandlingSeconds: 60, paidHoursPerDay: 8 })).toBe(2);
    const open = { itemsPerDay: null, minutesPerDay: null, itemsPerWeek: null, minutesPerWeek: null };
    expect(harmfulHoursPerDay(open, { averageHandlingSeconds: 60, paidHoursPerDay: 7.5 })).toBe(7.5);
  });
});
