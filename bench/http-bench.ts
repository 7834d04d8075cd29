import { setTimeout as sleep } from "node:timers/promises";
import type { Annotator } from "./api.js";
import { type CpuSnapshot, coresUsed, cpuSnapshot, machineCpuSeconds } from "./cpu.js";
import { makeTransport, type Transport, type TransportKind } from "./http-client.js";
import { type LoadResult, type Recorder, runLoad } from "./load.js";
import type { RunningServer } from "./processes.js";

export interface LoadSettings {
  workers: number;
  warmupMs: number;
  durationMs: number;
  client: TransportKind;
  /** Pause after each of an annotator's calls (0: back to back, the closed-loop default). */
  thinkMs: number;
}

export interface MeasuredLoad {
  result: LoadResult;
  /** Cores used during the window: "client" (this process), each server, "postgres", and "other" (everything else on the machine). */
  cores: Record<string, number>;
}

/**
 * Waits (at most `maxMs`) until the rest of the machine uses less than `threshold` cores, so that
 * other work on a shared machine disturbs the measurement as little as possible.
 */
export async function waitForQuietMachine(maxMs: number, threshold = 0.3): Promise<number> {
  const deadline = Date.now() + maxMs;
  let busy = 0;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const a = machineCpuSeconds();
    await sleep(1000);
    const b = machineCpuSeconds();
    busy = b.busy - a.busy;
    if (busy < threshold || Date.now() > deadline) return busy;
    if (attempt % 5 === 0) console.log(`  waiting for a quieter machine (${busy.toFixed(2)} cores busy elsewhere)`);
  }
  return busy;
}

async function measure(
  settings: LoadSettings,
  targets: Record<string, number | string>,
  iterate: (worker: number, recorder: Recorder) => Promise<"continue" | "stop" | "failed">,
): Promise<MeasuredLoad> {
  let start: CpuSnapshot | undefined;
  let end: CpuSnapshot | undefined;
  const all = { client: process.pid, ...targets };
  const result = await runLoad(
    {
      workers: settings.workers,
      warmupMs: settings.warmupMs,
      durationMs: settings.durationMs,
      onWindowStart: () => {
        start = cpuSnapshot(all);
      },
      onWindowEnd: () => {
        end = cpuSnapshot(all);
      },
    },
    iterate,
  );
  const cores: Record<string, number> = {};
  if (start && end) {
    const used = coresUsed(start, end);
    Object.assign(cores, used.processes);
    const ours = Object.values(used.processes).reduce((a, b) => a + b, 0);
    cores.machine = used.machine;
    cores.other = Math.max(0, used.machine - ours);
  }
  return { result, cores };
}

/**
 * Opens the client's keep-alive connections before the load, while the server is idle. A Node
 * server saturated with work accepts new connections only when it has a lull (seen here: the
 * first request of the last annotators to connect waited 5-25 s, and the same happens with a
 * plain `node:http` server doing 1.5 ms of work per request), which would measure connection
 * set-up under overload rather than steady-state serving.
 */
async function openConnections(transports: Transport[], count: number, call: (t: Transport) => Promise<unknown>) {
  for (const transport of transports) await Promise.all(Array.from({ length: count }, () => call(transport)));
}

const JUDGMENT_LIKE_BODY = JSON.stringify({ value: 2, activeMs: 12_345, clientKey: "w17-123456" });

/** The reference: the bare Hono route, same client, same concurrency, same body size as a judgment. */
export async function measureBare(server: RunningServer, settings: LoadSettings): Promise<MeasuredLoad> {
  const transport = makeTransport(settings.client, server.url);
  const headers = { "content-type": "application/json" };
  try {
    await openConnections([transport], settings.workers, (t) => t.post("/x", headers, JUDGMENT_LIKE_BODY));
    return await measure(settings, { [server.label]: server.pid }, async (_worker, recorder) => {
      const started = performance.now();
      const response = await transport.post("/x", headers, JUDGMENT_LIKE_BODY);
      if (response.status !== 200) {
        recorder.failure(`bare ${response.status}`);
        return "failed";
      }
      recorder.success("bare", started);
      if (settings.thinkMs > 0) await sleep(settings.thinkMs);
      return "continue";
    });
  } finally {
    transport.close();
  }
}

function errorKey(kind: string, status: number, body: string): string {
  try {
    const code = (JSON.parse(body) as { error?: { code?: string } }).error?.code;
    return `${kind} ${status}${code ? ` ${code}` : ""}`;
  } catch {
    return `${kind} ${status}`;
  }
}

/**
 * Simulated annotators over HTTP: each loops "next task" then "judgment" on a random rating.
 * With several servers, successive calls of one annotator go round-robin over them (as behind a
 * load balancer without sticky sessions), so the load is split evenly and leases taken on one
 * process are answered on another.
 */
export async function measureQuorum(
  servers: RunningServer[],
  annotators: Annotator[],
  projectId: number,
  settings: LoadSettings,
  extraTargets: Record<string, number | string> = {},
): Promise<MeasuredLoad> {
  const transports: Transport[] = servers.map((s) => makeTransport(settings.client, s.url));
  const runTag = Date.now().toString(36);
  const sequence = new Array<number>(settings.workers).fill(0);
  const nextPath = `/api/v1/projects/${projectId}/assignments/next`;
  const targets: Record<string, number | string> = { ...extraTargets };
  for (const s of servers) targets[s.label] = s.pid;
  try {
    await openConnections(transports, settings.workers, (t) => t.get("/api/v1/health"));
    return await measure(settings, targets, async (worker, recorder) => {
      const annotator = annotators[worker % annotators.length]!;
      const call = sequence[worker]!;
      sequence[worker] = call + 2;
      // Paced annotators start at random moments, not all in the same millisecond.
      if (call === 0 && settings.thinkMs > 0) await sleep(Math.random() * settings.thinkMs);
      const first = transports[(worker + call) % transports.length]!;
      const second = transports[(worker + call + 1) % transports.length]!;
      const cookieOnly = { cookie: annotator.cookie };

      let started = performance.now();
      const next = await first.post(nextPath, cookieOnly);
      if (next.status === 204) {
        recorder.success("next", started);
        return "stop";
      }
      if (next.status !== 200) {
        recorder.failure(errorKey("next", next.status, next.body));
        return "failed";
      }
      recorder.success("next", started);
      const assignmentId = (JSON.parse(next.body) as { assignment: { id: number } }).assignment.id;
      if (settings.thinkMs > 0) await sleep(settings.thinkMs);

      const body = JSON.stringify({
        value: Math.floor(Math.random() * 5),
        activeMs: 500 + Math.floor(Math.random() * 20_000),
        clientKey: `${runTag}-${worker}-${call}`,
      });
      started = performance.now();
      const judged = await second.post(
        `/api/v1/assignments/${assignmentId}/judgment`,
        { cookie: annotator.cookie, "content-type": "application/json" },
        body,
      );
      if (judged.status !== 201) {
        recorder.failure(errorKey("judgment", judged.status, judged.body));
        return "failed";
      }
      recorder.success("judgment", started);
      if (settings.thinkMs > 0) await sleep(settings.thinkMs);
      return "continue";
    });
  } finally {
    for (const t of transports) t.close();
  }
}
