import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("batches and next task anywhere over HTTP on $dialect", (target) => {
  let t: TestAppWithDatabase;

  beforeAll(async () => {
    t = await openTestApp(target);
  });
  afterAll(() => t.close());

  async function project(name: string, priority: number, language: string) {
    const created = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: {
        name,
        priority,
        overlap: 1,
        schema: { type: "rating", min: 0, max: 4 },
        requirements: { languages: [language] },
      },
    });
    return created.json.id as number;
  }

  async function importInto(projectId: number, texts: string[]) {
    const raw = texts.map((text) => JSON.stringify({ data: { text } })).join("\n");
    await t.call("POST", `/projects/${projectId}/imports?format=jsonl`, { cookie: t.admin, raw });
    const batches = await t.call("GET", `/projects/${projectId}/batches`, { cookie: t.admin });
    return batches.json.batches[0].id as number;
  }

  it("serves the urgent batch of the high-priority project first, across projects, and only eligible ones", async () => {
    const low = await project("Low", 1, "fi");
    const high = await project("High", 4, "fi");
    const foreign = await project("Foreign", 9, "sv");
    await importInto(low, ["low-1"]);
    await importInto(high, ["high-routine"]);
    const urgent = await importInto(high, ["high-urgent"]);
    await importInto(foreign, ["foreign-1"]);
    const patched = await t.call("PATCH", `/projects/${high}/batches/${urgent}`, {
      cookie: t.admin,
      body: { priority: 2, deadline: "2027-01-15" },
    });
    expect(patched.json).toMatchObject({
      batch: { priority: 2, deadline: "2027-01-15T00:00:00.000Z" },
      tasksRekeyed: 1,
    });

    const person = await t.userSession("annotator", { languages: ["fi"] }, "finn");
    const texts: string[] = [];
    for (;;) {
      const next = await t.call("POST", "/assignments/next", { cookie: person.cookie });
      if (next.status === 204) break;
      expect(next.status).toBe(200);
      expect(next.json.project.id).toBe(next.json.assignment.projectId);
      texts.push(next.json.assignment.task.data.text);
      await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie: person.cookie,
        body: { value: 2, activeMs: 900, clientKey: `k-${next.json.assignment.id}` },
      });
    }
    expect(texts).toEqual(["high-urgent", "high-routine", "low-1"]);
  });

  it("cancels a batch once (managers only): its tasks leave the queue, its judgments stay", async () => {
    const projectId = await project("Cancel me", 0, "et");
    const batchId = await importInto(projectId, ["c-1", "c-2"]);
    const person = await t.userSession("annotator", { languages: ["et"] }, "eti");
    const first = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: person.cookie });
    await t.call("POST", `/assignments/${first.json.assignment.id}/judgment`, {
      cookie: person.cookie,
      body: { value: 1, activeMs: 900, clientKey: "c-1" },
    });
    for (const role of ["reviewer", "annotator", "vendor_lead", "analyst", "finance"] as const) {
      const other = await t.userSession(role, {}, `cancel-${role}`);
      const refused = await t.call("POST", `/projects/${projectId}/batches/${batchId}/cancel`, {
        cookie: other.cookie,
      });
      expect([403, 404], role).toContain(refused.status);
    }
    const manager = await t.userSession("manager", {}, "cancel-manager");
    const cancelled = await t.call("POST", `/projects/${projectId}/batches/${batchId}/cancel`, {
      cookie: manager.cookie,
    });
    expect(cancelled.json).toMatchObject({ tasksCancelled: 1, batch: { tasks: { done: 1, cancelled: 1 } } });
    expect(cancelled.json.batch.cancelledAt).toEqual(expect.any(String));
    const again = await t.call("POST", `/projects/${projectId}/batches/${batchId}/cancel`, { cookie: t.admin });
    expect(again.status).toBe(409);
    expect((await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: person.cookie })).status).toBe(
      204,
    );
    const tasks = await t.call("GET", `/projects/${projectId}/tasks`, { cookie: t.admin });
    expect(tasks.json.tasks.map((task: { judgments: number }) => task.judgments).sort()).toEqual([0, 1]);
  });

  it("names the field of a bad schedule and answers 404 for a batch of another project", async () => {
    const a = await project("A", 0, "lv");
    const b = await project("B", 0, "lv");
    const batchOfB = await importInto(b, ["b-1"]);
    const bad = await t.call("PATCH", `/projects/${a}/batches/${batchOfB}`, {
      cookie: t.admin,
      body: { priority: "high" },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("priority");
    const missing = await t.call("PATCH", `/projects/${a}/batches/${batchOfB}`, {
      cookie: t.admin,
      body: { priority: 1 },
    });
    expect(missing.status).toBe(404);
  });
});
