/**
 * What the projects page's "Getting started" costs to tick its invite steps in a workspace of many
 * people: the whole user list (`GET /users`, what it read before) against the counts by role
 * (`GET /users/role-counts`), in process (the app's `request`), on each dialect the tests reach.
 * Prints, per dialect, each route's response size and its median and 95th-percentile time over
 * `--calls` calls, with the load average.
 *
 *   node --import tsx bench/getting-started-people.ts [--people 10000] [--calls 30]
 */
import { parseArgs } from "node:util";
import { createApp, hashPassword } from "@quorum/server";
import { insertUser, testTargets } from "@quorum/storage";
import { appClient } from "./app-client.js";
import { loadAverage } from "./cpu.js";

const { values: flags } = parseArgs({
  options: { people: { type: "string", default: "10000" }, calls: { type: "string", default: "30" } },
});
const people = Number(flags.people);
const calls = Number(flags.calls);

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

for (const target of await testTargets()) {
  const database = await target.open();
  try {
    const at = Date.now();
    await insertUser(
      database.db,
      { email: "admin@bench.local", name: "Admin", passwordHash: await hashPassword("admin-password"), role: "admin" },
      at,
    );
    for (let from = 0; from < people; from += 500) {
      const rows = Array.from({ length: Math.min(500, people - from) }, (_, i) => ({
        email: `person-${from + i}@bench.local`,
        name: `Person ${from + i}`,
        password_hash: "x",
        role: (from + i) % 20 === 0 ? "reviewer" : "annotator",
        languages: '["en"]',
        skills: "{}",
        vendor: null,
        status: "active",
        language_levels: "{}",
        created_at: at,
      }));
      await database.db.insertInto("users").values(rows).execute();
    }
    const app = createApp({ database, now: () => Date.now(), secureCookies: false, log: () => {} });
    const client = appClient(app);
    const admin = await client.login("admin@bench.local", "admin-password");
    for (const path of ["/users", "/users/role-counts"]) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < calls + 3; i++) {
        const started = performance.now();
        const response = await app.request(`/api/v1${path}`, { headers: { cookie: admin } });
        const text = await response.text();
        if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
        if (i >= 3) times.push(performance.now() - started);
        bytes = Buffer.byteLength(text);
      }
      times.sort((a, b) => a - b);
      console.log(
        `${target.dialect}, ${people + 1} people: GET ${path}: ${bytes.toLocaleString("en")} bytes, p50 ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms`,
      );
    }
  } finally {
    await database.close();
  }
}
console.log(`load average ${loadAverage()}`);
