import type { KeyedAnswer } from "./report-answer.js";

/**
 * The confusion matrix of the judgments (rows: the truth, columns: the answer, both in `classes`
 * order) against gold when any judged task has gold, otherwise against the aggregate. Judgments
 * whose truth or answer is not a class are left out.
 */
export function confusionReport(
  answers: readonly KeyedAnswer[],
  classes: readonly string[],
): { against: "gold" | "aggregate"; matrix: number[][] } {
  const classed = answers.filter((a) => classes.includes(a.label));
  const hasGold = classed.some((a) => a.gold !== null);
  const matrix = classes.map(() => classes.map(() => 0));
  for (const a of classed) {
    const truth = hasGold ? a.gold : a.aggregate;
    const i = truth === null ? -1 : classes.indexOf(truth);
    const j = classes.indexOf(a.label);
    if (i >= 0 && j >= 0) matrix[i]![j]!++;
  }
  return { against: hasGold ? "gold" : "aggregate", matrix };
}
