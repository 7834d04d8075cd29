import { invalidInput } from "../errors.js";
import { wilsonInterval } from "../quality/wilson-interval.js";

/** Tiers from the lowest; a person without a recorded tier is at the first. */
export const TIERS = ["trainee", "standard", "expert"] as const;
export type Tier = (typeof TIERS)[number];

/** Rules moving a person one tier at a time on the Wilson interval of their gold accuracy. */
export interface TierRules {
  /** Gold answers needed before any rule may fire. */
  minGoldAnswers: number;
  /** Confidence of the Wilson interval (0.95). */
  confidence: number;
  /** Promote into the tier when the lower bound reaches this. */
  promoteAt: Record<Exclude<Tier, "trainee">, number>;
  /** Demote out of the tier when the upper bound falls below this. */
  demoteBelow: Record<Exclude<Tier, "trainee">, number>;
}

export const DEFAULT_TIER_RULES: TierRules = {
  minGoldAnswers: 30,
  confidence: 0.95,
  promoteAt: { standard: 0.75, expert: 0.9 },
  demoteBelow: { standard: 0.7, expert: 0.85 },
};

export interface TierDecision {
  from: Tier;
  to: Tier;
  reason: string;
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** `rules` checked: fractions in (0, 1], and each tier's demotion bar below its promotion bar (else people would flap). */
export function checkTierRules(rules: TierRules): void {
  if (!(Number.isInteger(rules.minGoldAnswers) && rules.minGoldAnswers >= 1))
    throw invalidInput("minGoldAnswers: must be a whole number ≥ 1");
  if (!(rules.confidence > 0 && rules.confidence < 1)) throw invalidInput("confidence: must be in (0, 1)");
  for (const tier of ["standard", "expert"] as const) {
    const up = rules.promoteAt[tier];
    const down = rules.demoteBelow[tier];
    if (!(up > 0 && up <= 1)) throw invalidInput(`promoteAt.${tier}: must be in (0, 1]`);
    if (!(down >= 0 && down < up)) throw invalidInput(`demoteBelow.${tier}: must be in [0, promoteAt.${tier})`);
  }
}

/**
 * The tier a person's gold record calls for, one step at a time, or undefined to stay:
 * - demote when even the upper end of the Wilson interval is below the current tier's
 *   `demoteBelow` (so a few unlucky answers never demote anyone);
 * - otherwise promote when the lower end reaches the next tier's `promoteAt`.
 * Neither fires before `minGoldAnswers`. Assumes gold answers are independent trials with one
 * accuracy over the period measured (a person improving fast is judged on the whole period).
 */
export function evaluateTier(
  current: Tier,
  gold: { answered: number; correct: number },
  rules: TierRules = DEFAULT_TIER_RULES,
): TierDecision | undefined {
  if (gold.answered < rules.minGoldAnswers) return undefined;
  const interval = wilsonInterval(gold.correct, gold.answered, rules.confidence);
  const level = TIERS.indexOf(current);
  const record = `gold ${gold.correct}/${gold.answered}, ${Math.round(rules.confidence * 100)}% interval ${percent(interval.lower)}–${percent(interval.upper)}`;
  if (current !== "trainee" && interval.upper < rules.demoteBelow[current])
    return {
      from: current,
      to: TIERS[level - 1]!,
      reason: `${record}: upper bound below ${percent(rules.demoteBelow[current])}`,
    };
  const next = TIERS[level + 1];
  if (next !== undefined && next !== "trainee" && interval.lower >= rules.promoteAt[next])
    return { from: current, to: next, reason: `${record}: lower bound reaches ${percent(rules.promoteAt[next])}` };
  return undefined;
}

export function isTier(value: unknown): value is Tier {
  return TIERS.some((t) => t === value);
}

/** Whether `tier` (absent: the first) is `minimum` or above. */
export function tierAtLeast(tier: Tier | undefined, minimum: Tier): boolean {
  return TIERS.indexOf(tier ?? TIERS[0]) >= TIERS.indexOf(minimum);
}

/** Parses a stored or requested tier name. */
export function readTier(value: string, field = "tier"): Tier {
  const tier = TIERS.find((t) => t === value);
  if (!tier) throw invalidInput(`${field}: must be one of ${TIERS.join(", ")}`);
  return tier;
}
