/**
 * CPU per request of the HTTP-layer steps the labeling routes changed, old way against new, in
 * one process: inside one request served by @hono/node-server (real Node headers and socket), each
 * step runs `--calls` times per block, the two ways taking turns block by block. A step's µs per
 * call is what one request spends on it; a busy machine inflates both ways alike.
 *
 *   node --import tsx bench/http-layer-parts.ts [--calls 20000] [--rounds 10]
 *
 * Steps: the session cookie (hono's getCookie against readCookie), the judgment body (Zod's
 * safeParse against acceptJudgmentBody), the client address (worked out per request against not).
 */
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { requestClientAddress } from "../packages/server/dist/auth/request-address.js";
import { readCookie } from "../packages/server/dist/auth/session-cookie.js";
import { acceptJudgmentBody, JudgmentBody } from "../packages/server/dist/routes/judgment-body.js";
import { loadAverage } from "./cpu.js";

const { values: flags } = parseArgs({
  options: { calls: { type: "string", default: "20000" }, rounds: { type: "string", default: "10" } },
});
const CALLS = Number(flags.calls);
const ROUNDS = Number(flags.rounds);

type Step = [name: string, old: (c: never) => unknown, now: (c: never) => unknown];

const body = JSON.parse(JSON.stringify({ value: 3, activeMs: 1042, clientKey: "A-1-123-42" }));
const deps = { trustedProxies: [] };
const steps: Step[] = [
  ["session cookie", (c) => getCookie(c, "quorum_session"), (c) => readCookie(c, "quorum_session")],
  ["judgment body", () => JudgmentBody.safeParse(body), () => acceptJudgmentBody(body)],
  ["client address", (c) => requestClientAddress(c), () => undefined],
];

function cpuUsPerCall(run: (c: never) => unknown, c: never): number {
  let sink = 0;
  const before = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) if (run(c) !== undefined) sink++;
  const used = process.cpuUsage(before);
  if (sink < 0) console.log(sink);
  return (used.user + used.system) / CALLS;
}

const app = new Hono();
app.post("/", (c) => {
  c.set("deps" as never, deps as never);
  const lines: string[] = [];
  for (const [name, old, now] of steps) {
    let oldUs = 0;
    let newUs = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating which goes first, so that neither always runs on a cooler cache.
      if (round % 2 === 0) {
        oldUs += cpuUsPerCall(old, c as never);
        newUs += cpuUsPerCall(now, c as never);
      } else {
        newUs += cpuUsPerCall(now, c as never);
        oldUs += cpuUsPerCall(old, c as never);
      }
    }
    lines.push(`${name}: old ${(oldUs / ROUNDS).toFixed(3)} µs, new ${(newUs / ROUNDS).toFixed(3)} µs per request`);
  }
  return c.text(lines.join("\n"));
});

const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
await new Promise((resolve) => server.once("listening", resolve));
const { port } = server.address() as AddressInfo;
const response = await fetch(`http://127.0.0.1:${port}/`, {
  method: "POST",
  headers: { cookie: "quorum_session=Q2xk3-fW_0aZ9bYcX7vU6tS5rR4qP3oN", "content-type": "application/json" },
  body: JSON.stringify(body),
});
console.log(await response.text());
console.log(`load ${loadAverage()}`);
server.close();
