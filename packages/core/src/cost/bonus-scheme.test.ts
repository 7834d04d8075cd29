import { describe, expect, it } from "vitest";
import {
  type BonusFacts,
  type BonusJudgments,
  bonusFactsOf,
  bonusFor,
  checkBonusRule,
  settleBonuses,
} from "./bonus-scheme.js";

const facts = (overrides: Partial<BonusFacts> = {}): BonusFacts => ({
  annotatorId: 1,
  acceptedLabels: 40,
  goldAnswered: 10,
  goldCorrect: 9,
  verdicts: [],
  languagePayMinor: 0,
  ...overrides,
});

describe("bonus schemes", () => {
  it("pays per accepted label at or above the accuracy bar, nothing below it", () => {
    const rule = { kind: "accuracy", amountMinor: 3, accuracyBar: 0.9 } as const;
    expect(bonusFor(rule, facts(), false)?.amountMinor).toBe(120);
    expect(bonusFor(rule, facts({ goldCorrect: 8 }), false)).toBeUndefined();
    expect(bonusFor(rule, facts({ goldAnswered: 4, goldCorrect: 4 }), false)).toBeUndefined(); // minGold 5
  });

  it("pays per completed streak of accepted judgments, a rejection restarting the count", () => {
    const rule = { kind: "streak", amountMinor: 50, streakLength: 3 } as const;
    const verdicts = [true, true, true, true, false, true, true, true, true, true, true];
    expect(bonusFor(rule, facts({ verdicts }), false)?.amountMinor).toBe(150);
  });

  it("adds the surge share of base pay only while the language's queue is behind", () => {
    const rule = { kind: "surge", language: "de", multiplierBps: 15_000 } as const;
    expect(bonusFor(rule, facts({ languagePayMinor: 1001 }), true)?.amountMinor).toBe(500);
    expect(bonusFor(rule, facts({ languagePayMinor: 1001 }), false)).toBeUndefined();
  });

  it("scales awards down pro rata to what is left of the budget", () => {
    const rule = { kind: "accuracy", amountMinor: 10, accuracyBar: 0.5 } as const;
    const awards = settleBonuses(rule, [facts(), facts({ annotatorId: 2, acceptedLabels: 20 })], {
      remainingBudgetMinor: 300,
      queueBehind: false,
    });
    expect(awards.map((a) => a.amountMinor)).toEqual([200, 100]);
    expect(awards.reduce((s, a) => s + a.amountMinor, 0)).toBeLessThanOrEqual(300);
  });

  it("names the field a rule lacks", () => {
    expect(() => checkBonusRule({ kind: "streak", amountMinor: 5 })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: "rule.streakLength" })] }),
    );
  });

  describe("facts from judgments: a hidden control counts as the pay rule prices it", () => {
    const ordinary = (verdict: string | null, count = 1): BonusJudgments => ({
      annotatorId: 1,
      verdict,
      goldCorrect: null,
      servedAs: null,
      count,
    });
    const control = (right: boolean, servedAs: BonusJudgments["servedAs"]): BonusJudgments => ({
      annotatorId: 1,
      verdict: right ? "accepted" : "rejected",
      goldCorrect: right,
      servedAs,
      count: 1,
    });
    const silent = { onboarding: true, hidden: false };
    const told = { onboarding: true, hidden: true };
    const period = (hidden: boolean) => [
      ordinary("accepted", 2),
      control(hidden, "hidden"),
      ordinary("accepted", 2),
      control(true, "onboarding"),
      control(false, "onboarding"),
      ordinary(null),
    ];

    it("without feedback on hidden controls, a hidden miss counts as a hit but in the period's accuracy", () => {
      const [hit] = bonusFactsOf(period(true), silent);
      const [miss] = bonusFactsOf(period(false), silent);
      expect({ ...miss, goldCorrect: 0 }).toEqual({ ...hit, goldCorrect: 0 });
      // Accepted: four ordinary answers, the hidden control, the right onboarding control.
      expect(miss).toMatchObject({ acceptedLabels: 6, goldAnswered: 3, goldCorrect: 1 });
      expect(hit).toMatchObject({ acceptedLabels: 6, goldAnswered: 3, goldCorrect: 2 });
      expect(miss!.verdicts).toEqual([true, true, true, true, true, true, false, false]);
      const streak = { kind: "streak", amountMinor: 10, streakLength: 5 } as const;
      expect(bonusFor(streak, miss!, false)?.amountMinor).toBe(10);
    });

    it("with feedback on hidden controls, a miss is a rejection and a gold answer, as it always was", () => {
      const [hit] = bonusFactsOf(period(true), told);
      const [miss] = bonusFactsOf(period(false), told);
      expect(hit).toMatchObject({ acceptedLabels: 6, goldAnswered: 3, goldCorrect: 2 });
      expect(miss).toMatchObject({ acceptedLabels: 5, goldAnswered: 3, goldCorrect: 1 });
      expect(miss!.verdicts).toEqual([true, true, false, true, true, true, false, false]);
    });

    it("keeps people apart and repeats a counted group in the streak", () => {
      const facts = bonusFactsOf([ordinary("accepted", 3), { ...ordinary("rejected"), annotatorId: 2 }], silent);
      expect(facts.map((f) => [f.annotatorId, f.acceptedLabels, f.verdicts.length])).toEqual([
        [1, 3, 3],
        [2, 0, 1],
      ]);
    });
  });
});
