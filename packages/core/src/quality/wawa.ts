import type { EncodedAnswers } from "./answers.js";
import { majorityVoteByTask } from "./majority-vote.js";
import { summarizePosterior, type TaskPosteriors } from "./task-posteriors.js";

/** Task posteriors plus each worker's agreement with the majority vote, used as their weight. */
export interface WawaResult extends TaskPosteriors {
  /** Per worker, the share of their distinct (task, label) answers equal to the majority label (0 for none). */
  workerAccuracy: Float64Array;
}

/**
 * Wawa, "worker agreement with aggregate" (as in crowd-kit): a majority vote, then each worker's
 * share of answers that agree with it, then a vote in which each answer weighs its worker's
 * share. An answer repeated by the same worker on the same task counts once in the share (as in
 * crowd-kit) but every time in the vote. Ties go to the lowest class index. Assumes nothing about
 * how workers err; not iterative. The posterior is each class's share of the weighted votes.
 * O(answers + tasks·K).
 */
export function wawa(answers: EncodedAnswers): WawaResult {
  const K = answers.classCount;
  const W = answers.workerCount;
  const majority = majorityVoteByTask(answers).label;
  const agreeing = new Float64Array(W);
  const given = new Float64Array(W);
  const seen = new Set<number>();
  for (let i = 0; i < answers.task.length; i++) {
    const key = (answers.task[i]! * W + answers.worker[i]!) * K + answers.label[i]!;
    if (seen.has(key)) continue;
    seen.add(key);
    given[answers.worker[i]!]!++;
    if (answers.label[i] === majority[answers.task[i]!]) agreeing[answers.worker[i]!]!++;
  }
  const workerAccuracy = agreeing.map((n, w) => (given[w]! > 0 ? n / given[w]! : 0));
  const posterior = new Float64Array(answers.taskCount * K);
  for (let i = 0; i < answers.task.length; i++) {
    const cell = answers.task[i]! * K + answers.label[i]!;
    posterior[cell] = posterior[cell]! + workerAccuracy[answers.worker[i]!]!;
  }
  for (let t = 0; t < answers.taskCount; t++) {
    let total = 0;
    for (let k = 0; k < K; k++) total += posterior[t * K + k]!;
    for (let k = 0; k < K; k++) posterior[t * K + k] = total > 0 ? posterior[t * K + k]! / total : 1 / K;
  }
  return { ...summarizePosterior(posterior, K), workerAccuracy };
}
