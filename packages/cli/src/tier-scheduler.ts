import { randomUUID } from "node:crypto";
import { acquireWorkerLease, type Database, evaluateTiers } from "@quorum/storage";

const DAY = 86_400_000;
const LEASE = "tier-evaluation";
/** Gold answers of the last twelve weeks decide a tier, the same period the scorecard shows. */
export const TIER_EVALUATION_DAYS = 84;

export interface TierScheduleState {
  /** This process, as the holder of the day's lease. */
  holder: string;
  /** The UTC day (epoch ms of its midnight) this process last evaluated. */
  lastDay: number | undefined;
}

/**
 * Runs the tier rules once per UTC day across every server process: the first process to look
 * on a new day takes a lease that lapses at the next midnight and evaluates; the others find it
 * taken. Returns the number of changes made, or undefined when it was not this process's turn.
 */
export async function evaluateTiersIfDue(
  database: Database,
  state: TierScheduleState,
  now: number,
): Promise<number | undefined> {
  const day = Math.floor(now / DAY) * DAY;
  if (state.lastDay === day) return undefined;
  const won = await acquireWorkerLease(database.db, { name: LEASE, holder: state.holder, now, ttlMs: day + DAY - now });
  if (!won) return undefined;
  state.lastDay = day;
  const changes = await evaluateTiers(database.db, { days: TIER_EVALUATION_DAYS, now, actorId: null });
  return changes.length;
}

/** Looks every hour whether today's tier evaluation is due (see `evaluateTiersIfDue`). */
export function startTierSchedule(database: Database, log: (line: string) => void): () => void {
  const state: TierScheduleState = { holder: randomUUID(), lastDay: undefined };
  const tick = () =>
    evaluateTiersIfDue(database, state, Date.now()).then(
      (changed) => {
        if (changed !== undefined) log(`tier rules applied: ${changed} tier changes`);
      },
      (error: unknown) => log(`tier evaluation failed: ${(error as Error).message}`),
    );
  const timer = setInterval(() => void tick(), 3_600_000);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
