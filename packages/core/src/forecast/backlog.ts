import { invalidInput } from "../errors.js";
import type { OverlapSetting } from "../policy/quality-policy.js";

/** Tasks grouped by how many judgments they have. */
export interface JudgmentCount {
  judgments: number;
  tasks: number;
}

export interface BacklogInput {
  /** Unfinished tasks by the judgments they already have. */
  openTasks: readonly JudgmentCount[];
  /** The project's fixed overlap N (used in fixed mode). */
  overlap: number;
  overlapPolicy: OverlapSetting;
  /** Dynamic overlap: tasks that settled, by the judgments they took (the evidence for what open tasks will take). */
  settledTasks?: readonly JudgmentCount[];
  /** Share of served tasks that are gold (the gold policy's share), in [0, 1). */
  goldShare?: number;
  /** Gold judgments still owed to onboarding (newcomers × onboarding tasks), if known. */
  onboardingJudgments?: number;
}

/**
 * The judgments still to be given, in expectation, counted as the throughput history counts them
 * (every judgment, gold included), so that `forecastEta` compares like with like:
 * - fixed overlap: N minus the judgments a task has;
 * - dynamic overlap: for a task with j judgments, E[F − j | F > j] over the final counts F of the
 *   settled tasks (at least `min`, at most `max`); without settled tasks above j, the middle of
 *   [max(min, j + 1), max] less j;
 * - gold: the regular judgments take 1 − share of what is served, so they are divided by it, and
 *   onboarding gold is added.
 */
export function expectedRemainingJudgments(input: BacklogInput): number {
  const goldShare = input.goldShare ?? 0;
  if (!(goldShare >= 0 && goldShare < 1)) throw invalidInput(`goldShare: ${goldShare} must be in [0, 1)`);
  let regular = 0;
  input.openTasks.forEach((group, i) => {
    if (!(Number.isInteger(group.judgments) && group.judgments >= 0 && group.tasks >= 0))
      throw invalidInput(`openTasks[${i}]: judgments must be a whole number ≥ 0 and tasks ≥ 0`);
    regular += group.tasks * stillNeeded(group.judgments, input);
  });
  return regular / (1 - goldShare) + (input.onboardingJudgments ?? 0);
}

function stillNeeded(judgments: number, input: BacklogInput): number {
  const policy = input.overlapPolicy;
  if (policy.mode === "fixed") return Math.max(0, input.overlap - judgments);
  if (judgments >= policy.max) return 0;
  const floor = Math.max(policy.min, judgments + 1);
  let weight = 0;
  let total = 0;
  for (const group of input.settledTasks ?? []) {
    if (group.judgments < floor) continue;
    weight += group.tasks;
    total += group.tasks * Math.min(group.judgments, policy.max);
  }
  const expectedFinal = weight > 0 ? total / weight : (floor + policy.max) / 2;
  return expectedFinal - judgments;
}
