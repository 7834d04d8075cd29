import { DomainError } from "../errors.js";
import { annotatorActionReason, type ControlKind } from "../policy/gold-feedback.js";
import { type GoldPolicy, goldIsControl, shouldServeGold } from "../policy/quality-policy.js";
import type { Assignment } from "./lease.js";

/** How many unexpired leases one annotator may hold in one project (the current task and a prefetched one, plus one). */
export const MAX_ACTIVE_LEASES = 3;

/**
 * What a lease request does: hand back a lease the annotator already holds, or claim a task.
 * `gold` says where control tasks come in: `only` (retraining: control tasks or nothing),
 * `first` (a control task if one is left, else the queue) or `never`; `control` says what a
 * control task served by this plan is (which decides gold feedback, `givesGoldFeedback`).
 */
export type LeasePlan =
  | { kind: "resume"; assignmentId: number }
  | { kind: "claim"; gold: "only"; control: "training" }
  | { kind: "claim"; gold: "first"; control: Exclude<ControlKind, "training"> }
  | { kind: "claim"; gold: "never" };

/**
 * The lease decision for one request, before any task is read:
 * - a paused annotator gets nothing (`annotator_paused`, with the reason as they may read it,
 *   `annotatorActionReason`);
 * - at `MAX_ACTIVE_LEASES` unexpired leases, the oldest is handed back (a reload never piles up leases);
 * - an annotator in retraining gets only control tasks;
 * - otherwise control tasks come first when the gold policy says so for this annotator's next
 *   task (`shouldServeGold`, counting their judgments and the leases they hold).
 */
export function planLease(input: {
  annotatorId: number;
  /** The annotator's standing in the project (`ok`, `paused`, `retrain`, `flagged`) and judgment count. */
  standing: { status: string; statusReason: string | null; judgments: number };
  /** The annotator's unexpired active leases in the project. */
  held: readonly Pick<Assignment, "id">[];
  goldPolicy: Pick<GoldPolicy, "share" | "onboarding" | "feedback">;
}): LeasePlan {
  const { standing, held } = input;
  if (standing.status === "paused")
    throw new DomainError(
      "annotator_paused",
      `You are paused on this project: ${standing.statusReason === null ? "ask your manager" : annotatorActionReason(standing.statusReason, input.goldPolicy.feedback)}`,
    );
  if (held.length >= MAX_ACTIVE_LEASES) {
    // Ids grow with creation, so the smallest is the oldest whatever the clocks of the servers say.
    return { kind: "resume", assignmentId: Math.min(...held.map((lease) => lease.id)) };
  }
  if (standing.status === "retrain") return { kind: "claim", gold: "only", control: "training" };
  const policy = input.goldPolicy;
  const served = standing.judgments + held.length;
  if (!goldIsControl(policy) || !shouldServeGold(policy, input.annotatorId, served))
    return { kind: "claim", gold: "never" };
  return { kind: "claim", gold: "first", control: served < policy.onboarding ? "onboarding" : "hidden" };
}
