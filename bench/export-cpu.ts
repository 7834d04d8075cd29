/**
 * `quorum export` of an existing project, measured A/B: variants (a build × a thread count) run in
 * turn, their order rotating each round, each a process of its own timed by `/usr/bin/time` (CPU
 * seconds, peak RSS); on PostgreSQL the CPU of the backends connected to the URL's database too
 * (give the bench a database of its own), and the two summed ("in all"). On a shared machine the wall-clock rate moves with everyone else's load;
 * CPU seconds per million judgments is the figure to compare. Every variant's file must be
 * byte-identical to the first one's, or the run fails.
 *
 *   node --import tsx bench/export-cpu.ts --data-dir DIR --project ID
 *     [--pg-url URL --pg-schema NAME]   PostgreSQL instead of the SQLite file in DIR
 *     [--formats jsonl,csv] [--threads 0,default] [--rounds 3]
 *     [--bin PATH]                      the `quorum` to measure (default: this checkout's)
 *     [--baseline-bin PATH]             also run another build's `quorum` (a checkout of main, say)
 *     [--variant NAME=PATH]...          also run these builds' `quorum` (repeat for each)
 *     [--profile DIR]                   one extra profiled run per format (threads 0), summarised
 *
 * A project to export: `npm run bench -- --only export --keep` leaves its SQLite database in
 * bench/out/work-PID/sqlite (the export project is the last one); `--only export-pg --keep
 * --skip-pages --pg-url URL` leaves its PostgreSQL schema (printed) in the database at URL.
 */
import { createHash } from "node:crypto";
import { createReadStream, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { watchDatabaseBackends } from "./database-backends-cpu.js";
import { QUORUM_BIN, ROOT, runQuorumCli } from "./processes.js";
import { profileMarkdown, summarizeProfiles } from "./profile.js";

const { values: flags } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    "pg-url": { type: "string" },
    "pg-schema": { type: "string" },
    project: { type: "string" },
    formats: { type: "string", default: "jsonl,csv" },
    threads: { type: "string", default: "0,default" },
    rounds: { type: "string", default: "3" },
    bin: { type: "string" },
    "baseline-bin": { type: "string" },
    variant: { type: "string", multiple: true, default: [] },
    profile: { type: "string" },
    out: { type: "string", default: join(ROOT, "bench/out/export-cpu.md") },
  },
});

if (!flags.project || !(flags["data-dir"] || flags["pg-url"]))
  throw new Error("--project and --data-dir (SQLite) or --pg-url (PostgreSQL) are required");

const env: NodeJS.ProcessEnv = flags["pg-url"]
  ? { DATABASE_URL: flags["pg-url"], QUORUM_PG_SCHEMA: flags["pg-schema"] ?? "" }
  : { QUORUM_DATA_DIR: flags["data-dir"], DATABASE_URL: "", QUORUM_PG_SCHEMA: "" };
const dialect = flags["pg-url"] ? "PostgreSQL" : "SQLite";
const formats = flags.formats.split(",") as ("jsonl" | "csv")[];
const threadCounts = flags.threads.split(",");
const rounds = Number(flags.rounds);
const work = join(ROOT, `bench/out/export-cpu-${process.pid}`);
mkdirSync(work, { recursive: true });

interface Variant {
  build: string;
  bin: string;
  threads: string;
}
const builds = [
  { build: flags.bin ? "given" : "this", bin: flags.bin ?? QUORUM_BIN },
  ...(flags["baseline-bin"] ? [{ build: "baseline", bin: flags["baseline-bin"] }] : []),
  ...flags.variant.map((given) => {
    const [build, bin] = given.split("=");
    if (!build || !bin) throw new Error(`--variant takes NAME=PATH, not ${given}`);
    return { build, bin };
  }),
];
const variants: Variant[] = builds.flatMap((b) => threadCounts.map((threads) => ({ ...b, threads })));

interface Run {
  variant: Variant;
  format: string;
  judgments: number;
  wallSeconds: number;
  cpuSeconds: number;
  /** PostgreSQL: the CPU of the database's backends during the run (0 on SQLite). */
  backendCpuSeconds: number;
  peakRssMiB: number;
  load: string;
}

