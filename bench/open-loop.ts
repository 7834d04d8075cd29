import { setTimeout as sleep } from "node:timers/promises";
import type { Annotator } from "./api.js";
import { Histogram } from "./histogram.js";
import { makeTransport, type Transport, type TransportKind } from "./http-client.js";
import type { KindFigures } from "./load.js";
import type { RunningServer } from "./processes.js";

/**
 * An open-loop load: "next task + judgment" pairs arrive at a fixed rate whatever the server's
 * latency (as a crowd does: people do not wait for each other), each taken by an idle annotator.
 * A closed loop cannot show overload, since its clients slow down with the server; here the
 * queue grows unless the server refuses the excess.
 */
export interface OpenLoopSettings {
  /** Requests per second offered (each pair is two requests). */
  requestsPerSecond: number;
  warmupMs: number;
  durationMs: number;
  client: TransportKind;
}

export interface OpenLoopResult {
  offeredPerSecond: number;
  /** Requests answered 2xx per second inside the window. */
  servedPerSecond: number;
  /** Share of requests answered 503 (refused by admission control). */
  refusedShare: number;
  /** Pairs the client could not start: every annotator was still waiting on an earlier pair. */
  notStarted: number;
  kinds: Record<string, KindFigures>;
  errors: Record<string, number>;
}

export async function measureOpenLoop(
  servers: RunningServer[],
  annotators: Annotator[],
  projectId: number,
  settings: OpenLoopSettings,
): Promise<OpenLoopResult> {
  const transports: Transport[] = servers.map((s) => makeTransport(settings.client, s.url));
  const idle = annotators.map((_, i) => i);
  const histograms = new Map<string, Histogram>();
  const errors = new Map<string, number>();
  let answered = 0;
  let refused = 0;
  let notStarted = 0;
  const begin = performance.now();
  const windowStart = begin + settings.warmupMs;
  const windowEnd = windowStart + settings.durationMs;
  const inWindow = (at: number) => at >= windowStart && at <= windowEnd;
  const record = (kind: string, started: number, status: number) => {
    const ended = performance.now();
    if (!inWindow(ended)) return;
    answered++;
    if (status === 503) refused++;
    if (status >= 200 && status < 300) {
      const h = histograms.get(kind) ?? new Histogram();
      histograms.set(kind, h);
      h.record(ended - started);
    } else errors.set(`${kind} ${status}`, (errors.get(`${kind} ${status}`) ?? 0) + 1);
  };
  const runTag = Date.now().toString(36);
  let pairNumber = 0;

  const pair = async (annotatorIndex: number) => {
    const annotator = annotators[annotatorIndex]!;
    const n = pairNumber++;
    const transport = transports[n % transports.length]!;
    try {
      let started = performance.now();
      const next = await transport.post(`/api/v1/projects/${projectId}/assignments/next`, { cookie: annotator.cookie });
      record("next", started, next.status);
      if (next.status !== 200) return;
      const assignmentId = (JSON.parse(next.body) as { assignment: { id: number } }).assignment.id;
      const body = JSON.stringify({ value: n % 5, activeMs: 5_000, clientKey: `${runTag}-open-${n}` });
      started = performance.now();
      const judged = await transports[(n + 1) % transports.length]!.post(
        `/api/v1/assignments/${assignmentId}/judgment`,
        { cookie: annotator.cookie, "content-type": "application/json" },
        body,
      );
      record("judgment", started, judged.status);
    } catch (error) {
      if (inWindow(performance.now()))
        errors.set(`network ${(error as Error).message}`, (errors.get("network") ?? 0) + 1);
    } finally {
      idle.push(annotatorIndex);
    }
  };

  try {
    const pairsPerSecond = settings.requestsPerSecond / 2;
    const running = new Set<Promise<void>>();
    // Arrivals on a fixed schedule; a late timer fires the pairs it owes at once.
    for (let started = 0; ; ) {
      const now = performance.now();
      if (now > windowEnd) break;
      const due = Math.floor(((now - begin) / 1000) * pairsPerSecond);
      for (; started < due; started++) {
        const annotatorIndex = idle.shift();
        if (annotatorIndex === undefined) {
          if (inWindow(now)) notStarted++;
          continue;
        }
        const p = pair(annotatorIndex);
        running.add(p);
        void p.finally(() => running.delete(p));
      }
      await sleep(2);
    }
    await Promise.race([Promise.all(running), sleep(35_000)]);
  } finally {
    for (const t of transports) t.close();
  }

  const seconds = settings.durationMs / 1000;
  const kinds: Record<string, KindFigures> = {};
  let served = 0;
  for (const [kind, h] of histograms) {
    served += h.count;
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
  return {
    offeredPerSecond: settings.requestsPerSecond,
    servedPerSecond: served / seconds,
    refusedShare: answered === 0 ? 0 : refused / answered,
    notStarted,
    kinds,
    errors: Object.fromEntries(errors),
  };
}
