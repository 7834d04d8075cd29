import { type ErrorDetail, invalidInput } from "../errors.js";
import type { ControlKind } from "../policy/gold-feedback.js";
import type { GoldFeedbackPolicy } from "../policy/quality-policy.js";
import { goldAnswerPricedAsRejected } from "./gold-answer-pay.js";

/**
 * Kinds of bonus: `accuracy` pays per accepted label to people whose gold accuracy in the period
 * is at or above a bar; `streak` pays per run of consecutive accepted judgments; `surge` adds a
 * multiple of base pay for work in one language while its queue is behind its deadline.
 */
export const BONUS_KINDS = ["accuracy", "streak", "surge"] as const;
export type BonusKind = (typeof BONUS_KINDS)[number];

export interface BonusRule {
  kind: BonusKind;
  /** accuracy: per accepted label; streak: per completed run. Minor units. */
  amountMinor?: number;
  /** accuracy: gold accuracy needed, in (0, 1]. */
  accuracyBar?: number;
  /** accuracy: gold answers needed for the bar to count. Default 5. */
  minGold?: number;
  /** streak: accepted judgments in a row per paid run. */
  streakLength?: number;
  /** surge: the language whose queue is behind. */
  language?: string;
  /** surge: pay multiplier in basis points, above 10000 (15000 = 1.5× base pay). */
  multiplierBps?: number;
}

/** Each field a kind needs, named in the error when missing or out of range. */
export function checkBonusRule(rule: BonusRule): void {
  const details: ErrorDetail[] = [];
  const need = (ok: boolean, path: string, message: string) => {
    if (!ok) details.push({ path: `rule.${path}`, message });
  };
  const positiveInteger = (value: number | undefined) => value !== undefined && Number.isInteger(value) && value > 0;
  if (rule.kind === "accuracy") {
    need(positiveInteger(rule.amountMinor), "amountMinor", "must be a positive whole number of minor units");
    need(
      rule.accuracyBar !== undefined && rule.accuracyBar > 0 && rule.accuracyBar <= 1,
      "accuracyBar",
      "must be in (0, 1]",
    );
  } else if (rule.kind === "streak") {
    need(positiveInteger(rule.amountMinor), "amountMinor", "must be a positive whole number of minor units");
    need(positiveInteger(rule.streakLength), "streakLength", "must be a positive integer");
  } else {
    need(rule.language !== undefined && rule.language !== "", "language", "is required for a surge");
    need(
      rule.multiplierBps !== undefined && Number.isInteger(rule.multiplierBps) && rule.multiplierBps > 10_000,
      "multiplierBps",
      "must be a whole number of basis points above 10000 (1×)",
    );
  }
  if (details.length > 0) throw invalidInput("invalid bonus rule", details);
}

/** What one person did in the settled period, as the rule needs it. */
export interface BonusFacts {
  annotatorId: number;
  acceptedLabels: number;
  /** The gold answers the accuracy bar reads, and the right ones among them (see `bonusFactsOf`). */
  goldAnswered: number;
  goldCorrect: number;
  /** Their judgments' verdicts in time order (true = accepted), for streaks. */
  verdicts: readonly boolean[];
  /** Base pay in the surge language, minor units. */
  languagePayMinor: number;
}

export interface BonusAward {
  annotatorId: number;
  amountMinor: number;
  reason: string;
}

/** Judgments of the settled period alike in what the bonus rules read of them (`count` of them). */
export interface BonusJudgments {
  annotatorId: number;
  /** As stored: accepted, rejected, or null while undecided. */
  verdict: string | null;
  /** A gold answer's grade as it stands (an upheld appeal's is right); null for an ordinary task. */
  goldCorrect: boolean | null;
  /** How the lease served the task (`controlKindOf`). */
  servedAs: ControlKind | null;
  count: number;
}

