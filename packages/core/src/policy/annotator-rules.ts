import { wilsonInterval } from "../quality/wilson-interval.js";
import type { QualityRules } from "./quality-policy.js";

export interface AnnotatorRecord {
  judgments: number;
  goldAnswered: number;
  goldCorrect: number;
  fastAnswers: number;
  /**
   * Agreement with the inferred labels, from the annotator's confusion counts (prior removed):
   * the share of credited answers on the diagonal, and how many answers that rests on.
   */
  inferred?: { accuracy: number; answers: number; classCount: number };
}

/** The counts the gold-accuracy and speed rules read. */
export type RuleCounts = Pick<AnnotatorRecord, "judgments" | "goldAnswered" | "goldCorrect" | "fastAnswers">;

/**
 * The counts since the rules last started afresh: when an automatic action is reversed (by a
 * manager, or by an upheld appeal), the answers behind it no longer count against the annotator,
 * or the next check would take the same action again on the same misses (a 0/3 record is still
 * below the bar at 1/4). `base` is the record's counts at that reversal; none, from the start.
 */
export function countsSince(counts: RuleCounts, base: RuleCounts | undefined): RuleCounts {
  if (!base) return counts;
  const judgments = Math.max(0, counts.judgments - base.judgments);
  const goldAnswered = Math.max(0, counts.goldAnswered - base.goldAnswered);
  // An appeal can regrade a miss from before the base: never more right answers than answers.
  return {
    judgments,
    goldAnswered,
    goldCorrect: Math.min(goldAnswered, Math.max(0, counts.goldCorrect - base.goldCorrect)),
    fastAnswers: Math.min(judgments, Math.max(0, counts.fastAnswers - base.fastAnswers)),
  };
}

/** Answers needed before the "looks random" rule may fire. */
export const RANDOM_RULE_MIN_ANSWERS = 30;

/** How the gold-accuracy rule's reason starts (the rest names the counts behind it). */
export const GOLD_ACCURACY_REASON = "gold accuracy";

/** Whether an action's reason is the gold-accuracy rule's, i.e. the action was taken on gold (control) answers. */
export function isGoldAccuracyReason(reason: string): boolean {
  return reason.startsWith(GOLD_ACCURACY_REASON);
}

export interface RuleOutcome {
  action: QualityRules["action"] | "flag";
  reason: string;
}

/**
 * The automatic action an annotator's record calls for, if any:
 * - gold accuracy: after `minGoldAnswers`, when even the upper end of the 95% Wilson interval
 *   is below `minAccuracy` (so a few unlucky answers never trigger it), take `rules.action`;
 * - speed: flag when more than `maxFastShare` of at least 20 answers were faster than `minActiveMs`;
 * - randomness: flag when, over at least 30 answers, agreement with the inferred labels is no
 *   better than chance (1/K) plus 10 points — whatever the gold says, such answers carry no signal.
 */
export function evaluateAnnotator(record: AnnotatorRecord, rules: QualityRules): RuleOutcome | undefined {
  if (rules.minAccuracy > 0 && record.goldAnswered >= rules.minGoldAnswers) {
    const interval = wilsonInterval(record.goldCorrect, record.goldAnswered, 0.95);
    if (interval.upper < rules.minAccuracy)
      return {
        action: rules.action,
        reason: `${GOLD_ACCURACY_REASON} ${record.goldCorrect}/${record.goldAnswered} (95% interval ${(interval.lower * 100).toFixed(0)}–${(interval.upper * 100).toFixed(0)}%) is below ${(rules.minAccuracy * 100).toFixed(0)}%`,
      };
  }
  if (rules.minActiveMs > 0 && record.judgments >= 20 && record.fastAnswers / record.judgments > rules.maxFastShare)
    return {
      action: "flag",
      reason: `${record.fastAnswers} of ${record.judgments} answers took under ${(rules.minActiveMs / 1000).toFixed(1)} s`,
    };
  const inferred = record.inferred;
  if (
    inferred &&
    inferred.classCount > 1 &&
    inferred.answers >= RANDOM_RULE_MIN_ANSWERS &&
    inferred.accuracy < 1 / inferred.classCount + 0.1
  )
    return {
      action: "flag",
      reason: `answers look random: ${(inferred.accuracy * 100).toFixed(0)}% agreement with the inferred labels over ${Math.round(inferred.answers)} answers (chance is ${(100 / inferred.classCount).toFixed(0)}%)`,
    };
  return undefined;
}
