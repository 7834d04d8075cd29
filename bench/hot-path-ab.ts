/**
 * Server CPU per next-task + judgment pair of two (or more) builds in one process, in process (no
 * HTTP socket: the app's `request`, with its middleware, routing, validation and JSON), each build
 * on its own SQLite WAL file. The builds take turns in short blocks of pairs (the order alternating
 * each round), so that a shared machine's changing load falls on all of them alike, which
 * separate runs of `hot-path-cpu.ts` cannot promise. Each build is a checkout's root with
 * `packages/{server,storage}/dist` built (a copy under /tmp of the old build, say).
 *
 *   node --import tsx bench/hot-path-ab.ts --build A=/tmp/old --build B=/work/wt/x [--db sqlite|postgres] [--rounds 20] [--block 100] [--warmup 300] [--tasks 20000] [--annotators 50] [--lanes 8] [--project JSON]
 *
 * `--project` adds fields to every build's project (e.g. '{"reviewPolicy":{"sampleShare":0.1}}'),
 * to price a setting against a build that does not know it (unknown body fields are ignored).
 *
 * Prints one line per round and build, then each build's CPU µs per pair over all rounds and the
 * median of its rounds, with the load average. On PostgreSQL also the CPU of the build's pool
 * backends (`pg-backend-cost.ts`), the sum of both, and the wall time per pair; a round is won by
 * the build with the lowest sum. Also each build's read- and write-like system calls per pair in
 * this process (`processIoSyscalls`): its round trips, counted without the noise of load (the
 * backends' recv and send are not counted in /proc, so theirs are not shown).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { appClient, hotPathProject } from "./app-client.js";
import { loadAverage, processIoSyscalls } from "./cpu.js";
import { pgBackendCost } from "./pg-backend-cost.js";

const { values: flags } = parseArgs({
  options: {
    build: { type: "string", multiple: true },
    rounds: { type: "string", default: "20" },
    block: { type: "string", default: "100" },
    warmup: { type: "string", default: "300" },
    tasks: { type: "string", default: "20000" },
    annotators: { type: "string", default: "50" },
    lanes: { type: "string", default: "8" },
    db: { type: "string", default: "sqlite" },
    project: { type: "string", default: "{}" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log(`usage: node --import tsx bench/hot-path-ab.ts --build NAME=ROOT --build NAME=ROOT [options]

Server CPU per next-task + judgment pair of each build (a checkout's root with
packages/{server,storage}/dist built), the builds taking turns in blocks of pairs.

  --db sqlite|postgres   database (default sqlite; postgres: QUORUM_TEST_DATABASE_URL)
  --rounds N             rounds of one block per build (default 20)
  --block N              pairs per block (default 100)
  --warmup N             pairs per build before measuring (default 300)
  --tasks N              tasks in the project (default 20000)
  --annotators N         annotators taking turns (default 50)
  --lanes N              pairs in flight at once (default 8)
  --project JSON         more fields of every build's project, e.g.
                         '{"reviewPolicy":{"sampleShare":0.1}}' (a build that does not know one ignores it)`);
  process.exit(0);
}
const onPostgres = flags.db === "postgres";
const pgUrl = process.env.QUORUM_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const benchDatabase = `quorum_ab_${process.pid}`;

/** Runs `text` on the server at `pgUrl`, outside any bench database (create and drop). */
async function pgAdmin(text: string) {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

interface Build {
  name: string;
  pairs: (count: number) => Promise<void>;
  close: () => Promise<void>;
  cpuUs: number;
  done: number;
  rounds: number[];
  /** PostgreSQL: CPU ms of the pool's backends so far. */
  backendMs?: () => number;
  /** I/O system calls of this process during the build's blocks. */
  syscalls: number;
  watchBackends: () => Promise<void>;
  backendUs: number;
  wallUs: number;
  totals: number[];
}

async function setUp(name: string, root: string): Promise<Build> {
  const server = await import(join(root, "packages/server/dist/index.js"));
  const storage = await import(join(root, "packages/storage/dist/index.js"));
  const dir = mkdtempSync(join(tmpdir(), `quorum-ab-${name}-`));
  const schema = `ab_${name.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`;
  const url = new URL(pgUrl);
  url.pathname = `/${benchDatabase}`;
  const database = onPostgres
    ? await storage.openDatabase({ url: url.toString(), schema })
    : await storage.openDatabase({ url: join(dir, "quorum.db") });
  await storage.migrateToLatest(database.db, onPostgres ? schema : undefined);
  const app = server.createApp({ database, now: () => Date.now(), secureCookies: false, log: () => {} });
  const client = appClient(app, name);
  await storage.insertUser(
    database.db,
    {
      email: "admin@bench.local",
      name: "Admin",
      passwordHash: await server.hashPassword("admin-password"),
      role: "admin",
    },
    Date.now(),
  );
  const admin = await client.login("admin@bench.local", "admin-password");
  const { pair } = await hotPathProject(client, admin, {
    tasks: Number(flags.tasks),
    annotators: Number(flags.annotators),
    label: name,
    project: JSON.parse(flags.project) as Record<string, unknown>,
  });
  const lanes = Number(flags.lanes);
  let turn = 0;
  const pool = onPostgres ? storage.pgPoolOf(database.db) : undefined;
  const build: Build = {
    name,
    cpuUs: 0,
    done: 0,
    rounds: [],
    // After the warm-up, when the pool holds its connections (an idle one closes after 10 s).
    async watchBackends() {
      const backend = pool && (await pgBackendCost(database, pool));
      if (backend) build.backendMs = backend.cpuMs;
    },
    backendUs: 0,
    wallUs: 0,
    totals: [],
    syscalls: 0,
    // Lanes of annotators working at once, as hot-path-cpu.ts has them.
    async pairs(count: number) {
      let next = 0;
      await Promise.all(
        Array.from({ length: lanes }, async (_, lane) => {
          for (let i = next++; i < count; i = next++)
            await pair(lane + lanes * (turn++ % Math.ceil(Number(flags.annotators) / lanes)));
        }),
      );
    },
    async close() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return build;
}

const builds: Build[] = [];
if (onPostgres) await pgAdmin(`create database ${benchDatabase}`);
try {
  for (const entry of flags.build ?? []) {
    const at = entry.indexOf("=");
    builds.push(await setUp(entry.slice(0, at), entry.slice(at + 1)));
  }
  for (const build of builds) await build.pairs(Number(flags.warmup));
  for (const build of builds) await build.watchBackends();
  const block = Number(flags.block);
  for (let round = 1; round <= Number(flags.rounds); round++) {
    const order = round % 2 === 1 ? builds : [...builds].reverse();
    for (const build of order) {
      const before = process.cpuUsage();
      const backendBefore = build.backendMs?.() ?? 0;
      const syscallsBefore = processIoSyscalls("self");
      const wall = performance.now();
      await build.pairs(block);
      const used = process.cpuUsage(before);
      build.syscalls += processIoSyscalls("self") - syscallsBefore;
      const us = used.user + used.system;
      const backendUs = ((build.backendMs?.() ?? 0) - backendBefore) * 1000;
      build.cpuUs += us;
      build.backendUs += backendUs;
      build.wallUs += (performance.now() - wall) * 1000;
      build.done += block;
      build.rounds.push(us / block);
      build.totals.push((us + backendUs) / block);
    }
    const shown = (b: Build) =>
      onPostgres
        ? `${b.name} ${b.rounds.at(-1)!.toFixed(0)}+${(b.totals.at(-1)! - b.rounds.at(-1)!).toFixed(0)}=${b.totals.at(-1)!.toFixed(0)}`
        : `${b.name} ${b.rounds.at(-1)!.toFixed(0)}`;
    console.log(
      `round ${round}: ${builds.map(shown).join(", ")} µs/pair${onPostgres ? " (node+backends)" : ""}, load ${loadAverage()}`,
    );
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const build of builds) {
    const won = build.totals.filter((total, i) => builds.every((other) => other.totals[i]! >= total)).length;
    console.log(
      `${build.name}: ${(build.cpuUs / build.done).toFixed(1)} µs CPU per pair over ${build.done} pairs, median of rounds ${median(build.rounds).toFixed(1)}` +
        (onPostgres
          ? `; backends ${(build.backendUs / build.done).toFixed(1)}, node+backends ${((build.cpuUs + build.backendUs) / build.done).toFixed(1)} (median ${median(build.totals).toFixed(1)}), wall ${(build.wallUs / build.done).toFixed(1)} µs/pair; rounds won ${won}/${build.totals.length}`
          : ""),
    );
  }
  for (const build of builds)
    console.log(`${build.name}: read/write system calls per pair ${(build.syscalls / build.done).toFixed(2)}`);
  console.log(`load ${loadAverage()}`);
} finally {
  for (const build of builds) await build.close();
  if (onPostgres) await pgAdmin(`drop database if exists ${benchDatabase}`);
}
