import { type Database, foldActivityTotals } from "@quorum/storage";

/** How often the server looks for closed hours to fold: a fold with nothing to do is one small read. */
const EVERY_MS = 60_000;
/** How long a fold on PostgreSQL waits for writers of the hourly roll-up before trying again next round. */
const LOCK_WAIT_MS = 1_000;

/**
 * Folds the hours that closed into the per-annotator activity totals (`foldActivityTotals`) every
 * minute, and once at start. Safe in several processes: folds take turns and repeat no work.
 */
export function startActivityFold(database: Database, log: (line: string) => void): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await foldActivityTotals(database.db, { now: Date.now(), lockWaitMs: LOCK_WAIT_MS });
    } catch (error) {
      log(`activity totals fold failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), EVERY_MS);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