function loadAverage(): string {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function exportArgs(format: string, threads: string, path: string): string[] {
  const args = ["export", "--project", flags.project!, "--out", path, "--format", format];
  return threads === "default" ? args : [...args, "--threads", threads];
}

async function runOnce(variant: Variant, format: string, expected: Map<string, string>): Promise<Run> {
  const path = join(work, `${format}.out`);
  const load = loadAverage();
  const backends = flags["pg-url"] ? watchDatabaseBackends(new URL(flags["pg-url"]).pathname.slice(1)) : undefined;
  const run = await runQuorumCli(exportArgs(format, variant.threads, path), env, { bin: variant.bin });
  const backendCpuSeconds = backends?.stop() ?? 0;
  if (run.code !== 0) throw new Error(`export failed (${run.code}):\n${run.stderr.slice(-3000)}`);
  const match = /Exported (\d+) tasks and (\d+) judgments/.exec(run.stderr);
  if (!match) throw new Error(`export printed no summary:\n${run.stderr.slice(-2000)}`);
  const hash = await sha256(path);
  const first = expected.get(format);
  if (first === undefined) expected.set(format, hash);
  else if (first !== hash)
    throw new Error(
      `${variant.build} threads ${variant.threads} wrote a different ${format} file (${statSync(path).size} bytes)`,
    );
  rmSync(path, { force: true });
  return {
    variant,
    format,
    judgments: Number(match[2]),
    wallSeconds: run.wallSeconds,
    cpuSeconds: run.cpuSeconds ?? Number.NaN,
    backendCpuSeconds,
    peakRssMiB: run.peakRssMiB ?? Number.NaN,
    load,
  };
}

const perMillion = (seconds: number, run: Run) => (seconds / run.judgments) * 1e6;

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main() {
  const runs: Run[] = [];
  const expected = new Map<string, string>();
  for (let round = 0; round < rounds; round++) {
    for (const format of formats) {
      const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
      for (const variant of order) {
        const run = await runOnce(variant, format, expected);
        runs.push(run);
        console.log(
          `round ${round + 1} ${format} ${variant.build} threads ${variant.threads}: ${Math.round(run.judgments / run.wallSeconds).toLocaleString("en-US")} rows/s, ${perMillion(run.cpuSeconds, run).toFixed(2)} CPU s per M rows (backends ${perMillion(run.backendCpuSeconds, run).toFixed(2)}, in all ${perMillion(run.cpuSeconds + run.backendCpuSeconds, run).toFixed(2)}), ${Math.round(run.peakRssMiB)} MiB, load ${run.load}`,
        );
      }
    }
  }
  const lines = [
    `### quorum export, ${dialect}, project ${flags.project}: ${runs[0]?.judgments.toLocaleString("en-US")} judgments, ${rounds} rounds, alternating`,
    "",
    "| format | build | threads | rows/s (median, range) | CPU s per M rows (median, range) | backends' CPU s per M rows (median) | in all (median, range) | peak RSS (max) | load averages |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const format of formats)
    for (const variant of variants) {
      const mine = runs.filter((r) => r.format === format && r.variant === variant);
      const rates = mine.map((r) => r.judgments / r.wallSeconds);
      const cpu = mine.map((r) => (r.cpuSeconds / r.judgments) * 1e6);
      const backendCpu = mine.map((r) => perMillion(r.backendCpuSeconds, r));
      const inAll = mine.map((r) => perMillion(r.cpuSeconds + r.backendCpuSeconds, r));
      const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
      lines.push(
        `| ${format} | ${variant.build} | ${variant.threads} | ${fmt(median(rates))} (${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))}) | ${median(cpu).toFixed(2)} (${Math.min(...cpu).toFixed(2)}–${Math.max(...cpu).toFixed(2)}) | ${median(backendCpu).toFixed(2)} | ${median(inAll).toFixed(2)} (${Math.min(...inAll).toFixed(2)}–${Math.max(...inAll).toFixed(2)}) | ${Math.round(Math.max(...mine.map((r) => r.peakRssMiB)))} MiB | ${mine.map((r) => r.load.split(" ")[0]).join(", ")} |`,
      );
    }
  if (flags.profile) {
    for (const format of formats) {
      await runQuorumCli(exportArgs(format, "0", join(work, `${format}.out`)), env, {
        profileDir: flags.profile,
        profileName: `export-${format}-${dialect}`,
      });
      rmSync(join(work, `${format}.out`), { force: true });
    }
    lines.push("", ...summarizeProfiles(flags.profile, 20).map(profileMarkdown));
  }
  const markdown = `${lines.join("\n")}\n`;
  console.log(`\n${markdown}`);
  writeFileSync(flags.out!, markdown);
  rmSync(work, { recursive: true, force: true });
}

await main();
