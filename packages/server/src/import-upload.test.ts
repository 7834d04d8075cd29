import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithTasks, openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
/** Long enough for the other requests to finish first on a busy machine. */
const IDLE_MS = 5000;

/** A POST of an import file over real HTTP, sent in chunks as the test says. */
function upload(baseUrl: string, path: string, cookie: string) {
  const req = request(`${baseUrl}/api/v1${path}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/x-ndjson", "transfer-encoding": "chunked" },
  });
  const state = { finished: false };
  const response = new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => {
        state.finished = true;
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) });
      });
    });
    // The server may answer and close while the client still holds the body open.
    req.on("error", (error) => (state.finished ? undefined : reject(error)));
  });
  // Awaited by the test; a failed test leaves it unanswered when the server closes.
  response.catch(() => {});
  req.flushHeaders();
  return {
    send: (text: string) => new Promise<void>((resolve) => req.write(text, () => resolve())),
    end: () => req.end(),
    destroy: () => req.destroy(),
    response,
    state,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(targets)("a slow import upload on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let server: ReturnType<typeof serve>;
  let baseUrl: string;

  beforeAll(async () => {
    t = await openTestApp(target, undefined, { limits: { importIdleMs: IDLE_MS } });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve());
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });

  /** A real HTTP call that must answer within `ms` (no session lookup may wait on an upload). */
  async function quickly(path: string, cookie: string, init: { method?: string; body?: unknown } = {}, ms = 2500) {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method: init.method ?? "GET",
      headers: { cookie, ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(ms),
    });
    return { status: response.status, json: await response.json() };
  }

  it("keeps serving sign-ins, leases and judgments while ten uploads stall, then fails the stalled ones by the idle bound, writing nothing", async () => {
    const tasks = Array.from({ length: 20 }, (_, i) => JSON.stringify({ data: { text: `t${i}` } }));
    const { id: projectId } = await createProjectWithTasks(
      t,
      { name: "Slow uploads", schema: { type: "single_choice", options: ["ok", "spam"] }, overlap: 1 },
      tasks,
    );
    const annotator = await t.userSession("annotator", { languages: ["en"] }, "slow");
    const taskCount = async () =>
      Number(
        (
          await t.database.db
            .selectFrom("tasks")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("project_id", "=", projectId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    // As many stalled uploads as the PostgreSQL pool has connections (one is SQLite's all).
    const stalled = Array.from({ length: 10 }, () => upload(baseUrl, `/projects/${projectId}/imports`, t.admin));
    for (const [i, u] of stalled.entries()) await u.send(`${JSON.stringify({ data: { text: `stalled ${i}` } })}\n`);
    // One more trickles a line every 300 ms (within the bound) and finishes.
    const trickle = upload(baseUrl, `/projects/${projectId}/imports?batch=trickle`, t.admin);
    const trickling = (async () => {
      for (let i = 0; i < 5; i++) {
        await trickle.send(`${JSON.stringify({ data: { text: `trickle ${i}` } })}\n`);
        await sleep(300);
      }
      trickle.end();
    })();
    await sleep(200); // the server is reading the uploads now

    const me = await quickly("/auth/me", annotator.cookie);
    expect(me.status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const next = await quickly(`/projects/${projectId}/assignments/next`, annotator.cookie, { method: "POST" });
      expect(next.status).toBe(200);
      const judged = await quickly(`/assignments/${next.json.assignment.id}/judgment`, annotator.cookie, {
        method: "POST",
        body: { value: "ok", activeMs: 1000, clientKey: `slow-${i}` },
      });
      expect(judged.status).toBe(201);
    }
    expect((await quickly("/auth/me", t.admin)).status).toBe(200);
    // All of that happened while every stalled upload was still open.
    expect(stalled.every((u) => !u.state.finished)).toBe(true);

    await trickling;
    expect(await trickle.response).toMatchObject({ status: 200, json: { imported: 5, errors: [] } });

    const answers = await Promise.all(stalled.map((u) => u.response));
    for (const answer of answers) {
      expect(answer.status).toBe(408);
      expect(answer.json).toMatchObject({
        error: { code: "request_timeout" },
        imported: 0,
        errors: [{ line: 0, path: "body", message: `no data for ${IDLE_MS / 1000} s` }],
      });
    }
    for (const u of stalled) u.destroy();
    expect(await taskCount()).toBe(20 + 5);
  });
});
