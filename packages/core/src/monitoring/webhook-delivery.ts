/** Attempts per delivery before it is given up (retries spread over about 3.4 hours). */
export const WEBHOOK_MAX_ATTEMPTS = 12;
const FIRST_RETRY_MS = 10_000;
const LONGEST_RETRY_MS = 3_600_000;

/**
 * The wait after failed attempt `attempt` (1-based): 10 s doubling each time, capped at an hour,
 * spread by ±20% (`random` in [0, 1)) so receivers coming back up are not hit all at once.
 * Returns null when no attempt is left.
 */
export function webhookRetryDelay(attempt: number, random: number): number | null {
  if (attempt >= WEBHOOK_MAX_ATTEMPTS) return null;
  const base = Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), LONGEST_RETRY_MS);
  return Math.round(base * (0.8 + 0.4 * random));
}

/** The text a webhook signature covers: the timestamp (epoch ms), a dot, the raw body. */
export function signedContent(timestamp: number, body: string): string {
  return `${timestamp}.${body}`;
}

/** The `X-Quorum-Signature` header: `t=<ms>,v1=<hex HMAC-SHA256 of signedContent>`. */
export function signatureHeader(timestamp: number, hexDigest: string): string {
  return `t=${timestamp},v1=${hexDigest}`;
}

/** Reads a signature header back (for receivers and tests); undefined when malformed. */
export function parseSignatureHeader(header: string): { timestamp: number; signature: string } | undefined {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header.trim());
  if (!match) return undefined;
  return { timestamp: Number(match[1]), signature: match[2]! };
}
