import { wilsonInterval } from "../quality/wilson-interval.js";
import type { QualityRules } from "./quality-policy.js";

export interface AnnotatorRecord {
  judgments: number;
  goldAnswered: number;
  goldCorrect: number;
  fastAnswers: number;
}

export interface RuleOutcome {
  action: QualityRules["action"] | "flag";
  reason: string;
}

/**
 * The automatic action an annotator's record calls for, if any:
 * - gold accuracy: after `minGoldAnswers`, when even the upper end of the 95% Wilson interval
 *   is below `minAccuracy` (so a few unlucky answers never trigger it), take `rules.action`;
 * - speed: flag when more than `maxFastShare` of at least 20 answers were faster than `minActiveMs`.
 */
export function evaluateAnnotator(record: AnnotatorRecord, rules: QualityRules): RuleOutcome | undefined {
  if (rules.minAccuracy > 0 && record.goldAnswered >= rules.minGoldAnswers) {
    const interval = wilsonInterval(record.goldCorrect, record.goldAnswered, 0.95);
    if (interval.upper < rules.minAccuracy)
      return {
        action: rules.action,
        reason: `gold accuracy ${record.goldCorrect}/${record.goldAnswered} (95% interval ${(interval.lower * 100).toFixed(0)}–${(interval.upper * 100).toFixed(0)}%) is below ${(rules.minAccuracy * 100).toFixed(0)}%`,
      };
  }
  if (rules.minActiveMs > 0 && record.judgments >= 20 && record.fastAnswers / record.judgments > rules.maxFastShare)
    return {
      action: "flag",
      reason: `${record.fastAnswers} of ${record.judgments} answers took under ${(rules.minActiveMs / 1000).toFixed(1)} s`,
    };
  return undefined;
}
