/**
 * What test files cost, one vitest run each, with CI's environment (PostgreSQL and Chromium
 * required): wall time, the CPU of the run's whole process tree from a cgroup of its own (Linux
 * cgroup v1 cpuacct: it counts Chromium's renderers and the servers the tests start, which
 * `/usr/bin/time` misses), and time(1)'s user+sys beside it. The browser files start from a demo
 * workspace built once by this script (as a CI run builds it once for all its files), so each
 * figure is that file's share of a full run. Prints the load average before and after each run.
 *
 *   node --import tsx bench/test-file-cost.ts [--repeat 1] <file> [<file> ...]
 *   (a "+"-joined argument, a.test.ts+b.test.ts, is one run of both files)
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startServer } from "../e2e/support/server.js";

const { values: flags, positionals: files } = parseArgs({
  options: { repeat: { type: "string", default: "1" } },
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

async function measure(args: string[]): Promise<{ wall: number; cgroupCpu: number; timeCpu: number; ok: boolean }> {
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
      },
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const wall = (performance.now() - started) / 1000;
  // Processes the run left behind (none, normally) still count until they end.
  for (let i = 0; i < 50 && readFileSync(join(group, "cgroup.procs"), "utf8").trim() !== ""; i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  const cgroupCpu = Number(readFileSync(join(group, "cpuacct.usage"), "utf8")) / 1e9;
  rmdirSync(group);
  const time = readFileSync(timeOut, "utf8");
  const seconds = (label: string) => Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(time)?.[1] ?? NaN);
  const timeCpu = seconds("User") + seconds("System");
  if (code !== 0) writeFileSync(`${timeOut}.log`, output);
  return { wall, cgroupCpu, timeCpu, ok: code === 0 };
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
      const figure = await measure(entry.split("+"));
      console.log(
        `| ${entry} | ${figure.wall.toFixed(1)} | ${figure.cgroupCpu.toFixed(1)} | ${figure.timeCpu.toFixed(1)} | ${figure.ok ? "yes" : "NO (log in tmp)"} | ${before} → ${load()} |`,
      );
    }
} finally {
  rmSync(stash, { recursive: true, force: true });
  rmSync(join(tmpdir(), `quorum-e2e-demo-${run}`), { recursive: true, force: true });
  rmSync(join(tmpdir(), `quorum-e2e-demo-${run}.lock`), { recursive: true, force: true });
}
