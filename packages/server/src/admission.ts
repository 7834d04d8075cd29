import { monitorEventLoopDelay } from "node:perf_hooks";
import { DomainError } from "@quorum/core";
import type { MiddlewareHandler } from "hono";
import { hasBody, readLimitedText } from "./body-limits.js";
import type { AppEnv } from "./context.js";

/** How many requests one process works on at once, how long they should take, how many may wait and for how long. */
export interface AdmissionLimits {
  /** Upper bound of the adaptive limit on requests worked on at once. */
  maxInFlight: number;
  /** Time from admission to answer the limit aims for: above it the limit shrinks, below it grows. */
  targetMs: number;
  maxQueued: number;
  maxWaitMs: number;
  /**
   * Event-loop delay (mean over the last 50 ms) at which half of the new requests are refused:
   * work that runs synchronously (SQLite) queues in the event loop, where the in-flight count never
   * sees it. Refusals start at half this delay and take every request at one and a half times it.
   */
  maxLagMs: number;
  /**
   * Queueing delay admitted requests are held to: the event-loop delay plus the wait of the
   * longest-waiting queued request. While it stays above, the share refused rises; below, it
   * falls. A third of `maxLagMs` when not given (10 ms by default), so that a `maxLagMs` raised to
   * tolerate a lagging loop raises it too; 0 turns it off.
   */
  delayTargetMs?: number;
  /**
   * Arrivals per second (over about the last second) below which every request is admitted at
   * once and the limit does not adapt: a few people's page loads are no overload, however far
   * behind the event loop is (their own burst, or another process taking the CPU), and a 503
   * would only make them wait a second for the retry. 0 (the default here) applies the rules
   * whatever the rate.
   */
  minShedRate?: number;
}

/** Defaults of `quorum serve`: admitted requests answered in about 25 ms of work plus at most 50 ms of waiting. */
export const DEFAULT_ADMISSION: AdmissionLimits = {
  maxInFlight: 64,
  targetMs: 25,
  maxQueued: 1024,
  maxWaitMs: 50,
  maxLagMs: 30,
  minShedRate: 50,
};

/** The limit never goes below this (or the configured maximum, if lower): a slow request must not shut the door. */
const MIN_IN_FLIGHT = 2;
/** Multiplicative decrease when requests take longer than the target. */
const DECREASE = 0.9;
/** Share of `maxLagMs` and of `maxQueued` at which early (random) refusals begin. */
const EARLY = 0.5;
/** Weight of the newest answer in the running mean of the time a request holds its slot. */
const SERVICE_WEIGHT = 0.1;
/** How fast the steered share moves: per second, per target's worth of delay over the target. */
const DELAY_GAIN = 1;
/**
 * How much the steered share moves at once as the delay itself moves, per target's worth: it damps
 * the swing that the delay's late measurement (a mean over the last 50 ms) would otherwise cause.
 */
const DELAY_SLOPE = 0.1;
/** Delay and its change counted at most (in targets), so one long pause (a GC, an import) does not refuse for seconds. */
const MAX_DELAY_ERROR = 4;
/**
 * The share is steered at most this often (on arrivals). A gap between arrivals counts in full
 * (up to `MAX_STEP_MS`) for a fall, but for at most `MAX_RISE_STEP_MS` for a rise: a delay with
 * few requests coming (another process taking the CPU) is no evidence that they are the cause.
 */
const STEER_EVERY_MS = 10;
const MAX_STEP_MS = 1000;
const MAX_RISE_STEP_MS = 20;
/** Bounds of the Retry-After a refused client is given, in seconds. */
const MIN_RETRY_AFTER_S = 1;
const MAX_RETRY_AFTER_S = 30;

/** `x` clamped into [0, 1]. */
const unit = (x: number) => (x <= 0 ? 0 : Math.min(x, 1));

interface Waiter {
  admit: (admitted: boolean) => void;
  timer: NodeJS.Timeout;
  /** When it began to wait (the gate's clock). */
  since: number;
}

