import { setTimeout as sleep } from "node:timers/promises";
import type { Annotator } from "./api.js";
import { Histogram } from "./histogram.js";
import { makeTransport, type Transport, type TransportKind } from "./http-client.js";
import { figuresOf, type KindFigures } from "./load.js";
import type { RunningServer } from "./processes.js";

/**
 * An open-loop load: "next task + judgment" pairs arrive at a fixed rate whatever the server's
 * latency (as a crowd does: people do not wait for each other), taken by the annotators in turn
 * (an annotator may have several pairs under way when the server is slow: their extra `next`
 * calls get a lease they hold back, and a second answer to it is refused, as for a person with
 * several tabs). A closed loop cannot show overload, since its clients slow down with the server;
 * here the queue grows unless the server refuses the excess. Connections are opened before the
 * load (a saturated Node server accepts new ones only in a lull), and the client never queues.
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
  /** Most pairs under way at once (the queue the server saw, at worst). */
  maxUnderWay: number;
  kinds: Record<string, KindFigures>;
  errors: Record<string, number>;
}

export async function measureOpenLoop(
  servers: RunningServer[],
  annotators: Annotator[],
  projectId: number,
  settings: OpenLoopSettings,
): Promise<OpenLoopResult> {
  const transports: Transport[] = servers.map((s) => makeTransport(settings.client, s.url, 4096));
  // Enough open connections for the most pairs an overload puts under way (700+ at 2× once a pair
  // cost ~1 ms): a connection opened during the overload waits for the saturated server's next
  // lull to be accepted (seconds), which would measure connection set-up, not admission.
  for (const t of transports) await Promise.all(Array.from({ length: 2048 }, () => t.get("/api/v1/health")));
  const histograms = new Map<string, Histogram>();
  const errors = new Map<string, number>();
  let answered = 0;
  let refused = 0;
  let underWay = 0;
  let maxUnderWay = 0;
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

  const pair = async () => {
    const n = pairNumber++;
    const annotator = annotators[n % annotators.length]!;
    underWay++;
    maxUnderWay = Math.max(maxUnderWay, underWay);
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
      underWay--;
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
        const p = pair();
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
  const { kinds, total: served } = figuresOf(histograms, seconds);
  return {
    offeredPerSecond: settings.requestsPerSecond,
    servedPerSecond: served / seconds,
    refusedShare: answered === 0 ? 0 : refused / answered,
    maxUnderWay,
    kinds,
    errors: Object.fromEntries(errors),
  };
}
