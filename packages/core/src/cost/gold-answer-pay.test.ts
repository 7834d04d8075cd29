import { describe, expect, it } from "vitest";
import { goldAnswerPricedAsRejected } from "./gold-answer-pay.js";
import { priceJudgment } from "./price-work.js";
import { rateCard } from "./rate-card.js";

const byDefault = { onboarding: true, hidden: false };
const toldEverything = { onboarding: true, hidden: true };

describe("how a gold answer is priced", () => {
  it("prices a miss as rejected work only where the annotator is told about it", () => {
    const miss = (servedAs: "onboarding" | "training" | "hidden" | null) => ({ goldCorrect: false, servedAs });
    expect(goldAnswerPricedAsRejected(miss("onboarding"), byDefault)).toBe(true);
    expect(goldAnswerPricedAsRejected(miss("training"), byDefault)).toBe(true);
    expect(goldAnswerPricedAsRejected(miss("hidden"), byDefault)).toBe(false);
    expect(goldAnswerPricedAsRejected(miss(null), byDefault)).toBe(false);
    expect(goldAnswerPricedAsRejected(miss("hidden"), toldEverything)).toBe(true);
    expect(goldAnswerPricedAsRejected(miss(null), toldEverything)).toBe(true);
    expect(goldAnswerPricedAsRejected(miss("onboarding"), { onboarding: false, hidden: false })).toBe(false);
  });

  it("never prices a right answer, or an ungraded one, as rejected work", () => {
    for (const servedAs of ["onboarding", "training", "hidden", null] as const) {
      expect(goldAnswerPricedAsRejected({ goldCorrect: true, servedAs }, toldEverything)).toBe(false);
      expect(goldAnswerPricedAsRejected({ goldCorrect: null, servedAs }, toldEverything)).toBe(false);
    }
  });

  it("pays a hidden control's miss what an ordinary judgment is paid, by a card that does not pay rejected work", () => {
    const card = rateCard({ id: 1, currency: "USD", effectiveFrom: 0, payPerJudgmentMinor: 100, payRejected: false });
    const ordinary = priceJudgment(card, { activeMs: 3000, rejected: false });
    const rejected = goldAnswerPricedAsRejected({ goldCorrect: false, servedAs: "hidden" }, byDefault);
    expect(priceJudgment(card, { activeMs: 3000, rejected })).toEqual(ordinary);
    const told = goldAnswerPricedAsRejected({ goldCorrect: false, servedAs: "hidden" }, toldEverything);
    expect(priceJudgment(card, { activeMs: 3000, rejected: told }).total).toBe(0);
  });
});
