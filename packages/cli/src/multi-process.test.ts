import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestPostgresSchema, type Database, openDatabase, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admittedFetch } from "./admitted-fetch.js";

const bin = fileURLToPath(new URL("../bin/quorum.js", import.meta.url));
const built = existsSync(fileURLToPath(new URL("../dist/main.js", import.meta.url)));
const postgres = (await testTargets()).some((t) => t.dialect === "postgres");
if (!built && process.env.CI) throw new Error("packages/cli/dist is missing: run `npm run build` before the tests");

/** Starts `quorum serve --no-demo` on a free port and resolves with its base URL once it listens. */
function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "serve", "--no-demo"], {
      env: { ...process.env, ...env, PORT: "0", HOST: "127.0.0.1" },
    });
    let output = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/serving on http:\/\/localhost:(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${match[1]}`, child });
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

interface Target {
  /** The servers' environment; undefined when this database is not available. */
  start(): Promise<NodeJS.ProcessEnv>;
  open(): Promise<Database>;
  stop(): Promise<void>;
}

function postgresTarget(): Target {
  let schema: Awaited<ReturnType<typeof createTestPostgresSchema>> | undefined;
  return {
    async start() {
      schema = await createTestPostgresSchema();
      return { DATABASE_URL: schema.url, QUORUM_PG_SCHEMA: schema.schema };
    },
    open: () => openDatabase({ url: schema!.url, schema: schema!.schema, poolSize: 1 }),
    stop: async () => schema?.drop(),
  };
}

/** Both processes open one SQLite file (WAL), as `quorum serve --workers N` does. */
function sqliteTarget(): Target {
  const dataDir = mkdtempSync(join(tmpdir(), "quorum-multi-"));
  return {
    start: async () => ({ DATABASE_URL: "", QUORUM_DATA_DIR: dataDir }),
    open: () => openDatabase({ url: join(dataDir, "quorum.db") }),
    stop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

describe.each([
  { name: "PostgreSQL", enabled: postgres, target: postgresTarget },
  { name: "SQLite", enabled: true, target: sqliteTarget },
])("two server processes on one $name database", ({ name, enabled, target: makeTarget }) => {
  const servers: { url: string; child: ChildProcess }[] = [];
  const target = makeTarget();

  beforeAll(async () => {
    if (!built || !enabled) return;
    const env = {
      ...(await target.start()),
      QUORUM_ADMIN_EMAIL: "admin@multi.test",
      QUORUM_ADMIN_PASSWORD: "admin-password",
    };
    // SQLite: the first migrates the new file before the second opens it.
    if (name === "SQLite") for (let i = 0; i < 2; i++) servers.push(await startServer(env));
    else servers.push(...(await Promise.all([startServer(env), startServer(env)])));
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) s.child.kill();
    await target.stop();
  });

  async function api(server: number, method: string, path: string, cookie: string, body?: unknown, raw?: string) {
    const response = await admittedFetch(`${servers[server]!.url}/api/v1${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  async function login(server: number, email: string, password: string) {
    const response = await admittedFetch(`${servers[server]!.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    expect(response.status).toBe(200);
    return (response.headers.get("set-cookie") ?? "").split(";")[0]!;
  }

  it.runIf(built && enabled)(
    "never puts a task over its overlap or an annotator twice on a task",
    async () => {
      const admin = await login(0, "admin@multi.test", "admin-password");
      const project = await api(0, "POST", "/projects", admin, {
        name: "Race",
        schema: { type: "rating", min: 1, max: 5 },
        overlap: 3,
      });
      const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ data: { n: i } })).join("\n");
      expect(
        (await api(1, "POST", `/projects/${project.json.id}/imports`, admin, undefined, lines)).json.imported,
      ).toBe(200);
      const people = await Promise.all(
        Array.from({ length: 16 }, async (_, i) => {
          await api(i % 2, "POST", "/users", admin, {
            email: `a${i}@multi.test`,
            name: `A${i}`,
            password: "password-123",
            role: "annotator",
          });
          const cookie = await login(i % 2, `a${i}@multi.test`, "password-123");
          // An invite's password is temporary: each chooses their own before working.
          await api(i % 2, "POST", "/auth/password", cookie, {
            currentPassword: "password-123",
            newPassword: `own-password-${i}`,
          });
          return cookie;
        }),
      );
      await Promise.all(
        people.map(async (cookie, p) => {
          for (let i = 0; ; i++) {
            const server = (p + i) % 2; // each annotator alternates between the two processes
            const next = await api(server, "POST", `/projects/${project.json.id}/assignments/next`, cookie);
            if (next.status === 204) return;
            expect(next.status).toBe(200);
            const judged = await api(1 - server, "POST", `/assignments/${next.json.assignment.id}/judgment`, cookie, {
              value: 1 + ((p + i) % 5),
              activeMs: 500,
              clientKey: `${p}-${i}`,
            });
            expect(judged.status).toBe(201);
          }
        }),
      );
      const database = await target.open();
      try {
        const over = await database.db
          .selectFrom("tasks")
          .select("id")
          .where((eb) =>
            eb.or([eb("judgment_count", "!=", eb.ref("required")), eb("slots_taken", ">", eb.ref("required"))]),
          )
          .execute();
        expect(over).toEqual([]);
        const counts = await database.db
          .selectFrom("judgments")
          .select([
            "task_id",
            (eb) => eb.fn.countAll<number>().as("n"),
            (eb) => eb.fn.count<number>("annotator_id").distinct().as("people"),
          ])
          .groupBy("task_id")
          .execute();
        expect(counts).toHaveLength(200);
        for (const row of counts) {
          expect(Number(row.n)).toBe(3);
          expect(Number(row.people)).toBe(3);
        }
        // Each annotator's running count (kept by whichever process took the judgment) equals the rows.
        const perAnnotator = await database.db
          .selectFrom("judgments")
          .select(["annotator_id", (eb) => eb.fn.countAll<number>().as("n")])
          .groupBy("annotator_id")
          .execute();
        const records = await database.db
          .selectFrom("annotator_quality")
          .select(["annotator_id", "judgments"])
          .execute();
        const recorded = new Map(records.map((r) => [r.annotator_id, Number(r.judgments)]));
        expect(perAnnotator.length).toBe(16);
        for (const row of perAnnotator) expect(recorded.get(row.annotator_id)).toBe(Number(row.n));
      } finally {
        await database.close();
      }
    },
    240_000,
  );
});
