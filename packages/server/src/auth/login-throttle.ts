import { claimAttemptSlot, countAttempt, pruneAttempts, refundAttempt } from "@quorum/storage";

type Db = Parameters<typeof countAttempt>[0];

/** The sign-in limits (fixed windows, counters in the database so every server process shares them). */
export const LOGIN_LIMITS = {
  windowMs: 15 * 60_000,
  /** Attempts on one account from one address; then that address is refused for the window. */
  perAccountAndAddress: 10,
  /** Attempts from one address on any accounts (password spraying; roomy for offices behind one NAT). */
  perAddress: 100,
  /**
   * Attempts on one account from all addresses before it is slowed down: then one attempt is
   * evaluated per interval (1 s, doubling per further attempt, at most 30 s), whoever makes it.
   * The account is never refused outright, so its owner still gets in from their own address.
   */
  perAccountBeforeSlowdown: 10,
  slowIntervalMs: 1000,
  slowIntervalMaxMs: 30_000,
} as const;

export type LoginAdmission =
  | { admitted: true; keys: string[] }
  | { admitted: false; retryAfterMs: number; message: string };

let lastPrune = 0;

/**
 * Counts a sign-in attempt before the password is hashed, and says whether it may be evaluated.
 * Counting first means a burst of parallel guesses cannot all slip under the limit; a sign-in
 * that succeeds is refunded by `loginSucceeded`, so only failures (and attempts in flight) count.
 */
export async function admitLogin(db: Db, email: string, address: string, now: number): Promise<LoginAdmission> {
  const { windowMs } = LOGIN_LIMITS;
  if (now - lastPrune > 60_000) {
    lastPrune = now;
    await pruneAttempts(db, now - windowMs);
  }
  const account = email.toLowerCase();
  const pairKey = `pair:${account} ${address}`;
  const addressKey = `address:${address}`;
  const accountKey = `account:${account}`;
  const refuse = (windowStart: number, what: string): LoginAdmission => {
    const retryAfterMs = Math.max(1000, windowStart + windowMs - now);
    return {
      admitted: false,
      retryAfterMs,
      message: `Too many failed sign-ins ${what}; try again in ${Math.ceil(retryAfterMs / 60_000)} min`,
    };
  };
  // The address first: a flood from one address past its limit adds no rows for new accounts.
  const fromAddress = await countAttempt(db, addressKey, now, windowMs);
  if (fromAddress.attempts > LOGIN_LIMITS.perAddress) return refuse(fromAddress.windowStart, "from this address");
  const pair = await countAttempt(db, pairKey, now, windowMs);
  if (pair.attempts > LOGIN_LIMITS.perAccountAndAddress) return refuse(pair.windowStart, "for this account from here");
  const onAccount = await countAttempt(db, accountKey, now, windowMs);
  const over = onAccount.attempts - LOGIN_LIMITS.perAccountBeforeSlowdown;
  if (over > 0) {
    const interval = Math.min(LOGIN_LIMITS.slowIntervalMs * 2 ** (over - 1), LOGIN_LIMITS.slowIntervalMaxMs);
    if (!(await claimAttemptSlot(db, accountKey, now, interval))) {
      // Not evaluated, so not held against the account or the caller's own allowance.
      await refundAttempt(db, accountKey);
      await refundAttempt(db, pairKey);
      const retryAfterMs = Math.max(1000, onAccount.nextAt - now);
      return {
        admitted: false,
        retryAfterMs,
        message: `This account had many failed sign-ins and is slowed down; try again in ${Math.ceil(retryAfterMs / 1000)} s`,
      };
    }
  }
  return { admitted: true, keys: [pairKey, addressKey, accountKey] };
}

/** A correct password: the attempt is taken back from every counter it was counted under. */
export async function loginSucceeded(db: Db, admission: { keys: string[] }): Promise<void> {
  for (const key of admission.keys) await refundAttempt(db, key);
}
