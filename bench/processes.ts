import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { peakRssMiB } from "./cpu.js";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** The `quorum` command under test; QUORUM_BENCH_BIN points at another build (a baseline checkout, say). */
export const QUORUM_BIN =
  process.env.QUORUM_BENCH_BIN || fileURLToPath(new URL("../packages/cli/bin/quorum.js", import.meta.url));
const TIME_BIN = "/usr/bin/time";

/** Every child this process started, so that an interrupted run leaves nothing behind. */
const children = new Set<ChildProcess>();

export function killAllChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

export interface RunningServer {
  label: string;
  url: string;
  pid: number;
  /** Stops it (SIGTERM, then SIGKILL after 15 s) and waits for it to exit. */
  stop(): Promise<void>;
  /** Everything it wrote on stderr so far. */
  log(): string;
}

/** Node flags for a child: `--cpu-prof` into `profileDir` when profiling. */
function nodeFlags(profileDir: string | undefined, name: string): string[] {
  if (!profileDir) return [];
  mkdirSync(profileDir, { recursive: true });
  return ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`];
}

function startListening(label: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: "0", HOST: "127.0.0.1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    children.add(child);
    let output = "";
    let started = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${label} did not start within 60 s:\n${output}`));
    }, 60_000);
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 1_000_000) output = output.slice(-100_000);
      const match = /serving on http:\/\/localhost:(\d+)/.exec(output);
      if (match && !started) {
        started = true;
        clearTimeout(timer);
        resolve({
          label,
          url: `http://127.0.0.1:${match[1]}`,
          pid: child.pid ?? 0,
          log: () => output,
          async stop() {
            if (child.exitCode === null && child.signalCode === null) {
              child.kill("SIGTERM");
              const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
              await exited;
              clearTimeout(killer);
            }
            children.delete(child);
          },
        });
      }
    });
    child.once("exit", (code, signal) => {
      children.delete(child);
      if (!started) {
        clearTimeout(timer);
        reject(new Error(`${label} exited (${code ?? signal}) before serving:\n${output}`));
      }
    });
  });
}

/** `quorum serve --no-demo` on a free port of 127.0.0.1, as an operator would run it. */
export function startQuorum(
  label: string,
  env: NodeJS.ProcessEnv,
  profileDir?: string,
  bin = QUORUM_BIN,
): Promise<RunningServer> {
  return startListening(label, [...nodeFlags(profileDir, label), bin, "serve", "--no-demo"], env);
}

/** The reference: the smallest Hono app on @hono/node-server, in its own process, plain Node (no tsx). */
const BARE_HONO = `
import { serve } from "@hono/node-server";
import { Hono } from "hono";
const app = new Hono();
app.post("/x", (c) => c.json({ ok: true }));
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  console.error("bare Hono serving on http://localhost:" + info.port);
});
process.once("SIGTERM", () => { server.close(); process.exit(0); });
`;

let bareCount = 0;

export function startBareHono(profileDir?: string): Promise<RunningServer> {
  bareCount++;
  // Resolved from the repository root: the same (hoisted) copy of Hono that Quorum runs on.
  return startListening(
    "bare-hono",
    [...nodeFlags(profileDir, `bare-hono-${bareCount}`), "--input-type=module", "-e", BARE_HONO],
    {},
  );
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  wallSeconds: number;
  /** Peak resident set size of the command's process (MiB), from `time -v` or /proc VmHWM polling. */
  peakRssMiB: number | undefined;
  /** User + system CPU seconds, from `time -v` when available. */
  cpuSeconds: number | undefined;
}

/**
 * Runs `quorum <args>` as a child and measures it: wall time, and peak RSS through
 * `/usr/bin/time -v` when present (otherwise by polling /proc/<pid>/status every 50 ms).
 */
export async function runQuorumCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { profileDir?: string; profileName?: string; timeoutMs?: number; bin?: string } = {},
): Promise<CliRun> {
  const node = [
    process.execPath,
    ...nodeFlags(options.profileDir, options.profileName ?? args[0] ?? "cli"),
    options.bin ?? QUORUM_BIN,
    ...args,
  ];
  const useTime = existsSync(TIME_BIN);
  const [command, ...rest] = useTime ? [TIME_BIN, "-v", ...node] : node;
  const started = performance.now();
  const child = spawn(command!, rest, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 2_000_000) stderr = stderr.slice(-200_000);
  });
  let polledPeak: number | undefined;
  const poll = setInterval(() => {
    if (useTime || !child.pid) return;
    const rss = peakRssMiB(child.pid);
    if (rss !== undefined) polledPeak = Math.max(polledPeak ?? 0, rss);
  }, 50);
  const timeout = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30 * 60_000);
  const code = await new Promise<number>((resolve) =>
    child.once("exit", (c, signal) => resolve(c ?? (signal ? 128 : 1))),
  );
  clearInterval(poll);
  clearTimeout(timeout);
  children.delete(child);
  const wallSeconds = (performance.now() - started) / 1000;
  let peak = polledPeak;
  let cpuSeconds: number | undefined;
  if (useTime) {
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    peak = rss ? Number(rss[1]) / 1024 : undefined;
    const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
    const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
    if (user && system) cpuSeconds = Number(user[1]) + Number(system[1]);
  }
  return { code, stdout, stderr, wallSeconds, peakRssMiB: peak, cpuSeconds };
}

/** Waits until `quorum --help` loads (another engineer's command file may be missing for a while). */
export async function waitForCli(maxWaitMs: number): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const run = await runHelp();
    if (run.ok) return;
    if (Date.now() > deadline) throw new Error(`the quorum CLI does not load:\n${run.output.slice(0, 2000)}`);
    console.error(`quorum CLI does not load yet (${firstLine(run.output)}); retrying in 30 s`);
    await sleep(30_000);
  }
}

function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .find((line) => line.includes("Error"))
      ?.trim() ??
    text.split("\n")[0] ??
    ""
  );
}

function runHelp(): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [QUORUM_BIN, "--help"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      output += c.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0 && output.includes("Commands:"), output });
    });
  });
}
