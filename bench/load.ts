import { setTimeout as sleep } from "node:timers/promises";
import { Histogram } from "./histogram.js";

/**
 * A closed-loop load generator: `workers` simulated users each run `iterate` back to back (no
 * think time unless the iteration sleeps). A short warm-up is run and discarded; then every call
 * that completes inside the measurement window is counted and its latency recorded, by kind
 * ("next", "judgment", "bare", ...).
 */
export interface LoadOptions {
  workers: number;
  warmupMs: number;
  durationMs: number;
  /** Safety bound on iterations per worker (the time bound normally ends the run first). */
  maxIterationsPerWorker?: number;
  /** Called when the measurement window opens and closes (CPU snapshots). */
  onWindowStart?: () => void;
  onWindowEnd?: () => void;
}

export interface KindFigures {
  count: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LoadResult {
  seconds: number;
  kinds: Record<string, KindFigures>;
  /** Failed calls in the window by "kind status code" (e.g. "judgment 409 lease_expired"). */
  errors: Record<string, number>;
  /** Successful calls per second, all kinds together. */
  requestsPerSecond: number;
  /** Workers that stopped because they had nothing left to do (e.g. 204 from next). */
  finishedWorkers: number;
}

export type IterationOutcome = "continue" | "stop";

/** Each kind's figures from its latency histogram over a window of `seconds`, and their total count. */
export function figuresOf(
  histograms: ReadonlyMap<string, Histogram>,
  seconds: number,
): { kinds: Record<string, KindFigures>; total: number } {
  const kinds: Record<string, KindFigures> = {};
  let total = 0;
  for (const [kind, h] of histograms) {
    total += h.count;
    kinds[kind] = {
      count: h.count,
      perSecond: h.count / seconds,
      p50: h.percentile(50),
      p90: h.percentile(90),
      p99: h.percentile(99),
      max: h.maxMs,
      mean: h.meanMs,
    };
  }
  return { kinds, total };
}

export class Recorder {
  private readonly histograms = new Map<string, Histogram>();
  private readonly errorCounts = new Map<string, number>();
  windowStart = Number.POSITIVE_INFINITY;
  windowEnd = Number.POSITIVE_INFINITY;

  /** A successful call that started at `started` and ended now (performance.now() clock). */
  success(kind: string, started: number): void {
    const ended = performance.now();
    if (ended < this.windowStart || ended > this.windowEnd) return;
    let histogram = this.histograms.get(kind);
    if (!histogram) {
      histogram = new Histogram();
      this.histograms.set(kind, histogram);
    }
    histogram.record(ended - started);
  }

  failure(key: string): void {
    const now = performance.now();
    if (now < this.windowStart || now > this.windowEnd) return;
    this.errorCounts.set(key, (this.errorCounts.get(key) ?? 0) + 1);
  }

  result(seconds: number, finishedWorkers: number): LoadResult {
    const { kinds, total } = figuresOf(this.histograms, seconds);
    return {
      seconds,
      kinds,
      errors: Object.fromEntries(this.errorCounts),
      requestsPerSecond: total / seconds,
      finishedWorkers,
    };
  }
}

/** Consecutive failures after which one worker gives up (a server that died, say). */
const MAX_CONSECUTIVE_FAILURES = 50;

export async function runLoad(
  options: LoadOptions,
  iterate: (worker: number, recorder: Recorder) => Promise<IterationOutcome | "failed">,
): Promise<LoadResult> {
  const recorder = new Recorder();
  const begin = performance.now();
  recorder.windowStart = begin + options.warmupMs;
  recorder.windowEnd = recorder.windowStart + options.durationMs;
  const maxIterations = options.maxIterationsPerWorker ?? 10_000_000;
  let finishedWorkers = 0;

  let opened = false;
  let closed = false;
  const open = () => {
    if (opened) return;
    opened = true;
    options.onWindowStart?.();
  };
  const close = () => {
    if (closed || !opened) return;
    closed = true;
    options.onWindowEnd?.();
  };
  const windowTimers = [setTimeout(open, options.warmupMs), setTimeout(close, options.warmupMs + options.durationMs)];

  const worker = async (index: number) => {
    let consecutiveFailures = 0;
    for (let i = 0; i < maxIterations && performance.now() < recorder.windowEnd; i++) {
      let outcome: IterationOutcome | "failed";
      try {
        outcome = await iterate(index, recorder);
      } catch (error) {
        recorder.failure(`network ${(error as { code?: string }).code ?? (error as Error).message}`);
        outcome = "failed";
      }
      if (outcome === "stop") {
        finishedWorkers++;
        return;
      }
      if (outcome === "failed") {
        consecutiveFailures++;
        if (consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) return;
        await sleep(Math.min(100, consecutiveFailures * 5));
      } else consecutiveFailures = 0;
    }
  };

  // Every worker ends at the window's end at the latest; requests hung longer than this are abandoned.
  const hardStop = sleep(options.warmupMs + options.durationMs + 35_000, "timeout" as const);
  const all = Promise.all(Array.from({ length: options.workers }, (_, i) => worker(i)));
  const settled = await Promise.race([all.then(() => "done" as const), hardStop]);
  for (const timer of windowTimers) clearTimeout(timer);
  // Every worker may have stopped early (nothing left to do): the window is what actually ran.
  if (performance.now() < recorder.windowEnd) recorder.windowEnd = performance.now();
  close();
  if (settled === "timeout") console.warn("load: some requests did not finish within 35 s after the window; abandoned");
  const seconds =
    (Math.min(recorder.windowEnd, performance.now()) - Math.min(recorder.windowStart, recorder.windowEnd)) / 1000;
  return recorder.result(Math.max(seconds, 1e-3), finishedWorkers);
}
