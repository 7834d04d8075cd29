import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestPostgresSchema, type Database, openDatabase, testTargets } from "@quorum/storage";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { admittedFetch } from "./admitted-fetch.js";

/**
 * The crash scenario as a test: 20 annotators label through HTTP, the server is killed with
 * SIGKILL in the middle of their requests, and a new server on the same database must hold
 * every judgment it acknowledged, with consistent counters, and answer resubmissions
 * idempotently.
 */

const bin = fileURLToPath(new URL("../bin/quorum.js", import.meta.url));
const built = existsSync(fileURLToPath(new URL("../dist/main.js", import.meta.url)));
if (!built && process.env.CI) throw new Error("packages/cli/dist is missing: run `npm run build` before the tests");
const dialects = (await testTargets()).map((t) => t.dialect);

const ANNOTATORS = 20;
const TASKS = 150;
const OVERLAP = 3;
/** Acknowledged judgments after which the server is killed (the load never runs out before). */
const KILL_AFTER_ACKS = 120;
const ADMIN = { email: "admin@crash.test", password: "crash-admin-pw-4821" };
const PASSWORD = "crash-annotator-pw-7731";

interface Server {
  url: string;
  child: ChildProcess;
}

/** Starts `quorum serve --no-demo` on a free port and resolves once it listens. */
function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "serve", "--no-demo"], {
      env: { ...process.env, ...env, PORT: "0", HOST: "127.0.0.1", QUORUM_REFIT_MINUTES: "0" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let output = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/serving on http:\/\/localhost:(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${match[1]}`, child });
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

async function stopServer(server: Server | undefined) {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
}

async function call(server: Server, method: string, path: string, cookie: string, body?: unknown, raw?: string) {
  const response = await admittedFetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

async function login(server: Server, email: string, password: string) {
  const response = await admittedFetch(`${server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get("set-cookie") ?? "").split(";")[0]!;
}

interface Ack {
  cookie: string;
  assignmentId: number;
  body: { value: number; activeMs: number; clientKey: string };
  judgmentId: number;
  taskId: number;
  annotatorId: number;
}

describe.runIf(built).each(dialects)("a server killed with SIGKILL under load (%s)", (dialect) => {
  it("keeps every acknowledged judgment, consistent counters and idempotent resubmission", {
    timeout: 120_000,
  }, async () => {
    let env: NodeJS.ProcessEnv;
    let cleanup: () => Promise<void>;
    let openStore: () => Promise<Database>;
    if (dialect === "sqlite") {
      const dataDir = mkdtempSync(join(tmpdir(), "quorum-crash-"));
      env = { QUORUM_DATA_DIR: dataDir, DATABASE_URL: "" };
      cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
      openStore = () => openDatabase({ url: join(dataDir, "quorum.db") });
    } else {
      const schema = await createTestPostgresSchema();
      env = { DATABASE_URL: schema.url, QUORUM_PG_SCHEMA: schema.schema };
      cleanup = schema.drop;
      openStore = () => openDatabase({ url: schema.url, schema: schema.schema, poolSize: 2 });
    }
    env = { ...env, QUORUM_ADMIN_EMAIL: ADMIN.email, QUORUM_ADMIN_PASSWORD: ADMIN.password };
    let first: Server | undefined;
    let second: Server | undefined;
    try {
      first = await startServer(env);
      const server = first;
      const admin = await login(server, ADMIN.email, ADMIN.password);
      const project = await call(server, "POST", "/projects", admin, {
        name: "Crash",
        schema: { type: "rating", min: 1, max: 5 },
        overlap: OVERLAP,
      });
      const lines = Array.from({ length: TASKS }, (_, i) => JSON.stringify({ data: { n: i } })).join("\n");
      expect((await call(server, "POST", `/projects/${project.json.id}/imports`, admin, undefined, lines)).status).toBe(
        200,
      );
      const people = await Promise.all(
        Array.from({ length: ANNOTATORS }, async (_, i) => {
          const email = `a${i}@crash.test`;
          const created = await call(server, "POST", "/users", admin, {
            email,
            name: `A${i}`,
            password: PASSWORD,
            role: "annotator",
          });
          const cookie = await login(server, email, PASSWORD);
          // An invite's password is temporary: each chooses their own before working.
          await call(server, "POST", "/auth/password", cookie, {
            currentPassword: PASSWORD,
            newPassword: `${PASSWORD}-own`,
          });
          return { id: created.json.user.id as number, cookie };
        }),
      );

      const died = new Promise((resolve) => server.child.once("exit", resolve));
      const acks: Ack[] = [];
      let interrupted = 0;
      let killed = false;
      const kill = () => {
        if (killed) return;
        killed = true;
        server.child.kill("SIGKILL");
      };
      const work = people.map(async (person, p) => {
        for (let i = 0; !killed; i++) {
          try {
            const next = await call(server, "POST", `/projects/${project.json.id}/assignments/next`, person.cookie);
            if (next.status === 204) return;
            expect(next.status).toBe(200);
            const body = { value: 1 + ((p + i) % 5), activeMs: 700, clientKey: `${p}-${i}` };
            const judged = await call(
              server,
              "POST",
              `/assignments/${next.json.assignment.id}/judgment`,
              person.cookie,
              body,
            );
            expect(judged.status).toBe(201);
            acks.push({
              cookie: person.cookie,
              assignmentId: next.json.assignment.id,
              body,
              judgmentId: judged.json.judgment.id,
              taskId: judged.json.judgment.taskId,
              annotatorId: person.id,
            });
            if (acks.length >= KILL_AFTER_ACKS) kill();
          } catch (error) {
            if (!killed) throw error;
            interrupted++; // the request died with the server: its outcome is unknown, so not counted
            return;
          }
        }
      });
      await Promise.all(work);
      expect(killed, "the load ran out before the kill").toBe(true);
      expect(interrupted, "requests in flight when the server died").toBeGreaterThan(0);
      await died;
      expect(server.child.signalCode).toBe("SIGKILL");

      second = await startServer(env);
      const store = await openStore();
      try {
        // Every acknowledged judgment is there, as acknowledged.
        const stored = await store.db.selectFrom("judgments").selectAll().execute();
        const byId = new Map(stored.map((j) => [j.id, j]));
        for (const ack of acks) {
          const row = byId.get(ack.judgmentId);
          expect(row, `judgment ${ack.judgmentId}`).toBeDefined();
          expect(row).toMatchObject({
            assignment_id: ack.assignmentId,
            task_id: ack.taskId,
            annotator_id: ack.annotatorId,
            client_key: ack.body.clientKey,
            value: JSON.stringify(ack.body.value),
          });
        }
        await checkConsistency(store);

        // Resubmitting what was acknowledged returns the same judgment and creates nothing.
        const count = stored.length;
        const restarted = second;
        await Promise.all(
          acks.map(async (ack) => {
            const again = await call(
              restarted,
              "POST",
              `/assignments/${ack.assignmentId}/judgment`,
              ack.cookie,
              ack.body,
            );
            expect(again.status).toBe(200);
            expect(again.json.judgment.id).toBe(ack.judgmentId);
          }),
        );
        const after = await store.db
          .selectFrom("judgments")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow();
        expect(Number(after.n)).toBe(count);
        await checkConsistency(store);
      } finally {
        await store.close();
      }
    } finally {
      if (first?.child.exitCode === null && first.child.signalCode === null) first.child.kill("SIGKILL");
      await stopServer(second);
      await cleanup();
    }
  });
});

/** No task over its overlap, nobody twice on a task, and every counter equal to the rows it counts. */
async function checkConsistency(store: Database) {
  const over = await store.db
    .selectFrom("tasks")
    .select(["id", "required", "slots_taken", "judgment_count"])
    .where((eb) => eb.or([eb("judgment_count", ">", eb.ref("required")), eb("slots_taken", ">", eb.ref("required"))]))
    .execute();
  expect(over).toEqual([]);
  const twice = await sql<{ task_id: number; annotator_id: number }>`
    select task_id, annotator_id from judgments group by project_id, task_id, annotator_id having count(*) > 1`.execute(
    store.db,
  );
  expect(twice.rows).toEqual([]);
  const leasedTwice = await sql<{ task_id: number }>`
    select task_id from assignments where status in ('active', 'submitted')
    group by project_id, task_id, annotator_id having count(*) > 1`.execute(store.db);
  expect(leasedTwice.rows).toEqual([]);
  const counters = await sql<{ id: number }>`
    select t.id from tasks t
    where t.judgment_count != (select count(*) from judgments j where j.project_id = t.project_id and j.task_id = t.id)
       or t.slots_taken != (select count(*) from assignments a where a.project_id = t.project_id and a.task_id = t.id
                              and a.status in ('active', 'submitted'))`.execute(store.db);
  expect(counters.rows).toEqual([]);
  const submitted = await sql<{ id: number }>`
    select a.id from assignments a where (a.status = 'submitted') != exists (
      select 1 from judgments j where j.project_id = a.project_id and j.assignment_id = a.id)`.execute(store.db);
  expect(submitted.rows).toEqual([]);
  const rollups = await sql<{ rolled: number; judged: number; quality: number }>`
    select (select coalesce(sum(judgments), 0) from activity_hourly) as rolled,
           (select count(*) from judgments) as judged,
           (select coalesce(sum(judgments), 0) from annotator_quality where annotator_id != 0) as quality`.execute(
    store.db,
  );
  const totals = rollups.rows[0]!;
  expect(Number(totals.rolled)).toBe(Number(totals.judged));
  expect(Number(totals.quality)).toBe(Number(totals.judged));
}
