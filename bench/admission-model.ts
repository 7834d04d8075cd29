/**
 * Admission control against `simulateSaturatedLoop`'s model of one saturated process, in 1 ms
 * steps: each admitted request adds `--cost-ms` of work (each refused one `--refusal-ms`), and
 * arrivals are Poisson at a share of what the loop can do. Prints, per share, the share refused
 * and the delay of admitted requests (p50, p99, max) once settled (the second half of the run).
 *
 *   node --import tsx bench/admission-model.ts [--gate path/to/admission.js] [--window-ms 50]
 *
 * `--gate` runs another build's gate (a baseline checkout's `packages/server/dist/admission.js`).
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { AdmissionLimits, AdmissionGate as Gate } from "../packages/server/src/admission.js";
import { seededRandom, simulateSaturatedLoop } from "../packages/server/src/admission-model.js";

const { values: flags } = parseArgs({
  options: {
    gate: { type: "string" },
    "window-ms": { type: "string", default: "50" },
    "cost-ms": { type: "string", default: "1.35" },
    /** What answering a 503 costs: the quiet http-sqlite run served 771 requests/s without the gate at 200%, about 550 with it while refusing about 800/s. */
    "refusal-ms": { type: "string", default: "0.3" },
    seconds: { type: "string", default: "60" },
  },
});
const { AdmissionGate, DEFAULT_ADMISSION } = (await import(
  flags.gate ? pathToFileURL(resolve(flags.gate)).href : "../packages/server/src/admission.js"
)) as {
  AdmissionGate: new (l: AdmissionLimits, lag: () => number, random: () => number, now: () => number) => Gate;
  DEFAULT_ADMISSION: AdmissionLimits;
};
const windowMs = Number(flags["window-ms"]);
const costMs = Number(flags["cost-ms"]);
const refusalMs = Number(flags["refusal-ms"]);
const steps = Number(flags.seconds) * 1000;

function poisson(mean: number, random: () => number) {
  let k = 0;
  for (let p = Math.exp(-mean), s = p, u = random(); u > s; k++) {
    p = (p * mean) / (k + 1);
    s += p;
  }
  return k;
}

function run(share: number) {
  const arrivals = seededRandom(2);
  const { offered, delays } = simulateSaturatedLoop({
    gate: (lag, random, now) => new AdmissionGate(DEFAULT_ADMISSION, lag, random, now),
    stepMs: 1,
    steps,
    windowMs,
    costMs,
    refusalMs,
    arrivals: () => poisson(share / costMs, arrivals),
  });
  const at = (q: number) => (delays[Math.min(delays.length - 1, Math.floor(delays.length * q))] ?? 0).toFixed(1);
  return `${Math.round(share * 100)}%: refused ${(100 * (1 - delays.length / offered)).toFixed(1)}%, admitted delay p50 ${at(0.5)} p99 ${at(0.99)} max ${at(1)} ms`;
}

console.log(
  `gate ${flags.gate ?? "of this checkout"}, lag window ${windowMs} ms, ${costMs} ms a request, ${refusalMs} ms a refusal`,
);
for (const share of [0.7, 1, 1.5, 2, 4]) console.log(run(share));