/**
 * Admission control of one process. A fixed limit on requests at once cannot keep latency: what
 * one process sustains differs twentyfold between an idle machine and a busy one, and between
 * SQLite and PostgreSQL. So the limit adapts (AIMD, as TCP and Netflix's concurrency-limits do):
 * each request answered slower than `targetMs` shrinks it by 10% (at most once per `targetMs`),
 * each answered in time while the limit was reached grows it by 1/limit (about one per round of
 * requests). Requests over the limit wait, first come first served, at most `maxWaitMs` and at
 * most `maxQueued` of them; the rest are refused at once, so past saturation the excess gets a
 * fast 503 and the admitted keep their latency instead of everyone's growing with the queue.
 *
 * Refusals are early and random rather than all at once (random early detection, as routers drop
 * packets): the share refused grows in proportion as the event-loop delay passes half of
 * `maxLagMs` or the queue passes half of `maxQueued`, and a request is refused at once when the
 * queue ahead of it would take longer to drain than `maxWaitMs`. A hard threshold on the delay
 * refused every request for a whole 100 ms window, then admitted every request of the next: the
 * admitted came in bursts, and each burst made the next delay. Each refusal carries a Retry-After
 * from the time the queue takes to drain, spread over two seconds so that the refused do not all
 * come back at once. A share in proportion to the delay settles where the delay is high enough to
 * refuse what must be (at twice the load one process takes, admitted requests waited 137 ms at
 * p99), so a third share is steered on the delay itself, rising while it stays above
 * `delayTargetMs` and falling below it (see `steer`), and the largest of the three is refused.
 * Per process: with several processes each steers on its own event loop and queue. While fewer
 * than `minShedRate` requests a second arrive, every one is admitted at once: a person opening a
 * console page sends a dozen at a time, and refusing them (on a machine that other work keeps busy,
 * their own burst's event-loop delay was enough) only made the page wait a second for the retries.
 * Hand-written: queue libraries (p-queue, p-limit) bound concurrency with a fixed number and
 * neither the queue's length nor the time spent in it, which is the point here.
 */
export class AdmissionGate {
  private inFlight = 0;
  private limit: number;
  private readonly minimum: number;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  /** Running mean of the time an answered request held its slot, in ms (`targetMs` until one is answered). */
  private serviceMs: number;
  /** Insertion-ordered, so the first entry is the longest waiting; a timed-out waiter leaves in O(1). */
  private readonly waiting = new Set<Waiter>();
  /** The share of new requests refused to hold the queueing delay at `delayTargetMs` (steered, see `steer`). */
  private delayShare = 0;
  private lastSteer: number | undefined;
  private lastDelay = 0;
  /** Arrivals in the current one-second bucket (from `bucketStart`) and in the one before it. */
  private bucketStart: number | undefined;
  private arrivals = 0;
  private arrivalsBefore = 0;
  refused = 0;

  constructor(
    private readonly limits: AdmissionLimits,
    /** The event loop's current delay in ms (`eventLoopLag` in production; tests pass their own). */
    private readonly lagMs: () => number = () => 0,
    /** Uniform in [0, 1): which requests an early refusal takes (tests pass a fixed sequence). */
    private readonly random: () => number = Math.random,
    /** Milliseconds on a monotonic clock (tests pass their own). */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.limit = limits.maxInFlight;
    this.serviceMs = limits.targetMs;
    this.minimum = Math.min(MIN_IN_FLIGHT, limits.maxInFlight);
  }

