import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestPostgresSchema, openDatabase, testTargets } from "@quorum/storage";
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

/** `admittedFetch`, sent again when the connection fails (its worker was killed): every call here is safe to repeat. */
async function persistentFetch(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admittedFetch(url, init);
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe.runIf(built)("quorum serve --workers on SQLite", () => {
  let dataDir: string;
  let primary: ChildProcess;
  let output = "";
  let url = "";

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "quorum-workers-"));
    primary = spawn(process.execPath, [bin, "serve", "--no-demo", "--workers", "2"], {
      env: {
        ...process.env,
        DATABASE_URL: "",
        QUORUM_DATA_DIR: dataDir,
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
  afterAll(() => {
    if (primary.exitCode === null) primary.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function api(method: string, path: string, cookie: string, body?: unknown, raw?: string) {
    const response = await persistentFetch(`${url}/api/v1${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  }

  async function login(email: string, password: string) {
    const response = await persistentFetch(`${url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    expect(response.status).toBe(200);
    return (response.headers.get("set-cookie") ?? "").split(";")[0]!;
  }

  it("keeps every task within its overlap while many annotators label through two workers, one of them killed and replaced", async () => {
    const admin = await login("admin@workers.test", "admin-password");
    const project = await api("POST", "/projects", admin, {
      name: "Workers",
      schema: { type: "rating", min: 1, max: 5 },
      overlap: 3,
    });
    const lines = Array.from({ length: 120 }, (_, i) => JSON.stringify({ data: { n: i } })).join("\n");
    expect((await api("POST", `/projects/${project.json.id}/imports`, admin, undefined, lines)).json.imported).toBe(
      120,
    );
    const people = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        await api("POST", "/users", admin, {
          email: `a${i}@workers.test`,
          name: `A${i}`,
          password: "password-123",
          role: "annotator",
        });
        return login(`a${i}@workers.test`, "password-123");
      }),
    );
    const workers = childrenOf(primary.pid!);
    expect(workers).toHaveLength(2);
    let judged = 0;
    let killed = false;
    await Promise.all(
      people.map(async (cookie, p) => {
        for (let i = 0; ; i++) {
          const next = await api("POST", `/projects/${project.json.id}/assignments/next`, cookie);
          if (next.status === 204) return;
          expect(next.status).toBe(200);
          // A judgment sent again after its worker died is recognised by its client key.
          const stored = await api("POST", `/assignments/${next.json.assignment.id}/judgment`, cookie, {
            value: 1 + ((p + i) % 5),
            activeMs: 500,
            clientKey: `${p}-${i}`,
          });
          expect([200, 201]).toContain(stored.status);
          if (++judged === 120 && !killed) {
            killed = true;
            process.kill(workers[0]!, "SIGKILL");
          }
        }
      }),
    );
    expect(killed).toBe(true);
    await until(
      "a new worker listening",
      () => ([...output.matchAll(/\(worker \d+, pid \d+\)/g)].length >= 3 ? true : undefined),
      90_000,
    );
    expect(output).not.toContain("SQLITE_BUSY");

    const database = await openDatabase({ url: join(dataDir, "quorum.db") });
    try {
      const wrong = await database.db
        .selectFrom("tasks")
        .select("id")
        .where((eb) =>
          eb.or([eb("judgment_count", "!=", eb.ref("required")), eb("slots_taken", ">", eb.ref("required"))]),
        )
        .execute();
      expect(wrong).toEqual([]);
      const perTask = await database.db
        .selectFrom("judgments")
        .select([
          (eb) => eb.fn.countAll<number>().as("n"),
          (eb) => eb.fn.count<number>("annotator_id").distinct().as("people"),
        ])
        .groupBy("task_id")
        .execute();
      expect(perTask).toHaveLength(120);
      for (const row of perTask) expect([Number(row.n), Number(row.people)]).toEqual([3, 3]);
      const perAnnotator = await database.db
        .selectFrom("judgments")
        .select(["annotator_id", (eb) => eb.fn.countAll<number>().as("n")])
        .groupBy("annotator_id")
        .execute();
      const records = await database.db.selectFrom("annotator_quality").select(["annotator_id", "judgments"]).execute();
      const recorded = new Map(records.map((r) => [r.annotator_id, Number(r.judgments)]));
      for (const row of perAnnotator) expect(recorded.get(row.annotator_id)).toBe(Number(row.n));
    } finally {
      await database.close();
    }

    const exited = new Promise<number | null>((resolve) => primary.once("exit", (code) => resolve(code)));
    primary.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 240_000);

  it("refuses a bad number of workers, an in-memory database and SQLite without group commit, with exit code 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "quorum-workers-"));
    const run = (args: string[], env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, [bin, "serve", "--no-demo", ...args], {
        env: { ...process.env, DATABASE_URL: "", QUORUM_DATA_DIR: dir, PORT: "0", ...env },
        encoding: "utf8",
        timeout: 90_000,
      });
    try {
      const bad = run(["--workers", "two"], {});
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain("--workers must be a whole number");
      const memory = run(["--workers", "2"], { DATABASE_URL: ":memory:" });
      expect(memory.status).toBe(2);
      expect(memory.stderr).toContain("not an in-memory SQLite database");
      const ungrouped = run(["--workers", "2"], { QUORUM_SQLITE_GROUP_COMMIT: "0" });
      expect(ungrouped.status).toBe(2);
      expect(ungrouped.stderr).toContain("needs group commit");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
