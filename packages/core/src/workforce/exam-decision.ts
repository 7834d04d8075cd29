import { invalidInput } from "../errors.js";
import { runSprt, type SprtOptions } from "./sprt.js";

/** An exam's sequential test, as a manager sets it (see `runSprt`). */
export interface ExamTest {
  p0: number;
  p1: number;
  alpha: number;
  beta: number;
  /** The longest the exam may run; shorter when the project has fewer usable gold tasks. */
  maxItems: number;
}

export type ExamStatus = "in_progress" | "passed" | "failed";

/** The longest exam a manager may set. */
export const MAX_EXAM_ITEMS = 500;

/**
 * The test an exam gets for what its author leaves out: fail a candidate right 70% of the time,
 * pass one right 90% of the time, each mistaken at most 5% of the time (a flawless candidate
 * passes after 12 answers, one who misses the first 3 fails). 40 items leave room for candidates
 * near the cut-off accuracy (about 0.81), whom Wald's test takes longest to decide; those still
 * undecided at the end are decided by the sign of the log-likelihood ratio (see `runSprt`).
 */
export const DEFAULT_EXAM_TEST: Readonly<ExamTest> = { p0: 0.7, p1: 0.9, alpha: 0.05, beta: 0.05, maxItems: 40 };

function sprtOptions(test: ExamTest, length: number): SprtOptions {
  return { p0: test.p0, p1: test.p1, alpha: test.alpha, beta: test.beta, maxAnswers: length };
}

/**
 * The exam's status after the answers so far (true = correct, in the order given), for an exam
 * of `length` items (at most `maxItems`). Wald's SPRT decides as soon as a bound is crossed; at
 * `length` answers the sign of the log-likelihood ratio decides.
 */
export function decideExam(correct: readonly boolean[], test: ExamTest, length: number): ExamStatus {
  const result = runSprt(correct, sprtOptions(test, length));
  if (result.decision === "pass") return "passed";
  if (result.decision === "fail") return "failed";
  return "in_progress";
}

/**
 * How many answers a flawless candidate gives before the exam passes them: where the straight
 * run crosses Wald's upper bound (12 for p0 = 0.7, p1 = 0.9, α = β = 0.05), or `maxItems` when
 * the exam is shorter than that and decides at its end.
 */
export function answersToPass(test: ExamTest): number {
  const length = Math.min(test.maxItems, MAX_EXAM_ITEMS);
  return runSprt(new Array<boolean>(length).fill(true), sprtOptions(test, length)).answers;
}

/**
 * The length of one attempt: `maxItems`, or fewer when the project has fewer gold tasks to ask.
 */
export function examLength(test: ExamTest, goldAvailable: number): number {
  return Math.max(0, Math.min(test.maxItems, goldAvailable));
}

/**
 * Checks an exam's test and that the project has the gold tasks it needs: at least as many as a
 * flawless candidate answers before passing, so an attempt can reach the decision the manager
 * set. Throws `invalid_input` naming the field.
 */
export function checkExamTest(test: ExamTest, goldAvailable: number): void {
  const field = (path: string, message: string) => invalidInput(message, [{ path, message }]);
  if (!(test.p0 > 0 && test.p0 < 1)) throw field("p0", "p0 must be between 0 and 1");
  if (!(test.p1 > test.p0 && test.p1 < 1)) throw field("p1", "p1 must be above p0 and below 1");
  if (!(test.alpha > 0 && test.alpha < 0.5)) throw field("alpha", "alpha must be in (0, 0.5)");
  if (!(test.beta > 0 && test.beta < 0.5)) throw field("beta", "beta must be in (0, 0.5)");
  if (!(Number.isInteger(test.maxItems) && test.maxItems >= 1 && test.maxItems <= MAX_EXAM_ITEMS))
    throw field("maxItems", `maxItems must be a whole number from 1 to ${MAX_EXAM_ITEMS}`);
  const needed = answersToPass(test);
  if (goldAvailable < needed)
    throw field(
      "projectId",
      `the project has ${goldAvailable} gold task(s) usable in exams; this exam needs at least ${needed} (a flawless candidate passes after ${needed} answers)`,
    );
}
