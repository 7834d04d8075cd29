/**
 * Server CPU per next-task + judgment pair of two (or more) builds in one process, in process (no
 * HTTP socket: the app's `request`, with its middleware, routing, validation and JSON), each build
 * on its own SQLite WAL file. The builds take turns in short blocks of pairs (the order alternating
 * each round), so that a shared machine's changing load falls on all of them alike, which
 * separate runs of `hot-path-cpu.ts` cannot promise. Each build is a checkout's root with
 * `packages/{server,storage}/dist` built (a copy under /tmp of the old build, say).
 *
 *   node --import tsx bench/hot-path-ab.ts --build A=/tmp/old --build B=/work/wt/x [--rounds 20] [--block 100] [--warmup 300] [--tasks 20000] [--annotators 50] [--lanes 8]
 *
 * Prints one line per round and build, then each build's CPU µs per pair over all rounds and the
 * median of its rounds, with the load average.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { appClient, hotPathProject } from "./app-client.js";

const { values: flags } = parseArgs({
  options: {
    build: { type: "string", multiple: true },
    rounds: { type: "string", default: "20" },
    block: { type: "string", default: "100" },
    warmup: { type: "string", default: "300" },
    tasks: { type: "string", default: "20000" },
    annotators: { type: "string", default: "50" },
    lanes: { type: "string", default: "8" },
  },
});
const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

interface Build {
  name: string;
  pairs: (count: number) => Promise<void>;
  close: () => Promise<void>;
  cpuUs: number;
  done: number;
  rounds: number[];
}

async function setUp(name: string, root: string): Promise<Build> {
  const server = await import(join(root, "packages/server/dist/index.js"));
  const storage = await import(join(root, "packages/storage/dist/index.js"));
  const dir = mkdtempSync(join(tmpdir(), `quorum-ab-${name}-`));
  const database = await storage.openDatabase({ url: join(dir, "quorum.db") });
  await storage.migrateToLatest(database.db);
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
  });
  const lanes = Number(flags.lanes);
  let turn = 0;
  return {
    name,
    cpuUs: 0,
    done: 0,
    rounds: [],
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
}

const builds: Build[] = [];
try {
  for (const entry of flags.build ?? []) {
    const at = entry.indexOf("=");
    builds.push(await setUp(entry.slice(0, at), entry.slice(at + 1)));
  }
  for (const build of builds) await build.pairs(Number(flags.warmup));
  const block = Number(flags.block);
  for (let round = 1; round <= Number(flags.rounds); round++) {
    const order = round % 2 === 1 ? builds : [...builds].reverse();
    for (const build of order) {
      const before = process.cpuUsage();
      await build.pairs(block);
      const used = process.cpuUsage(before);
      const us = used.user + used.system;
      build.cpuUs += us;
      build.done += block;
      build.rounds.push(us / block);
    }
    console.log(
      `round ${round}: ${builds.map((b) => `${b.name} ${b.rounds.at(-1)!.toFixed(0)}`).join(", ")} µs/pair, load ${loadavg()}`,
    );
  }
  for (const build of builds) {
    const sorted = [...build.rounds].sort((a, b) => a - b);
    console.log(
      `${build.name}: ${(build.cpuUs / build.done).toFixed(1)} µs CPU per pair over ${build.done} pairs, median of rounds ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)}`,
    );
  }
  console.log(`load ${loadavg()}`);
} finally {
  for (const build of builds) await build.close();
}
