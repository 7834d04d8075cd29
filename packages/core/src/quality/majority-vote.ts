import type { EncodedAnswers } from "./answers.js";
import { mulberry32 } from "./random.js";
import { type TaskPosteriors, voteShares } from "./task-posteriors.js";

/** Options of `majorityVoteByTask`. */
export interface MajorityVoteOptions {
  /**
   * Seed for breaking ties uniformly at random among the most voted classes. Without it (the
   * default) a tie goes to the lowest class index, the first label in sorted order, as crowd-kit
   * breaks it: deterministic, and what the published majority-vote figures use.
   */
  seed?: number;
}

/** Vote shares per task plus per-task and per-worker counts. */
export interface MajorityVoteResult extends TaskPosteriors {
  /** Answers per task. */
  answerCount: Int32Array;
  /** Per worker, the share of their answers equal to the majority label (NaN for no answers). */
  workerAccuracy: Float64Array;
  /** Per task, 1 when two or more classes shared the most votes and a tie was broken. */
  tied: Uint8Array;
  /** Number of tasks whose tie was broken. */
  tieCount: number;
}

/**
 * Majority (plurality) vote for every task. Assumes all workers are equally reliable. The
 * posterior is the share of votes per class (uniform for a task without answers), the label its
 * most voted class (ties: see `seed`; `tied` marks them) and the confidence that class's vote
 * share. Not iterative. O(answers + tasks·K).
 */
export function majorityVoteByTask(answers: EncodedAnswers, options: MajorityVoteOptions = {}): MajorityVoteResult {
  const K = answers.classCount;
  const posterior = voteShares(answers);
  const answerCount = new Int32Array(answers.taskCount);
  for (let i = 0; i < answers.task.length; i++) answerCount[answers.task[i]!]!++;
  const random = options.seed === undefined ? undefined : mulberry32(options.seed);
  const label = new Int32Array(answers.taskCount);
  const confidence = new Float64Array(answers.taskCount);
  const leaders: number[] = [];
  const tied = new Uint8Array(answers.taskCount);
  let tieCount = 0;
  for (let t = 0; t < answers.taskCount; t++) {
    const offset = t * K;
    let best = 0;
    for (let k = 1; k < K; k++) if (posterior[offset + k]! > posterior[offset + best]!) best = k;
    leaders.length = 0;
    if (answerCount[t]! > 0)
      for (let k = 0; k < K; k++) if (posterior[offset + k] === posterior[offset + best]) leaders.push(k);
    if (leaders.length > 1) {
      tied[t] = 1;
      tieCount++;
      if (random) best = leaders[Math.floor(random() * leaders.length)]!;
    }
    label[t] = best;
    confidence[t] = posterior[offset + best]!;
  }
  const agreeing = new Float64Array(answers.workerCount);
  const given = new Float64Array(answers.workerCount);
  for (let i = 0; i < answers.task.length; i++) {
    const w = answers.worker[i]!;
    given[w]!++;
    if (answers.label[i] === label[answers.task[i]!]) agreeing[w]!++;
  }
  const workerAccuracy = new Float64Array(answers.workerCount);
  for (let w = 0; w < answers.workerCount; w++)
    workerAccuracy[w] = given[w]! > 0 ? agreeing[w]! / given[w]! : Number.NaN;
  return { classCount: K, label, confidence, posterior, answerCount, workerAccuracy, tied, tieCount };
}
