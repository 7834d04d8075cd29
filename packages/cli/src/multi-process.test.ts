import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createTestPostgresSchema, openDatabase, testTargets } from "@quorum/storage";
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
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
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

describe.runIf(built && postgres)("two server processes on one PostgreSQL database", () => {
  const servers: { url: string; child: ChildProcess }[] = [];
  let schema: Awaited<ReturnType<typeof createTestPostgresSchema>>;

  beforeAll(async () => {
    schema = await createTestPostgresSchema();
    const env = {
      DATABASE_URL: schema.url,
      QUORUM_PG_SCHEMA: schema.schema,
      QUORUM_ADMIN_EMAIL: "admin@multi.test",
      QUORUM_ADMIN_PASSWORD: "admin-password",
    };
    servers.push(...(await Promise.all([startServer(env), startServer(env)])));
  });
  afterAll(async () => {
    for (const s of servers) s.child.kill();
    await schema?.drop();
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

  it("never puts a task over its overlap or an annotator twice on a task", async () => {
    const admin = await login(0, "admin@multi.test", "admin-password");
    const project = await api(0, "POST", "/projects", admin, {
      name: "Race",
      schema: { type: "rating", min: 1, max: 5 },
      overlap: 3,
    });
    const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ data: { n: i } })).join("\n");
    expect((await api(1, "POST", `/projects/${project.json.id}/imports`, admin, undefined, lines)).json.imported).toBe(
      200,
    );
    const people = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        await api(i % 2, "POST", "/users", admin, {
          email: `a${i}@multi.test`,
          name: `A${i}`,
          password: "password-123",
          role: "annotator",
        });
        return login(i % 2, `a${i}@multi.test`, "password-123");
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
    const database = await openDatabase({ url: schema.url, schema: schema.schema, poolSize: 1 });
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
    } finally {
      await database.close();
    }
  });
});
