/**
 * Fixed-window failure counter for logins, per key (email and client address). In memory: with
 * several server processes each keeps its own window, which still bounds guessing per process.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, { count: number; windowStart: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfter(key: string, now: number): number {
    const entry = this.failures.get(key);
    if (!entry || now - entry.windowStart >= this.windowMs) return 0;
    return entry.count >= this.maxFailures ? entry.windowStart + this.windowMs - now : 0;
  }

  recordFailure(key: string, now: number): void {
    const entry = this.failures.get(key);
    if (!entry || now - entry.windowStart >= this.windowMs) this.failures.set(key, { count: 1, windowStart: now });
    else entry.count++;
    if (this.failures.size > 100_000) this.failures.clear(); // bound memory under a flood of keys
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}
