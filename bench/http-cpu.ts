/**
 * Server CPU time per next-task + judgment pair over real HTTP (issue 8), builds compared in
 * alternation on one SQLite database: `quorum serve` of each build in turn, annotators sending
 * pairs at a fixed rate over keep-alive connections, the server's CPU read from /proc.
 *
 *   node --import tsx bench/http-cpu.ts --bin A=/path/a/quorum.js --bin B=/path/b/quorum.js
 *     [--rounds 2] [--rate 120] [--seconds 15] [--warmup 3] [--annotators 50] [--tasks 20000] [--servers 1,2]
 *
 * `--servers 1,2` runs each build with one and then two server processes on the one database file
 * (annotators spread over them; only the first runs re-fits and monitors, as a `--workers`
 * primary would): CPU per pair is then the servers' together, and each run also prints how often a
 * process found the database locked by the other.
 *
 * A fixed rate below saturation makes the CPU per pair comparable on a busy machine, where a
 * closed loop's rate follows whatever the rest of the machine leaves. Prints one line per run, with
 * the p50 and p99 latency of next and judgment calls in the measured window.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createAnnotators, createRatingProject, login } from "./api.js";
import { processCpuSeconds } from "./cpu.js";
import { Histogram } from "./histogram.js";
import { nodeHttpTransport } from "./http-client.js";
import { QUORUM_BIN, type RunningServer, startQuorum } from "./processes.js";

const { values: flags } = parseArgs({
  options: {
    bin: { type: "string", multiple: true },
    rounds: { type: "string", default: "2" },
    rate: { type: "string", default: "120" },
    seconds: { type: "string", default: "15" },
    warmup: { type: "string", default: "3" },
    annotators: { type: "string", default: "50" },
    tasks: { type: "string", default: "20000" },
    servers: { type: "string", default: "1" },
  },
});
const builds = (flags.bin ?? [`current=${QUORUM_BIN}`]).map((entry) => {
  const at = entry.indexOf("=");
  return { name: entry.slice(0, at), bin: entry.slice(at + 1) };
});
const RATE = Number(flags.rate);
const SERVER_COUNTS = flags.servers.split(",").map(Number);
const ADMIN = { email: "admin@bench.quorum", password: "bench-admin-password" };
const dataDir = mkdtempSync(join(tmpdir(), "quorum-http-cpu-"));
const env = {
  QUORUM_DATA_DIR: dataDir,
  DATABASE_URL: "",
  QUORUM_PG_SCHEMA: "",
  QUORUM_ADMIN_EMAIL: ADMIN.email,
  QUORUM_ADMIN_PASSWORD: ADMIN.password,
  // Admission control off, as in the closed-loop bench: on a busy machine it would refuse pairs.
  QUORUM_MAX_IN_FLIGHT: "0",
};

const serve = (bin: string, label: string, first = true) =>
  startQuorum(label, first ? env : { ...env, QUORUM_REFIT_MINUTES: "0", QUORUM_MONITOR_SECONDS: "0" }, undefined, bin);

async function setUp() {
  const server = await serve(builds[0]!.bin, "setup");
  try {
    const admin = await login(server.url, ADMIN.email, ADMIN.password);
    const projectId = await createRatingProject(server.url, admin, "HTTP CPU", 3);
    const lines = Array.from({ length: Number(flags.tasks) }, (_, i) => JSON.stringify({ data: { text: `t${i}` } }));
    const imported = await fetch(`${server.url}/api/v1/projects/${projectId}/imports`, {
      method: "POST",
      headers: { cookie: admin, "content-type": "application/x-ndjson" },
      body: `${lines.join("\n")}\n`,
    });
    if (imported.status !== 200) throw new Error(`import: ${imported.status} ${await imported.text()}`);
    const annotators = await createAnnotators([server.url], admin, {
      count: Number(flags.annotators),
      prefix: "cpu",
      concurrency: 2,
    });
    return { projectId, annotators };
  } finally {
    await server.stop();
  }
}

async function run(
  build: { name: string; bin: string },
  setup: Awaited<ReturnType<typeof setUp>>,
  round: number,
  count: number,
) {
  const servers: RunningServer[] = [];
  for (let i = 0; i < count; i++) servers.push(await serve(build.bin, `${build.name}-${round}-${i + 1}`, i === 0));
  const transports = servers.map((server) => nodeHttpTransport(server.url));
  const cpuOf = () => servers.reduce((sum, server) => sum + processCpuSeconds(server.pid), 0);
  const busy = new Set<number>();
  let pairs = 0;
  const failures = new Map<string, number>();
  // Latency of each call in the measured window only (`measuring` is set after the warm-up).
  let measuring = false;
  const latency = { next: new Histogram(), judgment: new Histogram() };
  const timed = async <T>(kind: "next" | "judgment", call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await call();
    if (measuring) latency[kind].record(performance.now() - started);
    return result;
  };
  const pair = async (who: number) => {
    const annotator = setup.annotators[who]!;
    busy.add(who);
    const transport = transports[who % transports.length]!;
    try {
      const next = await timed("next", () =>
        transport.post(`/api/v1/projects/${setup.projectId}/assignments/next`, { cookie: annotator.cookie }),
      );
      if (next.status !== 200) throw new Error(`next ${next.status} ${next.body.slice(0, 80)}`);
      const id = (JSON.parse(next.body) as { assignment: { id: number } }).assignment.id;
      const judged = await timed("judgment", () =>
        transport.post(
          `/api/v1/assignments/${id}/judgment`,
          { cookie: annotator.cookie, "content-type": "application/json" },
          JSON.stringify({
            value: who % 5,
            activeMs: 1000 + who,
            clientKey: `${build.name}-${count}-${round}-${pairs}-${who}`,
          }),
        ),
      );
      if (judged.status !== 201) throw new Error(`judgment ${judged.status} ${judged.body.slice(0, 80)}`);
      pairs++;
    } catch (error) {
      const key = (error as Error).message;
      failures.set(key, (failures.get(key) ?? 0) + 1);
    } finally {
      busy.delete(who);
    }
  };
  const until = async (ms: number) => {
    const end = performance.now() + ms;
    let who = 0;
    let due = performance.now();
    while (performance.now() < end) {
      due += 1000 / RATE;
      who = (who + 1) % setup.annotators.length;
      if (!busy.has(who)) void pair(who);
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
  try {
    await until(Number(flags.warmup) * 1000);
    measuring = true;
    const cpuBefore = cpuOf();
    const pairsBefore = pairs;
    const started = performance.now();
    await until(Number(flags.seconds) * 1000);
    const cpu = cpuOf() - cpuBefore;
    const done = pairs - pairsBefore;
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${build.name} ×${count} round ${round}: ${(done / seconds).toFixed(0)} pairs/s, server ${(cpu / seconds).toFixed(2)} cores, ` +
        `${((cpu * 1000) / done).toFixed(3)} ms CPU per pair, ` +
        `next p50/p99 ${latency.next.percentile(50).toFixed(1)}/${latency.next.percentile(99).toFixed(1)} ms, ` +
        `judgment p50/p99 ${latency.judgment.percentile(50).toFixed(1)}/${latency.judgment.percentile(99).toFixed(1)} ms, failures ${JSON.stringify(Object.fromEntries(failures))}, load ${loadavg()
          .map((l) => l.toFixed(2))
          .join(" ")}`,
    );
  } finally {
    for (const transport of transports) transport.close();
    for (const server of servers) await server.stop();
  }
  const locked = servers.map((server) => /SQLite: \d+ tries found[^\n]*/.exec(server.log())?.[0]).filter(Boolean);
  if (locked.length > 0) console.log(`  ${locked.join("; ")}`);
}

try {
  const setup = await setUp();
  for (let round = 1; round <= Number(flags.rounds); round++)
    for (const build of builds) for (const count of SERVER_COUNTS) await run(build, setup, round, count);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
