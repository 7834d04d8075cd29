/**
 * The console pages (bench/pages.ts) on a database kept by an earlier run (`npm run bench --
 * --only pages --keep`), so that two versions of the server can be compared on the same data,
 * alternating, without building it again. Admission control off, as in `npm run bench`.
 *
 *   node --import tsx bench/pages-on.ts --data-dir bench/out/work-<pid>/sqlite [--project 1] [--rounds 2] [--loads 30]
 *   node --import tsx bench/pages-on.ts --pg-url URL --pg-schema SCHEMA [--project 1]
 */
import { parseArgs } from "node:util";
import { login } from "./api.js";
import { measurePages } from "./pages.js";
import { killAllChildren, startQuorum } from "./processes.js";

const { values: flags } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    "pg-url": { type: "string" },
    "pg-schema": { type: "string" },
    project: { type: "string", default: "1" },
    rounds: { type: "string", default: "1" },
    loads: { type: "string", default: "30" },
    email: { type: "string", default: "admin@bench.quorum" },
    password: { type: "string", default: "bench-admin-password" },
  },
});

const env: NodeJS.ProcessEnv = flags["pg-url"]
  ? { DATABASE_URL: flags["pg-url"], QUORUM_PG_SCHEMA: flags["pg-schema"] ?? "" }
  : { QUORUM_DATA_DIR: flags["data-dir"], DATABASE_URL: "", QUORUM_PG_SCHEMA: "" };
if (!flags["pg-url"] && !flags["data-dir"]) throw new Error("give --data-dir (SQLite) or --pg-url and --pg-schema");

try {
  const server = await startQuorum("quorum-pages-on", { ...env, QUORUM_MAX_IN_FLIGHT: "0" });
  try {
    const cookie = await login(server.url, flags.email, flags.password);
    for (let round = 1; round <= Number(flags.rounds); round++)
      for (const f of await measurePages(server.url, cookie, Number(flags.project), Number(flags.loads), server.pid))
        console.log(
          `round ${round}: ${f.page}: p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms; calls (p95) ${Object.entries(
            f.calls,
          )
            .map(([path, p95]) => `${path} ${p95.toFixed(1)}`)
            .join(", ")}; server CPU per load ${f.cpu?.perLoadMs.toFixed(1)} ms, per call alone ${Object.entries(
            f.cpu?.perCallMs ?? {},
          )
            .map(([path, ms]) => `${path} ${ms.toFixed(1)}`)
            .join(", ")}; load average ${f.loadAverage.map((l) => l.toFixed(1)).join(" → ")}`,
        );
  } finally {
    await server.stop();
  }
} finally {
  killAllChildren();
}
