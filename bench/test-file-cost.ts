/**
 * What test files cost, one vitest run each, with CI's environment (PostgreSQL and Chromium
 * required): wall time, the CPU of the run's whole process tree from a cgroup of its own (Linux
 * cgroup v1 cpuacct: it counts Chromium's renderers and the servers the tests start, which
 * `/usr/bin/time` misses), and time(1)'s user+sys beside it. The browser files start from a demo
 * workspace built once by this script (as a CI run builds it once for all its files), so each
 * figure is that file's share of a full run. Prints the load average before and after each run.
 *
 * With --by-process, also the CPU of each kind of process, sampled from /proc every 200 ms (a
 * process that lives less than that is missed, so these add up to a little under the cgroup's).
 *
 *   node --import tsx bench/test-file-cost.ts [--repeat 1] [--by-process] <file> [<file> ...]
 *   (a "+"-joined argument, a.test.ts+b.test.ts, is one run of both files; one that starts with
 *   NAME=value, sets that variable for its run: QUORUM_CHROMIUM=/usr/bin/chromium,e2e/a.test.ts)
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startServer } from "../e2e/support/server.js";

const { values: flags, positionals: files } = parseArgs({
  options: { repeat: { type: "string", default: "1" }, "by-process": { type: "boolean", default: false } },
  allowPositionals: true,
});
const CGROUPS = "/sys/fs/cgroup/cpuacct";
if (!existsSync(CGROUPS)) throw new Error(`${CGROUPS} is missing: this script needs cgroup v1's cpuacct controller`);

const run = `cost-${process.pid}`;
const stash = join(tmpdir(), `quorum-test-file-cost-demo-${process.pid}`);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

/** The demo workspace the browser files copy, built by `startServer` as the first test file would. */
async function buildDemoStash(): Promise<void> {
  process.env.QUORUM_TEST_RUN = run;
  const server = await startServer({ demo: true });
  await server.stop();
  cpSync(join(tmpdir(), `quorum-e2e-demo-${run}`), stash, { recursive: true });
}

/** Puts the demo workspace where the run's browser files look for it (the run's teardown removes it). */
function restoreDemo(): void {
  const template = join(tmpdir(), `quorum-e2e-demo-${run}`);
  rmSync(template, { recursive: true, force: true });
  cpSync(stash, template, { recursive: true });
  mkdirSync(`${template}.lock`, { recursive: true });
}

const TICKS_PER_SECOND = 100;

/** A process's kind: Chromium's by its --type (its children rewrite their command line as one string), Node's by what it runs. */
function kindOf(commandLine: string): string {
  if (/\/chromium\b/.test(commandLine)) return `chromium ${/--type=(\S+)/.exec(commandLine)?.[1] ?? "browser"}`;
  if (commandLine.includes("quorum.js")) return "quorum serve";
  if (commandLine.includes("vitest/dist/workers") || commandLine.includes("forks.js")) return "vitest worker";
  if (commandLine.includes("vitest")) return "vitest";
  return commandLine.split(" ")[0]?.split("/").pop() ?? commandLine;
}

/** Samples the CPU of every process in `group` until stopped: the latest figure of each, summed by kind. */
function sampleProcesses(group: string): () => Map<string, number> {
  const latest = new Map<number, { kind: string; seconds: number }>();
  const sample = () => {
    for (const pid of readFileSync(join(group, "cgroup.procs"), "utf8").split("\n").filter(Boolean).map(Number)) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
        // Read again each time: a shell script (Debian's /usr/bin/chromium) becomes what it runs. An
        // ending process has no command line left: it keeps the kind it had.
        const commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
        const kind = commandLine ? kindOf(commandLine) : (latest.get(pid)?.kind ?? "unknown");
        latest.set(pid, { kind, seconds });
      } catch {
        // ended between the listing and the read
      }
    }
  };
  const timer = setInterval(sample, 200);
  return () => {
    clearInterval(timer);
    const byKind = new Map<string, number>();
    for (const { kind, seconds } of latest.values()) byKind.set(kind, (byKind.get(kind) ?? 0) + seconds);
    return byKind;
  };
}

async function measure(
  args: string[],
  extraEnv: Record<string, string>,
): Promise<{ wall: number; cgroupCpu: number; timeCpu: number; ok: boolean; byKind?: Map<string, number> }> {
  const group = join(CGROUPS, `quorum-test-file-cost-${process.pid}`);
  mkdirSync(group, { recursive: true });
  const timeOut = join(tmpdir(), `quorum-test-file-cost-${process.pid}.time`);
  const started = performance.now();
  const child = spawn(
    "sh",
    ["-c", `echo $$ > ${group}/cgroup.procs && exec /usr/bin/time -v -o ${timeOut} npx vitest run "$@"`, "sh", ...args],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        CI: "true",
        QUORUM_REQUIRE_PG: "1",
        QUORUM_REQUIRE_BROWSER: "1",
        QUORUM_TEST_DATABASE_URL: process.env.QUORUM_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
        QUORUM_TEST_RUN: run,
        ...extraEnv,
      },
    },
  );
  const stopSampling = flags["by-process"] ? sampleProcesses(group) : undefined;
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const wall = (performance.now() - started) / 1000;
  const byKind = stopSampling?.();
  // Processes the run left behind (none, normally) still count until they end.
  for (let i = 0; i < 50 && readFileSync(join(group, "cgroup.procs"), "utf8").trim() !== ""; i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  const cgroupCpu = Number(readFileSync(join(group, "cpuacct.usage"), "utf8")) / 1e9;
  rmdirSync(group);
  const time = readFileSync(timeOut, "utf8");
  const seconds = (label: string) =>
    Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(time)?.[1] ?? NaN);
  const timeCpu = seconds("User") + seconds("System");
  if (code !== 0) writeFileSync(`${timeOut}-${args.join("+").replace(/\W+/g, "_")}.log`, output);
  return { wall, cgroupCpu, timeCpu, ok: code === 0, ...(byKind ? { byKind } : {}) };
}

try {
  if (files.some((file) => file.includes("e2e/"))) {
    console.log(`building the demo workspace once (load ${load()})`);
    await buildDemoStash();
  }
  console.log("| files | wall s | CPU s (cgroup) | CPU s (time(1) user+sys) | passed | load before → after |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (let round = 0; round < Number(flags.repeat); round++)
    for (const entry of files) {
      if (existsSync(stash)) restoreDemo();
      const before = load();
      const setting = /^(\w+)=([^,]*),(.*)$/.exec(entry);
      const figure = setting
        ? await measure(setting[3]!.split("+"), { [setting[1]!]: setting[2]! })
        : await measure(entry.split("+"), {});
      console.log(
        `| ${entry} | ${figure.wall.toFixed(1)} | ${figure.cgroupCpu.toFixed(1)} | ${figure.timeCpu.toFixed(1)} | ${figure.ok ? "yes" : "NO (log in tmp)"} | ${before} → ${load()} |`,
      );
      if (figure.byKind)
        console.log(
          `|  by process | ${[...figure.byKind]
            .sort((a, b) => b[1] - a[1])
            .map(([kind, s]) => `${kind} ${s.toFixed(1)}`)
            .join(", ")} |`,
        );
    }
} finally {
  rmSync(stash, { recursive: true, force: true });
  rmSync(join(tmpdir(), `quorum-e2e-demo-${run}`), { recursive: true, force: true });
  rmSync(join(tmpdir(), `quorum-e2e-demo-${run}.lock`), { recursive: true, force: true });
}