/**
 * Each person's `BonusFacts` from their judgments of the period (in time order, for streaks).
 * A gold answer counts as the pay rule prices it (`goldAnswerPricedAsRejected`), so a bonus never
 * tells an annotator which answers were hidden controls, or whether they got one of them right:
 * - accepted (accepted labels, and a streak's run): an ordinary answer when its verdict is
 *   accepted; a gold answer unless priced as rejected. A miss the annotator is told about breaks a
 *   streak and is no accepted label, as before; a hidden control's answer they are not told about
 *   counts as accepted right or wrong, as a right one always did (a hit that is accepted while the
 *   miss beside it is not would name the check and its answer);
 * - the accuracy bar reads every control with its true grade. It is one figure over the whole
 *   period, as an automatic pause is, and names no answer; leaving hidden controls out would make
 *   an accuracy bonus pay on onboarding controls alone in a project that tells nothing of hidden
 *   ones (the default), which is not what a manager setting an accuracy bonus expects.
 */
export function bonusFactsOf(judgments: readonly BonusJudgments[], feedback: GoldFeedbackPolicy): BonusFacts[] {
  const facts = new Map<number, BonusFacts & { verdicts: boolean[] }>();
  for (const j of judgments) {
    let f = facts.get(j.annotatorId);
    if (!f) {
      f = {
        annotatorId: j.annotatorId,
        acceptedLabels: 0,
        goldAnswered: 0,
        goldCorrect: 0,
        verdicts: [],
        languagePayMinor: 0,
      };
      facts.set(j.annotatorId, f);
    }
    const gold = j.goldCorrect !== null;
    const accepted = gold ? !goldAnswerPricedAsRejected(j, feedback) : j.verdict === "accepted";
    if (accepted) f.acceptedLabels += j.count;
    if (gold) {
      f.goldAnswered += j.count;
      if (j.goldCorrect) f.goldCorrect += j.count;
    }
    for (let i = 0; i < j.count; i++) f.verdicts.push(accepted);
  }
  return [...facts.values()];
}

/** What the rule pays one person before the budget: see `BONUS_KINDS`. */
export function bonusFor(rule: BonusRule, facts: BonusFacts, queueBehind: boolean): BonusAward | undefined {
  let amount = 0;
  let reason = "";
  if (rule.kind === "accuracy") {
    const accuracy = facts.goldAnswered > 0 ? facts.goldCorrect / facts.goldAnswered : 0;
    if (facts.goldAnswered >= (rule.minGold ?? 5) && accuracy >= rule.accuracyBar!) {
      amount = facts.acceptedLabels * rule.amountMinor!;
      reason = `${facts.acceptedLabels} accepted labels at ${(accuracy * 100).toFixed(1)}% gold accuracy`;
    }
  } else if (rule.kind === "streak") {
    let run = 0;
    let runs = 0;
    for (const accepted of facts.verdicts) {
      run = accepted ? run + 1 : 0;
      if (run === rule.streakLength) {
        runs += 1;
        run = 0;
      }
    }
    amount = runs * rule.amountMinor!;
    reason = `${runs} streaks of ${rule.streakLength} accepted judgments`;
  } else if (queueBehind) {
    amount = Math.floor((facts.languagePayMinor * (rule.multiplierBps! - 10_000)) / 10_000);
    reason = `surge on ${rule.language}: ${rule.multiplierBps! / 100}% of base pay`;
  }
  return amount > 0 ? { annotatorId: facts.annotatorId, amountMinor: amount, reason } : undefined;
}

/**
 * The bonuses of one settlement: each person's award by the rule, scaled down pro rata (rounded
 * down to whole minor units) when together they exceed what is left of the budget, so a scheme
 * never pays more than its budget and nobody is paid ahead of others by order.
 */
export function settleBonuses(
  rule: BonusRule,
  facts: readonly BonusFacts[],
  options: { remainingBudgetMinor: number; queueBehind: boolean },
): BonusAward[] {
  const awards = facts.flatMap((f) => bonusFor(rule, f, options.queueBehind) ?? []);
  const total = awards.reduce((sum, a) => sum + a.amountMinor, 0);
  const remaining = Math.max(0, options.remainingBudgetMinor);
  if (total <= remaining) return awards;
  return awards
    .map((a) => ({
      ...a,
      amountMinor: Math.floor((a.amountMinor * remaining) / total),
      reason: `${a.reason} (budget-capped)`,
    }))
    .filter((a) => a.amountMinor > 0);
}
