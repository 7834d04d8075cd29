// Forecasting speed: the finish-day distribution (ETA) of a 1,000,000-judgment backlog, ETS
// model selection on daily and hourly series, and GET /projects/{id}/forecast on a project of
// 1,000,000 tasks (target < 200 ms) on SQLite and, with QUORUM_TEST_DATABASE_URL, PostgreSQL.
// Run: npx tsx bench/forecast.ts [--runs 5] [--route-tasks 1000000] [--route-runs 20]
//      [--route-cases fixed,dynamic] [--no-route-sqlite]
// Prints Markdown to stdout and writes it to bench/out/forecast.md. Each figure is the first
// (cold: a fresh process, as `quorum forecast eta` runs it) and the median of --runs more.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { forecastEta } from "../packages/core/src/forecast/eta.js";
import { selectEts } from "../packages/core/src/forecast/ets.js";
import { mulberry32 } from "../packages/core/src/quality/random.js";
import { type ForecastRouteFigure, measureForecastRoute } from "./forecast-route.js";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    "route-tasks": { type: "string", default: "1000000" },
    "route-runs": { type: "string", default: "20" },
    "route-cases": { type: "string", default: "fixed,dynamic" },
    "no-route-sqlite": { type: "boolean", default: false },
  },
});
const runs = Number(args.runs);

/** Days of a large project: about 30,000 judgments a weekday, 12,000 at weekends, ±25%. */
function bigProjectHistory(days = 28): number[] {
  const random = mulberry32(7);
  return Array.from({ length: days }, (_, day) => {
    const base = day % 7 >= 5 ? 12_000 : 30_000;
    return Math.round(base * (0.75 + 0.5 * random()));
  });
}

/** Wall and CPU time (user + system) of the first run and the median of `runs` more. */
function time<T>(work: () => T) {
  const measure = () => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = work();
    const used = process.cpuUsage(cpu);
    return { result, wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
  };
  const first = measure();
  const warm = Array.from({ length: runs }, measure);
  const median = (key: "wall" | "cpu") =>
    warm.map((m) => m[key]).sort((a, b) => a - b)[Math.floor(runs / 2)] ?? first[key];
  return { result: first.result, first, warmWall: median("wall"), warmCpu: median("cpu") };
}

const rows: string[] = [];
const ms = (v: number) => `${v.toFixed(1)} ms`;
const history = bigProjectHistory();
const random = mulberry32(11);
const daily = Array.from({ length: 56 }, (_, t) =>
  Math.round(20_000 + 150 * t + 6_000 * Math.sin((2 * Math.PI * t) / 7) + 2_000 * (random() - 0.5)),
);
const hourly = Array.from({ length: 24 * 14 }, (_, t) =>
  Math.max(0, Math.round(300 * Math.sin((Math.PI * (t % 24)) / 24) ** 2 + 40 * (random() - 0.5))),
);

const cases: [string, () => string][] = [
  [
    "ETA, backlog 1,000,000, 28-day history of a large project (12k–37k a day)",
    () => JSON.stringify(forecastEta(history, 1_000_000).days),
  ],
  [
    "ETA, backlog 1,000,000, 365-day history of the same project",
    () => JSON.stringify(forecastEta(bigProjectHistory(365), 1_000_000).days),
  ],
  [
    "ETA, backlog 1,000,000, history 0,3,5 (about 375,000 days)",
    () => JSON.stringify(forecastEta([0, 3, 5], 1_000_000).days),
  ],
  ["ETA, backlog 10,000,000, the large project's history", () => JSON.stringify(forecastEta(history, 10_000_000).days)],
  ["ETA, backlog 20, history 0,3,5", () => JSON.stringify(forecastEta([0, 3, 5], 20).days)],
  ["ETS selection, 56 daily values, season 7 (6 models)", () => selectEts(daily, { period: 7 }).model],
  ["ETS selection, 336 hourly values, season 24 (6 models)", () => selectEts(hourly, { period: 24 }).model],
];
for (const [name, work] of cases) {
  const { result, first, warmWall, warmCpu } = time(work);
  rows.push(`| ${name} | ${ms(first.wall)} (${ms(first.cpu)}) | ${ms(warmWall)} (${ms(warmCpu)}) | \`${result}\` |`);
}

const routeFigures: ForecastRouteFigure[] = [];
const routeUrls = args["no-route-sqlite"] ? [] : [`/tmp/quorum-forecast-bench-${process.pid}.db`];
if (process.env.QUORUM_TEST_DATABASE_URL) routeUrls.push(process.env.QUORUM_TEST_DATABASE_URL);
for (const url of routeUrls)
  for (const dynamic of args["route-cases"].split(",").map((c) => c.trim() === "dynamic"))
    routeFigures.push(
      await measureForecastRoute(url, {
        tasks: Number(args["route-tasks"]),
        runs: Number(args["route-runs"]),
        dynamic,
      }),
    );

const report = [
  `Forecast speed (${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores): wall time (CPU time), first run and median of ${runs} more`,
  "",
  "| case | first run | warm median | result |",
  "| --- | ---: | ---: | --- |",
  ...rows,
  "",
  `GET /projects/{id}/forecast through the app (in-process requests, session cookie), first call and median / p95 of ${args["route-runs"]} more:`,
  "",
  "| database | tasks | overlap | set-up | first call | median | p95 | result |",
  "| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |",
  ...routeFigures.map(
    (f) =>
      `| ${f.dialect} | ${f.tasks.toLocaleString("en-US")} | ${f.overlap} | ${f.setupSeconds.toFixed(0)} s | ${ms(f.firstMs)} | ${ms(f.medianMs)} | ${ms(f.p95Ms)} | \`${f.result}\` |`,
  ),
  "",
].join("\n");
process.stdout.write(report);
mkdirSync("bench/out", { recursive: true });
writeFileSync("bench/out/forecast.md", report);
