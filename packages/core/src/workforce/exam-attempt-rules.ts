/** An earlier attempt of one person at one exam, as the retry rule sees it. */
export interface PastAttempt {
  status: "in_progress" | "passed" | "failed";
  decidedAt: number | null;
}

/**
 * When the person may start a new attempt: at once after a pass or before any attempt, and
 * `retryDelayMs` after their latest failure otherwise (so a failed exam is not retaken by
 * guessing until it passes). Null when they may start now.
 */
export function retryAllowedAt(attempts: readonly PastAttempt[], retryDelayMs: number, now: number): number | null {
  let lastFailure = -Infinity;
  for (const a of attempts)
    if (a.status === "failed" && a.decidedAt !== null) lastFailure = Math.max(lastFailure, a.decidedAt);
  const allowed = lastFailure + retryDelayMs;
  return allowed > now ? allowed : null;
}

/** The longest one exam item may count as paid time when the client does not say (a person who walked away). */
export const MAX_ITEM_ACTIVE_MS = 5 * 60_000;

/**
 * The active time credited for one exam answer: what the client measured (its active clock
 * leaves out idle and hidden time), never more than the time since the item was served; without
 * a measurement, the time since serving up to `MAX_ITEM_ACTIVE_MS`.
 */
export function creditedActiveMs(claimed: number | undefined, servedAt: number | null, now: number): number {
  const elapsed = servedAt === null ? 0 : Math.max(0, now - servedAt);
  if (claimed === undefined) return Math.round(Math.min(elapsed, MAX_ITEM_ACTIVE_MS));
  return Math.round(Math.max(0, Math.min(claimed, elapsed)));
}
