import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestPostgresSchema, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admittedFetch } from "./admitted-fetch.js";

const bin = fileURLToPath(new URL("../bin/quorum.js", import.meta.url));
const built = existsSync(fileURLToPath(new URL("../dist/main.js", import.meta.url)));
const postgres = (await testTargets()).some((t) => t.dialect === "postgres");
if (!built && process.env.CI) throw new Error("packages/cli/dist is missing: run `npm run build` before the tests");

/** Pids of the live processes whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name (in parentheses): state, ppid, ...
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(ppid) === pid && state !== "Z") children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.runIf(built && postgres)("quorum serve --workers on PostgreSQL", () => {
  let schema: Awaited<ReturnType<typeof createTestPostgresSchema>>;
  let primary: ChildProcess;
  let output = "";
  let url = "";

  beforeAll(async () => {
    schema = await createTestPostgresSchema();
    primary = spawn(process.execPath, [bin, "serve", "--no-demo", "--workers", "2"], {
      env: {
        ...process.env,
        DATABASE_URL: schema.url,
        QUORUM_PG_SCHEMA: schema.schema,
        QUORUM_ADMIN_EMAIL: "admin@workers.test",
        QUORUM_ADMIN_PASSWORD: "admin-password",
        QUORUM_REFIT_MINUTES: "0",
        PORT: "0",
        HOST: "127.0.0.1",
      },
    });
    primary.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    // Both workers listen on the one port the primary chose.
    const ports = await until(
      "two workers listening",
      () => {
        const found = [...output.matchAll(/serving on http:\/\/localhost:(\d+).*\(worker \d+, pid \d+\)/g)];
        return found.length >= 2 ? found.map((m) => m[1]) : undefined;
      },
      90_000,
    );
    expect(new Set(ports).size).toBe(1);
    url = `http://127.0.0.1:${ports[0]}`;
  }, 120_000);
  afterAll(async () => {
    if (primary.exitCode === null) primary.kill("SIGKILL");
    await schema?.drop();
  });

  it("serves from N worker processes on one port, replaces a worker that dies, and stops them all on SIGTERM", async () => {
    const workers = childrenOf(primary.pid!);
    expect(workers).toHaveLength(2);

    const login = await admittedFetch(`${url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "admin@workers.test", password: "admin-password" }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    // A session made by one worker is good on every worker: many calls, spread by the kernel.
    const statuses = await Promise.all(
      Array.from(
        { length: 40 },
        async () => (await admittedFetch(`${url}/api/v1/auth/me`, { headers: { cookie } })).status,
      ),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));

    process.kill(workers[0]!, "SIGKILL");
    const replaced = await until("a new worker", () => {
      const now = childrenOf(primary.pid!);
      return now.length === 2 && !now.includes(workers[0]!) ? now : undefined;
    });
    expect(replaced).toContain(workers[1]);
    await until("the new worker listening", () =>
      [...output.matchAll(/\(worker \d+, pid \d+\)/g)].length >= 3 ? true : undefined,
    );
    expect((await admittedFetch(`${url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => primary.once("exit", (code) => resolve(code)));
    primary.kill("SIGTERM");
    expect(await exited).toBe(0);
    await until("every worker gone", () => (replaced.every((pid) => !existsSync(`/proc/${pid}`)) ? true : undefined));
  }, 90_000);
});

describe.runIf(built)("quorum serve --workers on SQLite", () => {
  it("refuses more than one process with a clear message and exit code 2", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "quorum-workers-"));
    try {
      const run = spawnSync(process.execPath, [bin, "serve", "--no-demo", "--workers", "2"], {
        env: { ...process.env, DATABASE_URL: "", QUORUM_DATA_DIR: dataDir, PORT: "0" },
        encoding: "utf8",
        timeout: 90_000,
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain("--workers above 1 needs PostgreSQL");
      const bad = spawnSync(process.execPath, [bin, "serve", "--workers", "two"], {
        env: { ...process.env, DATABASE_URL: "", QUORUM_DATA_DIR: dataDir, PORT: "0" },
        encoding: "utf8",
        timeout: 90_000,
      });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain("--workers must be a whole number");
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
