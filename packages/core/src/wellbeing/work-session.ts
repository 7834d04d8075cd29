import type { SessionPolicy } from "./exposure-budget.js";

/** A person's current stretch of harmful work: when it began, when they last judged, and any break in force. */
export interface WorkSession {
  startedAt: number | null;
  lastAt: number | null;
  breakUntil: number | null;
}

export const NO_SESSION: WorkSession = { startedAt: null, lastAt: null, breakUntil: null };

/**
 * The session after one harmful judgment at `now` taking `activeMs`. A gap of at least the break
 * length since the last judgment starts a new session (the person rested). When the session
 * reaches `capMinutes` the person is sent on a break of `breakMinutes` and the next session starts
 * after it.
 */
export function advanceSession(
  session: WorkSession,
  judged: { now: number; activeMs: number },
  policy: SessionPolicy,
): WorkSession {
  const { now, activeMs } = judged;
  const gap = policy.breakMinutes * 60_000;
  const rested = session.lastAt === null || session.startedAt === null || now - session.lastAt >= gap;
  const startedAt = rested ? now - activeMs : (session.startedAt as number);
  if (now - startedAt >= policy.capMinutes * 60_000) return { startedAt: null, lastAt: null, breakUntil: now + gap };
  return { startedAt, lastAt: now, breakUntil: session.breakUntil };
}

/** Minutes of continuous harmful work at `now` (0 after a rest as long as a break). */
export function continuousMinutes(session: WorkSession, now: number, policy: SessionPolicy): number {
  if (session.startedAt === null || session.lastAt === null) return 0;
  if (now - session.lastAt >= policy.breakMinutes * 60_000) return 0;
  return (now - session.startedAt) / 60_000;
}
