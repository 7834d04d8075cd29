import type { OverlapSetting } from "./quality-policy.js";

/**
 * How many judgments a task needs after a judgment arrives, under dynamic overlap.
 * `slotsTaken` counts active leases and submitted judgments (this one included). A settled task
 * needs no new leases (leases already out may still finish: no acknowledged answer is refused);
 * an unsettled one opens one more slot, up to `max`.
 */
export function requiredAfterJudgment(options: {
  policy: OverlapSetting;
  required: number;
  slotsTaken: number;
  judgmentCount: number;
  confidence: number;
}): number {
  const { policy, required, slotsTaken, judgmentCount, confidence } = options;
  if (policy.mode === "fixed") return required;
  const settled = judgmentCount >= policy.max || (judgmentCount >= policy.min && confidence >= policy.target);
  if (settled) return Math.max(judgmentCount, Math.min(slotsTaken, required));
  return Math.min(policy.max, Math.max(required, slotsTaken + 1, policy.min));
}
