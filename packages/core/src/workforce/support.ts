import { DomainError } from "../errors.js";
import type { Role } from "../roles.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A support thread's state: waiting for staff, answered by staff, or closed. */
export const THREAD_STATUSES = ["open", "answered", "resolved"] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

/**
 * How fast support must act, per workspace with per-project overrides: the first staff answer
 * is due `firstResponseHours` after a question; an appeal may be filed up to `appealFileDays`
 * after the verdict it contests and must be decided within `appealDecideDays` of filing.
 */
export interface SupportPolicy {
  firstResponseHours: number;
  appealFileDays: number;
  appealDecideDays: number;
}

export const DEFAULT_SUPPORT_POLICY: SupportPolicy = { firstResponseHours: 24, appealFileDays: 7, appealDecideDays: 5 };

/** The policy in force: the project's fields over the workspace's over the defaults. */
export function supportPolicyOf(
  workspace: Partial<SupportPolicy> | null,
  project: Partial<SupportPolicy> | null,
): SupportPolicy {
  return { ...DEFAULT_SUPPORT_POLICY, ...(workspace ?? {}), ...(project ?? {}) };
}

/** When the first staff answer to a question asked at `askedAt` is due. */
export function firstResponseDue(askedAt: number, policy: SupportPolicy): number {
  return askedAt + Math.round(policy.firstResponseHours * HOUR_MS);
}

export interface SlaState {
  dueAt: number;
  /** The first answer came late, or none has come and the time is up. */
  breached: boolean;
  /** Milliseconds left before the due time while unanswered (negative once overdue); null once answered. */
  remainingMs: number | null;
}

/** Where a thread stands against its first-response SLA at `now`. */
export function slaState(thread: { dueAt: number; firstResponseAt: number | null }, now: number): SlaState {
  const { dueAt, firstResponseAt } = thread;
  if (firstResponseAt !== null) return { dueAt, breached: firstResponseAt > dueAt, remainingMs: null };
  return { dueAt, breached: now > dueAt, remainingMs: dueAt - now };
}

/**
 * A thread's status after a message: a staff message answers it (and reopens nothing that was
 * resolved: a resolved thread is closed to messages), an annotator's message puts it back to
 * staff. Throws `conflict` for a resolved thread.
 */
export function statusAfterMessage(current: ThreadStatus, fromStaff: boolean): ThreadStatus {
  if (current === "resolved")
    throw new DomainError("conflict", "The thread is resolved; reopen it before replying", [
      { path: "status", message: "resolved" },
    ]);
  return fromStaff ? "answered" : "open";
}

/** What an appeal contests: a review's rejection or a missed gold answer. */
export type AppealKind = "review" | "gold";

/**
 * Whether a judgment may be appealed at `now`, and on what ground: it must be rejected by a
 * review or by a gold answer (the aggregate's guesses are not a judgment against the person),
 * and the window of `appealFileDays` after the verdict must still be open. Returns the kind and
 * the time the decision is due; throws `conflict` or `appeal_window_closed` naming the field.
 */
export function decideAppealFiling(
  judgment: { verdict: string | null; verdictReason: string | null; verdictAt: number | null },
  policy: SupportPolicy,
  now: number,
): { kind: AppealKind; decideBy: number } {
  const { verdict, verdictReason, verdictAt } = judgment;
  if (verdict !== "rejected" || (verdictReason !== "review" && verdictReason !== "gold") || verdictAt === null)
    throw new DomainError("conflict", "Only a judgment rejected by a review or a gold answer can be appealed", [
      { path: "judgmentId", message: "not rejected by a review or a gold answer" },
    ]);
  const closesAt = verdictAt + policy.appealFileDays * DAY_MS;
  if (now > closesAt)
    throw new DomainError(
      "appeal_window_closed",
      `Appeals must be filed within ${policy.appealFileDays} days of the verdict; this one closed on ${new Date(closesAt).toISOString()}`,
      [{ path: "judgmentId", message: `the ${policy.appealFileDays}-day appeal window has closed` }],
    );
  return { kind: verdictReason, decideBy: now + policy.appealDecideDays * DAY_MS };
}

/**
 * Whether `decider` may decide an appeal filed by `appellantId` against a rejection made by
 * `rejectedBy` (null: the system, e.g. a gold answer). Nobody decides their own appeal, and the
 * reviewer whose rejection is contested does not judge it either: an appeal is a second look.
 *
 * One exception, chosen so no appeal is stuck for good: an admin may decide an appeal of their
 * own rejection when nobody else in the workspace could (`anotherDecider`: no other active admin,
 * manager or reviewer); the decision is then recorded as a sole decider's. Managers and reviewers
 * get no exception: they can hand the appeal to an admin, and only an admin can add deciders.
 * Returns whether the exception applied; throws `forbidden` or `appeal_own_rejection` (403)
 * saying why otherwise.
 */
export function checkAppealDecider(options: {
  decider: { id: number; role: Role };
  appellantId: number;
  rejectedBy: number | null;
  anotherDecider: boolean;
}): { soleDecider: boolean } {
  const { decider, appellantId, rejectedBy, anotherDecider } = options;
  if (decider.id === appellantId) throw new DomainError("forbidden", "Nobody decides their own appeal");
  if (rejectedBy !== decider.id) return { soleDecider: false };
  if (decider.role === "admin" && !anotherDecider) return { soleDecider: true };
  throw new DomainError(
    "appeal_own_rejection",
    "You rejected this work, so another reviewer, manager or admin must decide its appeal",
  );
}
