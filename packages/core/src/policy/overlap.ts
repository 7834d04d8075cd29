import { judgmentValue } from "../quality/expected-gain.js";
import type { OverlapSetting } from "./quality-policy.js";

/** True when two classes share the highest probability: the evidence so far cannot decide. */
export function isTie(posterior: ArrayLike<number>): boolean {
  let first = Number.NEGATIVE_INFINITY;
  let second = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < posterior.length; k++) {
    const p = posterior[k]!;
    if (p > first) [first, second] = [p, first];
    else if (p > second) second = p;
  }
  return posterior.length > 1 && first - second < 1e-9;
}

/**
 * Whether a task under dynamic overlap needs no more judgments. At `max` judgments it is settled,
 * below `min` it is not. In between:
 * - a tie between the leading classes is never settled (another judgment breaks it; guessing
 *   would not);
 * - with `policy.minGain`, the `posterior` and a typical annotator's `confusion` (K×K, rows summing
 *   to 1): settled once one or two more judgments are expected to raise the task's accuracy by
 *   less than `minGain` each (`judgmentValue`), i.e. once another judgment is worth less than it
 *   costs. Use a calibrated posterior: an overconfident one understates the gain;
 * - otherwise: settled once the leading class's probability `confidence` reaches `policy.target`.
 */
export function isSettled(options: {
  policy: Extract<OverlapSetting, { mode: "dynamic" }>;
  judgmentCount: number;
  confidence: number;
  posterior?: ArrayLike<number> | undefined;
  confusion?: ArrayLike<number> | undefined;
}): boolean {
  const { policy, judgmentCount, confidence, posterior, confusion } = options;
  if (judgmentCount >= policy.max) return true;
  if (judgmentCount < policy.min) return false;
  if (posterior && isTie(posterior)) return false;
  if (policy.minGain !== undefined && posterior && confusion)
    return judgmentValue(posterior, confusion) < policy.minGain;
  return confidence >= policy.target;
}

/** A task's standing under its project's overlap policy, as the rules below read it. */
export interface TaskOverlapState {
  policy: OverlapSetting;
  required: number;
  slotsTaken: number;
  judgmentCount: number;
  confidence: number;
  posterior?: ArrayLike<number> | undefined;
  confusion?: ArrayLike<number> | undefined;
}

/**
 * How many judgments a task needs after a judgment arrives, under dynamic overlap.
 * `slotsTaken` counts active leases and submitted judgments (this one included). A settled task
 * (`isSettled`; `posterior` and `confusion` are optional and enable the tie and gain rules) needs
 * no new leases (leases already out may still finish: no acknowledged answer is refused); an
 * unsettled one opens one more slot, up to `max`.
 */
export function requiredAfterJudgment(options: TaskOverlapState): number {
  const { policy, required, slotsTaken, judgmentCount } = options;
  if (policy.mode === "fixed") return required;
  if (isSettled({ ...options, policy })) return Math.max(judgmentCount, Math.min(slotsTaken, required));
  return Math.min(policy.max, Math.max(required, slotsTaken + 1, policy.min));
}

/**
 * How many judgments an unfinished work task needs once its project's overlap policy changed
 * (`overlap`: the project's fixed overlap), with no new judgment: the rule the engine applies after
 * each judgment (`isSettled`), applied now. Judgments given and leases out (`slotsTaken`, up to the
 * old `required`) are never cut off: a lease handed out may still be answered.
 * - settled (dynamic: `isSettled`; fixed: at least `overlap` judgments): no new slot, so the task is
 *   done now, or once its leases out are answered;
 * - otherwise, dynamic: one slot past its judgments, within [min, max] (an unjudged task takes
 *   `min`, as a new one would); fixed: `overlap`.
 * The caller applies it to open and full tasks only: a done task stays done whatever the new
 * policy asks (a stricter one applies to the tasks still open).
 */
export function requiredAfterPolicyChange(options: TaskOverlapState & { overlap: number }): number {
  const { policy, required, slotsTaken, judgmentCount } = options;
  const leased = Math.max(judgmentCount, Math.min(slotsTaken, required));
  if (policy.mode === "fixed") return Math.max(options.overlap, leased);
  if (judgmentCount > 0 && isSettled({ ...options, policy })) return leased;
  return Math.max(leased, Math.min(policy.max, Math.max(policy.min, judgmentCount + 1)));
}
