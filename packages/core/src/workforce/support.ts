import { DomainError } from "../errors.js";
import type { Role } from "../roles.js";
import { type DayWriter, DEFAULT_DATE_READER, dayWriter } from "../time/reader-dates.js";

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

/**
 * What an appeal contests: a review's rejection, a missed gold answer, or an automatic quality
 * action (a pause, retraining or flag an annotator rule took) contested as a whole.
 */
export type AppealKind = "review" | "gold" | "action";

const NOT_APPEALABLE = "Only a judgment rejected by a review or a gold answer can be appealed";

/**
 * Whether a judgment may be appealed at `now`, and on what ground: it must be rejected by a
 * review or by a gold answer (the aggregate's guesses are not a judgment against the person),
 * and the window of `appealFileDays` after the verdict must still be open. A gold answer the
 * author was given no feedback on (`goldFeedback` false: a hidden control, core's
 * `givesGoldFeedback`) is refused exactly like a judgment that was never rejected, so the answer
 * does not tell that the task was a control; its author appeals the action it led to instead.
 * Returns the kind and the time the decision is due; throws `conflict` or `appeal_window_closed`
 * naming the field (the day the window closed written by `writeDay`, default UTC in English).
 */
export function decideAppealFiling(
  judgment: { verdict: string | null; verdictReason: string | null; verdictAt: number | null; goldFeedback: boolean },
  policy: SupportPolicy,
  now: number,
  writeDay?: DayWriter,
): { kind: AppealKind; decideBy: number } {
  const { verdict, verdictReason, verdictAt } = judgment;
  if (
    verdict !== "rejected" ||
    (verdictReason !== "review" && verdictReason !== "gold") ||
    (verdictReason === "gold" && !judgment.goldFeedback) ||
    verdictAt === null
  )
    throw new DomainError("conflict", NOT_APPEALABLE, [
      { path: "judgmentId", message: "not rejected by a review or a gold answer" },
    ]);
  return {
    kind: verdictReason,
    decideBy: openWindow(verdictAt, policy, now, { field: "judgmentId", of: "the verdict" }, writeDay),
  };
}

/** An annotator's quality action as an appeal reads it. */
export interface AppealedAction {
  action: string;
  /** null: an automatic rule took it. */
  actorId: number | null;
  createdAt: number;
  reversedAt: number | null;
}

/** Automatic actions an annotator may contest: what the project's rules take (not an exam pass that ends retraining). */
export const APPEALABLE_ACTIONS: readonly string[] = ["pause", "retrain", "flag"];

/** Whether an annotator may appeal `action` at all (an unreversed automatic rule action), window aside. */
export function isAppealableAction(action: AppealedAction): boolean {
  return action.actorId === null && action.reversedAt === null && APPEALABLE_ACTIONS.includes(action.action);
}

/**
 * Whether an automatic quality action taken on the annotator may be appealed at `now`: it must
 * be an unreversed one of the rules' actions (`isAppealableAction`; a manager's own action is
 * taken up with the manager), within `appealFileDays` of when it was taken. Returns kind
 * `action` and the time the decision is due; throws `conflict` or `appeal_window_closed`
 * naming `qualityActionId` (the day the window closed written by `writeDay`).
 */
export function decideActionAppealFiling(
  action: AppealedAction,
  policy: SupportPolicy,
  now: number,
  writeDay?: DayWriter,
): { kind: AppealKind; decideBy: number } {
  if (!isAppealableAction(action))
    throw new DomainError("conflict", "Only an automatic pause, retraining or flag still in force can be appealed", [
      { path: "qualityActionId", message: "not an automatic action in force" },
    ]);
  return {
    kind: "action",
    decideBy: openWindow(action.createdAt, policy, now, { field: "qualityActionId", of: "the action" }, writeDay),
  };
}

/** The decision time of an appeal filed at `now` against something decided at `decidedAt`; throws once the filing window has closed. */
function openWindow(
  decidedAt: number,
  policy: SupportPolicy,
  now: number,
  contested: { field: string; of: string },
  writeDay: DayWriter = dayWriter(DEFAULT_DATE_READER, now),
): number {
  const closesAt = decidedAt + policy.appealFileDays * DAY_MS;
  if (now > closesAt)
    throw new DomainError(
      "appeal_window_closed",
      `Appeals must be filed within ${policy.appealFileDays} days of ${contested.of}; this one closed on ${writeDay(closesAt)}`,
      [{ path: contested.field, message: `the ${policy.appealFileDays}-day appeal window has closed` }],
    );
  return now + policy.appealDecideDays * DAY_MS;
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
