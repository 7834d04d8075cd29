import { invalidInput } from "../errors.js";

/** A qualification exam as a sequential test of a candidate's accuracy. */
export interface SprtOptions {
  /** Accuracy of a candidate who should fail (H₀), e.g. 0.7. */
  p0: number;
  /** Accuracy of a candidate who should pass (H₁), e.g. 0.9; above p0. */
  p1: number;
  /** Chance of passing a p0 candidate. */
  alpha: number;
  /** Chance of failing a p1 candidate. */
  beta: number;
  /** The exam ends after this many answers at the latest. */
  maxAnswers: number;
}

export type SprtDecision = "pass" | "fail" | "continue";

export interface SprtBounds {
  /** Pass once the log-likelihood ratio reaches ln((1 − β)/α). */
  upper: number;
  /** Fail once it falls to ln(β/(1 − α)). */
  lower: number;
  /** What a correct answer adds: ln(p1/p0). */
  correctStep: number;
  /** What a wrong answer adds (negative): ln((1 − p1)/(1 − p0)). */
  wrongStep: number;
  /** The accuracy at which the log-likelihood ratio is flat: the cut-off at the maximum length. */
  cutoffAccuracy: number;
}

export interface SprtResult {
  decision: SprtDecision;
  /** Answers used to decide (later answers are ignored), or all of them while undecided. */
  answers: number;
  correct: number;
  logLikelihoodRatio: number;
  /** Why it stopped: a Wald bound was crossed, or the exam reached its maximum length. */
  reason: "upper_bound" | "lower_bound" | "max_answers" | "undecided";
}

/** Wald's bounds and per-answer steps for the options given. */
export function sprtBounds(options: SprtOptions): SprtBounds {
  const { p0, p1, alpha, beta, maxAnswers } = options;
  if (!(p0 > 0 && p0 < p1 && p1 < 1)) throw invalidInput("need 0 < p0 < p1 < 1");
  if (!(alpha > 0 && alpha < 0.5)) throw invalidInput("alpha must be in (0, 0.5)");
  if (!(beta > 0 && beta < 0.5)) throw invalidInput("beta must be in (0, 0.5)");
  if (!(Number.isInteger(maxAnswers) && maxAnswers >= 1)) throw invalidInput("maxAnswers must be a positive integer");
  const correctStep = Math.log(p1 / p0);
  const wrongStep = Math.log((1 - p1) / (1 - p0));
  return {
    upper: Math.log((1 - beta) / alpha),
    lower: Math.log(beta / (1 - alpha)),
    correctStep,
    wrongStep,
    cutoffAccuracy: -wrongStep / (correctStep - wrongStep),
  };
}

// Sums of logarithms drift by a few ulps; a candidate exactly on a bound (a run that the exact
// arithmetic puts on it) must count as having reached it.
const TOLERANCE = 1e-9;

/**
 * Wald's sequential probability ratio test (1945) on Bernoulli answers (true = correct): after
 * each answer the log-likelihood ratio of "accuracy p1" against "accuracy p0" moves by
 * ln(p1/p0) or ln((1 − p1)/(1 − p0)); the candidate passes once it reaches ln((1 − β)/α), fails
 * once it falls to ln(β/(1 − α)), and otherwise answers another question. Wald's bounds keep the
 * error rates at about α and β (slightly below, since the crossing overshoots). Assumes answers
 * independent with a constant accuracy.
 *
 * At `maxAnswers` without a crossing the candidate passes when the log-likelihood ratio is
 * positive and fails otherwise (a tie fails). That is the same as comparing the accuracy with
 * `cutoffAccuracy` = ln((1 − p0)/(1 − p1)) / ln(p1(1 − p0) / (p0(1 − p1))) — the accuracy at which
 * both hypotheses explain the answers equally well — which is not the midpoint (p0 + p1)/2:
 * 0.8138 rather than 0.8 for p0 = 0.7 and p1 = 0.9, because a wrong answer is stronger evidence
 * against p1 than a right one is for it. Truncating raises the error rates a little above α and β.
 */
export function runSprt(answers: readonly boolean[], options: SprtOptions): SprtResult {
  const bounds = sprtBounds(options);
  let llr = 0;
  let correct = 0;
  const limit = Math.min(answers.length, options.maxAnswers);
  for (let i = 0; i < limit; i++) {
    if (answers[i]) correct++;
    llr += answers[i] ? bounds.correctStep : bounds.wrongStep;
    const result = { answers: i + 1, correct, logLikelihoodRatio: llr };
    if (llr >= bounds.upper - TOLERANCE) return { decision: "pass", ...result, reason: "upper_bound" };
    if (llr <= bounds.lower + TOLERANCE) return { decision: "fail", ...result, reason: "lower_bound" };
    if (i + 1 === options.maxAnswers) {
      return { decision: llr > TOLERANCE ? "pass" : "fail", ...result, reason: "max_answers" };
    }
  }
  return { decision: "continue", answers: limit, correct, logLikelihoodRatio: llr, reason: "undecided" };
}
