import { type ControlKind, givesGoldFeedback } from "../policy/gold-feedback.js";
import type { GoldFeedbackPolicy } from "../policy/quality-policy.js";

/**
 * Whether a gold answer is priced as rejected work (`priceJudgment`'s `rejected`, unpaid by a card
 * that does not pay rejected work): only a miss the annotator is told about (`givesGoldFeedback`:
 * onboarding and retraining controls by default, hidden ones where the project says so). A miss
 * they are not told about is priced as an ordinary judgment of the task, right or wrong: pay that
 * rose less after it would tell them the task was a control, and on a two-option task its gold
 * answer. Only the pay is spared: the miss still counts against their gold accuracy, and the
 * automatic rules act on it. `servedAs` null (the ordinary queue) counts as hidden.
 */
export function goldAnswerPricedAsRejected(
  answer: { goldCorrect: boolean | null; servedAs: ControlKind | null },
  feedback: GoldFeedbackPolicy,
): boolean {
  return answer.goldCorrect === false && givesGoldFeedback(feedback, answer.servedAs);
}
