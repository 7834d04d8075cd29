/** Presence is kept per quarter hour: a bucket per person holds a bit for each minute a heartbeat arrived in. */
export const PRESENCE_BUCKET_MS = 15 * 60_000;

/** The quarter hour a heartbeat at `at` (epoch ms) falls in, and the bit of its minute there. */
export function presenceSlot(at: number): { bucketStart: number; minuteBit: number } {
  const bucketStart = Math.floor(at / PRESENCE_BUCKET_MS) * PRESENCE_BUCKET_MS;
  const minute = Math.floor((at - bucketStart) / 60_000);
  return { bucketStart, minuteBit: 1 << minute };
}

/**
 * Active labeling time ÷ logged-in time, in [0, 1]; null without presence. Active time can exceed
 * the presence measured (answers sent through the API, or a tab that stopped pinging while the
 * person kept typing), so the ratio is capped at 1 rather than reported above it.
 */
export function utilisation(activeMs: number, presentMs: number): number | null {
  if (!(presentMs > 0)) return null;
  return Math.min(1, Math.max(0, activeMs) / presentMs);
}
