/**
 * Admission control against `simulateSaturatedLoop`'s model of one saturated process, in 1 ms
 * steps: each admitted request adds `--cost-ms` of work (each refused one `--refusal-ms`), and
 * arrivals are Poisson at a share of what the loop can do. Prints, per share, the share refused
 * and the delay of admitted requests (p50, p99, max) once settled (the second half of the run).
 *
 *   node --import tsx bench/admission-model.ts [--gate path/to/admission.js] [--window-ms 50]
 *
 * `--gate` runs another build's gate (a baseline checkout's `packages/server/dist/admission.js`).
 *
 * `--pairs`: arrivals are next-task + judgment pairs (the judgment a step after its admitted
 * next), run twice: judgments refused early like any request, and judgments never refused early
 * (`urgent`). Prints also the pairs completed, as a share of the pairs the loop could do.
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
    pairs: { type: "boolean", default: false },
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

function run(share: number, followUp?: { urgent: boolean }) {
  const arrivals = seededRandom(2);
  // Pairs cost two requests: `share` of the loop's capacity in requests either way.
  const perRequest = followUp ? 2 * costMs : costMs;
  const { offered, delays, completed } = simulateSaturatedLoop({
    gate: (lag, random, now) => new AdmissionGate(DEFAULT_ADMISSION, lag, random, now),
    stepMs: 1,
    steps,
    windowMs,
    costMs,
    refusalMs,
    arrivals: () => poisson(share / perRequest, arrivals),
    ...(followUp ? { followUp } : {}),
  });
  const at = (q: number) => (delays[Math.min(delays.length - 1, Math.floor(delays.length * q))] ?? 0).toFixed(1);
  const requests = followUp ? offered + (delays.length - completed) : offered;
  const refused = `refused ${(100 * (1 - delays.length / requests)).toFixed(1)}%`;
  const delay = `admitted delay p50 ${at(0.5)} p99 ${at(0.99)} max ${at(1)} ms`;
  if (!followUp) return `${Math.round(share * 100)}%: ${refused}, ${delay}`;
  const capacity = (steps / 2 / perRequest) * 1;
  const wasted = Math.max(0, delays.length - 2 * completed);
  return `${Math.round(share * 100)}%, judgments ${followUp.urgent ? "never refused early" : "refused like any request"}: ${refused}, pairs completed ${((100 * completed) / capacity).toFixed(0)}% of capacity, nexts without their judgment ${((100 * wasted) / Math.max(1, delays.length - completed)).toFixed(0)}%, ${delay}`;
}

console.log(
  `gate ${flags.gate ?? "of this checkout"}, lag window ${windowMs} ms, ${costMs} ms a request, ${refusalMs} ms a refusal`,
);
for (const share of [0.7, 1, 1.5, 2, 4])
  if (!flags.pairs) console.log(run(share));
  else for (const urgent of [false, true]) console.log(run(share, { urgent }));