  /**
   * Resolves true when a slot is taken (then call `leave` exactly once), false when refused.
   * `urgent` requests (sign-in, a judgment) are never refused early at random: they still take a slot and
   * wait in the queue like the rest, so a flood of them is bounded, but shedding never starves them.
   */
  enter(urgent = false): Promise<boolean> | boolean {
    const now = this.now();
    this.countArrival(now);
    if (this.isQuiet(now) && this.waiting.size === 0) {
      this.inFlight++;
      return true;
    }
    if (!urgent && this.sheds()) return this.refuse();
    if (this.inFlight < Math.floor(this.limit) && this.waiting.size === 0) {
      this.inFlight++;
      return true;
    }
    if (this.waiting.size >= this.limits.maxQueued || this.limits.maxWaitMs <= 0) return this.refuse();
    if (this.queueWaitMs(this.waiting.size + 1) > this.limits.maxWaitMs) return this.refuse();
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        admit: resolve,
        timer: setTimeout(() => {
          this.waiting.delete(waiter);
          resolve(this.refuse());
        }, this.limits.maxWaitMs),
        since: this.now(),
      };
      this.waiting.add(waiter);
    });
  }

  /** Whether a new request is refused early (at random, by `shedShare`), before it can queue. */
  private sheds(): boolean {
    this.steer();
    const shed = this.shedShare();
    return shed > 0 && this.random() < shed;
  }

  /**
   * Frees a slot held `heldMs` (undefined: a request slow by design, which says nothing about
   * load): handed straight to the longest-waiting request if the limit allows.
   */
  leave(heldMs: number | undefined, now = this.now()): void {
    if (heldMs !== undefined && !this.isQuiet(now)) this.adapt(heldMs, now);
    const next = this.waiting.values().next();
    if (next.done || this.inFlight > Math.floor(this.limit)) {
      this.inFlight--;
      return;
    }
    this.waiting.delete(next.value);
    clearTimeout(next.value.timer);
    next.value.admit(true);
  }

  /**
   * The share of new requests refused before they queue, the largest of three: one steered to
   * hold the queueing delay at `delayTargetMs` (see `steer`), and two in proportion as the
   * event-loop delay exceeds half of `maxLagMs` (all at 1.5 times it) or the queue half of
   * `maxQueued` (all when full), which answer a sudden surge before the steered share has caught up.
   */
  shedShare(): number {
    const { maxLagMs, maxQueued } = this.limits;
    const byLag = unit((this.lagMs() - EARLY * maxLagMs) / maxLagMs);
    const byQueue = maxQueued > 0 ? unit((this.waiting.size - EARLY * maxQueued) / ((1 - EARLY) * maxQueued)) : 0;
    return Math.max(this.delayShare, byLag, byQueue);
  }

  /**
   * The time a request arriving now waits before its handler starts, as far as one process can
   * tell: the event loop's delay (requests not yet read off their sockets wait that long, unseen)
   * plus how long the longest-waiting queued request has waited for a slot.
   */
  queueDelayMs(now = this.now()): number {
    const oldest = this.waiting.values().next();
    return this.lagMs() + (oldest.done ? 0 : now - oldest.value.since);
  }

  /**
   * Steers the refused share so that the queueing delay settles at `delayTargetMs` (the
   * proportional-integral controller of PIE, RFC 8033, with CoDel's point that a standing delay,
   * not the queue's length, is what hurts): each second, the share rises by `DELAY_GAIN` times the
   * delay's excess over the target, in targets, and falls as fast while the delay stays below it;
   * a rise or fall of the delay itself moves it at once by `DELAY_SLOPE` per target. A share that depends
   * on the delay alone (the `maxLagMs` rule) settles where the delay is just high enough to refuse
   * what must be refused: the more excess load, the longer every admitted request waits; this
   * one keeps rising until the delay is back at the target, whatever the excess.
   */
  private steer(now = this.now()) {
    const target = this.limits.delayTargetMs ?? this.limits.maxLagMs / 3;
    if (this.lastSteer === undefined) this.lastSteer = now;
    const elapsed = now - this.lastSteer;
    if (target <= 0 || elapsed < STEER_EVERY_MS) return;
    this.lastSteer = now;
    const delay = this.queueDelayMs(now);
    const error = Math.min(MAX_DELAY_ERROR, (delay - target) / target);
    const change = Math.max(-MAX_DELAY_ERROR, Math.min(MAX_DELAY_ERROR, (delay - this.lastDelay) / target));
    this.lastDelay = delay;
    const step = Math.min(elapsed, error > 0 ? MAX_RISE_STEP_MS : MAX_STEP_MS);
    this.delayShare = unit(this.delayShare + (DELAY_GAIN * error * step) / 1000 + DELAY_SLOPE * change);
  }

  /** Counts an arrival in its one-second bucket, starting a new bucket once a second has passed. */
  private countArrival(now: number) {
    this.rollBuckets(now);
    this.arrivals++;
  }

  private rollBuckets(now: number) {
    if (this.bucketStart === undefined) this.bucketStart = now;
    const seconds = Math.floor((now - this.bucketStart) / 1000);
    if (seconds <= 0) return;
    this.arrivalsBefore = seconds === 1 ? this.arrivals : 0;
    this.arrivals = 0;
    this.bucketStart += seconds * 1000;
  }

  /**
   * Whether fewer than `minShedRate` requests arrived over the last second: the current bucket's,
   * and the bucket before it weighted by the part of it the last second still covers.
   */
  private isQuiet(now: number): boolean {
    const floor = this.limits.minShedRate ?? 0;
    if (floor <= 0) return false;
    this.rollBuckets(now);
    const covered = 1 - (now - (this.bucketStart ?? now)) / 1000;
    return this.arrivals + this.arrivalsBefore * covered < floor;
  }

  /** How long the `ahead` requests in front of a new one keep it waiting, from the mean time a slot is held. */
  private queueWaitMs(ahead: number): number {
    return (ahead * this.serviceMs) / Math.max(1, Math.floor(this.limit));
  }

  /**
   * Seconds a refused client should wait: the time the requests in flight and queued take to be
   * answered plus the event loop's delay, at least one second, and one more second for half of
   * the refused (by `random`), so the retries of a burst arrive spread over two seconds.
   */
  retryAfterSeconds(): number {
    const drainMs = this.queueWaitMs(this.inFlight + this.waiting.size) + this.lagMs();
    const seconds = Math.max(MIN_RETRY_AFTER_S, Math.ceil(drainMs / 1000)) + (this.random() < 0.5 ? 0 : 1);
    return Math.min(MAX_RETRY_AFTER_S, seconds);
  }

  get load() {
    return { inFlight: this.inFlight, limit: Math.floor(this.limit), queued: this.waiting.size, refused: this.refused };
  }

  private adapt(heldMs: number, now: number) {
    this.serviceMs += SERVICE_WEIGHT * (heldMs - this.serviceMs);
    if (heldMs > this.limits.targetMs) {
      if (now - this.lastDecrease < this.limits.targetMs) return;
      this.limit = Math.max(this.minimum, this.limit * DECREASE);
      this.lastDecrease = now;
    } else if (this.inFlight >= Math.floor(this.limit))
      this.limit = Math.min(this.limits.maxInFlight, this.limit + 1 / this.limit);
  }

  private refuse(): false {
    this.refused++;
    return false;
  }
}

