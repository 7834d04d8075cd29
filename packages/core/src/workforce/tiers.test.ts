import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../quality/wilson-interval.js";
import { checkTierRules, DEFAULT_TIER_RULES, evaluateTier } from "./tiers.js";

// Wilson 95% bounds worked by hand (z = 1.959964): centre (p + z²/2n) / (1 + z²/n) ± half-width.
const HAND = [
  { correct: 28, answered: 30, lower: 0.7868, upper: 0.9815 },
  { correct: 27, answered: 30, lower: 0.7438, upper: 0.9654 },
  { correct: 20, answered: 30, lower: 0.4878, upper: 0.8077 },
  { correct: 16, answered: 30, lower: 0.3614, upper: 0.6977 },
  { correct: 17, answered: 30, lower: 0.392, upper: 0.7262 },
  { correct: 96, answered: 100, lower: 0.9016, upper: 0.9843 },
  { correct: 45, answered: 50, lower: 0.7864, upper: 0.9565 },
];

describe("tier rules on Wilson bounds", () => {
  it("uses the hand-computed bounds", () => {
    for (const c of HAND) {
      const interval = wilsonInterval(c.correct, c.answered, 0.95);
      expect(interval.lower).toBeCloseTo(c.lower, 4);
      expect(interval.upper).toBeCloseTo(c.upper, 4);
    }
  });

  it("promotes a trainee once the lower bound clears 75% with 30 gold answers, not before", () => {
    expect(evaluateTier("trainee", { answered: 30, correct: 28 })).toMatchObject({ from: "trainee", to: "standard" });
    // 27/30 is 90% but its lower bound (74.4%) is short of the bar.
    expect(evaluateTier("trainee", { answered: 30, correct: 27 })).toBeUndefined();
    // 29 flawless answers are not yet enough answers.
    expect(evaluateTier("trainee", { answered: 29, correct: 29 })).toBeUndefined();
  });

  it("moves one tier at a time: a flawless trainee becomes standard, a standard at 96/100 expert", () => {
    expect(evaluateTier("trainee", { answered: 100, correct: 100 })?.to).toBe("standard");
    const decision = evaluateTier("standard", { answered: 100, correct: 96 });
    expect(decision?.to).toBe("expert");
    expect(decision?.reason).toContain("90.2%");
    // 45/50 (90%) has a lower bound of 78.6%: not an expert yet, still standard.
    expect(evaluateTier("standard", { answered: 50, correct: 45 })).toBeUndefined();
  });

  it("demotes only when the upper bound falls below the tier's bar", () => {
    // Expert: upper bound 80.8% < 85%.
    expect(evaluateTier("expert", { answered: 30, correct: 20 })).toMatchObject({ from: "expert", to: "standard" });
    // Expert at 45/50: upper 95.7%, stays even though the point estimate is under 90%.
    expect(evaluateTier("expert", { answered: 50, correct: 45 })).toBeUndefined();
    // Standard: 16/30 has upper 69.8% < 70%; 17/30 (72.6%) stays.
    expect(evaluateTier("standard", { answered: 30, correct: 16 })).toMatchObject({ to: "trainee" });
    expect(evaluateTier("standard", { answered: 30, correct: 17 })).toBeUndefined();
    // A trainee has nowhere lower to go.
    expect(evaluateTier("trainee", { answered: 30, correct: 0 })).toBeUndefined();
  });

  it("refuses rules whose demotion bar is not below the promotion bar", () => {
    expect(() => checkTierRules(DEFAULT_TIER_RULES)).not.toThrow();
    expect(() => checkTierRules({ ...DEFAULT_TIER_RULES, demoteBelow: { standard: 0.8, expert: 0.85 } })).toThrow(
      /demoteBelow.standard/,
    );
  });
});
