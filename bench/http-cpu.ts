/**
 * Server CPU time per next-task + judgment pair over real HTTP (issue 8), builds compared in
 * alternation on one SQLite database: `quorum serve` of each build in turn, annotators sending
 * pairs at a fixed rate over keep-alive connections, the server's CPU read from /proc.
 *
 *   node --import tsx bench/http-cpu.ts --bin A=/path/a/quorum.js --bin B=/path/b/quorum.js
 *     [--rounds 2] [--rate 120] [--seconds 15] [--warmup 3] [--annotators 50] [--tasks 20000] [--profile DIR]
 *
 * `--profile DIR` runs each measured server with `node --cpu-prof` into DIR (one file per run,
 * named after build and round) and prints each profile's summary (`profile.ts`); the sampling
 * adds CPU, so take the CPU per pair from a run without it.
 *
 * A fixed rate below saturation makes the CPU per pair comparable on a busy machine, where a
 * closed loop's rate follows whatever the rest of the machine leaves. Prints one line per run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createAnnotators, createRatingProject, login } from "./api.js";
import { processCpuSeconds } from "./cpu.js";
import { nodeHttpTransport } from "./http-client.js";
import { QUORUM_BIN, startQuorum } from "./processes.js";
import { profileMarkdown, summarizeProfile } from "./profile.js";

const { values: flags } = parseArgs({
  options: {
    bin: { type: "string", multiple: true },
    rounds: { type: "string", default: "2" },
    rate: { type: "string", default: "120" },
    seconds: { type: "string", default: "15" },
    warmup: { type: "string", default: "3" },
    annotators: { type: "string", default: "50" },
    tasks: { type: "string", default: "20000" },
    profile: { type: "string" },
  },
});
const builds = (flags.bin ?? [`current=${QUORUM_BIN}`]).map((entry) => {
  const at = entry.indexOf("=");
  return { name: entry.slice(0, at), bin: entry.slice(at + 1) };
});
const RATE = Number(flags.rate);
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

const serve = (bin: string, label: string, profileDir?: string) => startQuorum(label, env, profileDir, bin);

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

async function run(build: { name: string; bin: string }, setup: Awaited<ReturnType<typeof setUp>>, round: number) {
  const label = `${build.name}-${round}`;
  const server = await serve(build.bin, label, flags.profile);
  const transport = nodeHttpTransport(server.url);
  const busy = new Set<number>();
  let pairs = 0;
  const failures = new Map<string, number>();
  const pair = async (who: number) => {
    const annotator = setup.annotators[who]!;
    busy.add(who);
    try {
      const next = await transport.post(`/api/v1/projects/${setup.projectId}/assignments/next`, {
        cookie: annotator.cookie,
      });
      if (next.status !== 200) throw new Error(`next ${next.status} ${next.body.slice(0, 80)}`);
      const id = (JSON.parse(next.body) as { assignment: { id: number } }).assignment.id;
      const judged = await transport.post(
        `/api/v1/assignments/${id}/judgment`,
        { cookie: annotator.cookie, "content-type": "application/json" },
        JSON.stringify({ value: who % 5, activeMs: 1000 + who, clientKey: `${build.name}-${round}-${pairs}-${who}` }),
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
    const cpuBefore = processCpuSeconds(server.pid);
    const pairsBefore = pairs;
    const started = performance.now();
    await until(Number(flags.seconds) * 1000);
    const cpu = processCpuSeconds(server.pid) - cpuBefore;
    const done = pairs - pairsBefore;
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${build.name} round ${round}: ${(done / seconds).toFixed(0)} pairs/s, server ${(cpu / seconds).toFixed(2)} cores, ` +
        `${((cpu * 1000) / done).toFixed(3)} ms CPU per pair, failures ${JSON.stringify(Object.fromEntries(failures))}, load ${loadavg()
          .map((l) => l.toFixed(2))
          .join(" ")}`,
    );
  } finally {
    transport.close();
    await server.stop();
  }
  if (flags.profile) console.log(profileMarkdown(summarizeProfile(join(flags.profile, `${label}.cpuprofile`), 40)));
}

try {
  const setup = await setUp();
  for (let round = 1; round <= Number(flags.rounds); round++)
    for (const build of builds) await run(build, setup, round);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