const lagSamplers = new Map<number, () => number>();

/**
 * The event loop's delay, as the mean over the last `windowMs` of Node's sampling histogram,
 * refreshed on an unref'd timer so it never keeps the process alive. A window without a sample
 * means the loop was blocked throughout.
 */
export function eventLoopLag(windowMs = 50): () => number {
  // The loop is the process's: every app in it (tests start many) reads the one sampler.
  const shared = lagSamplers.get(windowMs);
  if (shared) return shared;
  const resolutionMs = 10;
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  let lag = 0;
  setInterval(() => {
    // The histogram holds each sampling timer's whole interval: the delay is what exceeds it.
    lag = histogram.count > 0 ? Math.max(0, histogram.mean / 1e6 - resolutionMs) : windowMs;
    histogram.reset();
  }, windowMs).unref();
  const read = () => lag;
  lagSamplers.set(windowMs, read);
  return read;
}

/**
 * Routes outside admission: the health check (load balancers must see a busy server as alive), and
 * the long streams (server events, imports, exports), which would otherwise hold a slot for
 * minutes; imports (of tasks and of people) and exports are rare, staff-only and bounded by their own limits.
 */
const UNGATED = /^\/api\/v1\/(health$|events$|users\/import$|projects\/[^/]+\/(imports|export)$)/;

/**
 * Requests that hash a password (scrypt: tens of milliseconds by design, in the thread pool): they
 * take a slot like any other, but their time is the hash's, not a sign of load.
 */
const HASHES_A_PASSWORD =
  /^(POST \/api\/v1\/(auth\/login|auth\/password|users|password-links\/redeem)|PATCH \/api\/v1\/users\/[^/]+)$/;

/**
 * Never refused early (they still take a slot and queue like the rest): signing in, so people can
 * still get in while the excess is shed, and answering a lease, so work already handed out is not
 * thrown away. Refused at random like the rest, a judgment's `next` had cost as much as the judgment
 * and held a slot of the task until its lease ran out: at twice the load one process takes, about
 * half the leases admitted lost their answer (`bench/admission-model.ts --pairs`).
 */
const NEVER_SHED =
  /^(POST \/api\/v1\/auth\/login|GET \/api\/v1\/auth\/oidc\/(login|callback)|POST \/api\/v1\/assignments\/[^/]+\/judgment)$/;

/** Whether admission control may refuse this request early (at random, by its shed share). */
export function shedsEarly(method: string, path: string): boolean {
  return !NEVER_SHED.test(`${method} ${path}`);
}

/**
 * The gate as middleware, before the caller is identified (identifying costs a query). A JSON body
 * is read before a slot is taken, so a slow client uploading its body holds no slot.
 */
export function admissionControl(gate: AdmissionGate): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (UNGATED.test(c.req.path)) return next();
    if (hasBody(c)) c.set("bodyText", await readLimitedText(c));
    if (!(await gate.enter(!shedsEarly(c.req.method, c.req.path)))) {
      c.header("retry-after", String(gate.retryAfterSeconds()));
      throw new DomainError("overloaded", "The server is at capacity; please try again in a moment");
    }
    const admitted = performance.now();
    try {
      await next();
    } finally {
      gate.leave(HASHES_A_PASSWORD.test(`${c.req.method} ${c.req.path}`) ? undefined : performance.now() - admitted);
    }
  };
}
