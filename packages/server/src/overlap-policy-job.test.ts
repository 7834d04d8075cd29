import { parseOverlapSetting } from "@quorum/core";
import { recountTaskCounters, storedTaskCounters, testTargets, updateProject } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOverlapPolicyWorker } from "./overlap-policy-worker.js";
import type { TestSession } from "./test-client.js";
import { createProjectWithTasks, openTestApp, signInAnnotators, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const DYNAMIC = { mode: "dynamic", min: 2, max: 4, target: 0.6 } as const;
const SCHEMA = { type: "single_choice", options: ["a", "b"] };
const LINES = Array.from({ length: 6 }, (_, i) => JSON.stringify({ data: { text: `t${i}` } }));
const COMPLETION_EVENTS = ["task.completed", "batch.completed", "project.completed"];
/** Tasks a batch in these tests: six tasks take three batches and a last, empty one. */
const BATCH = 2;

/**
 * A changed overlap policy is applied by the server's background worker, batch by batch, each
 * batch committing its tasks with the cursor: it resumes where it stopped, ends under the newest
 * policy, and tells subscribers of completion events once.
 */
describe.each(targets)("an overlap-policy change as a background job on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let people: TestSession[] = [];
  let adminId = 0;
  const log: string[] = [];
  const worker = (holder: string) =>
    createOverlapPolicyWorker({
      database: t.database,
      now: () => t.clock.now,
      log: (line) => log.push(line),
      batchSize: BATCH,
      roundMs: 0,
      holder,
    });
  /** Rounds until nothing is left running; how many it took. */
  const runToEnd = async (w: ReturnType<typeof worker>) => {
    let rounds = 0;
    for (;;) {
      rounds++;
      if (!(await w.runOnce()).running) return rounds;
    }
  };
  const tasksOf = async (projectId: number) =>
    (
      await t.database.db
        .selectFrom("tasks")
        .select(["data", "status", "required", "judgment_count"])
        .where("project_id", "=", projectId)
        .orderBy("id")
        .execute()
    ).map((row) => ({
      text: JSON.parse(row.data).text as string,
      status: row.status,
      required: Number(row.required),
      judgments: Number(row.judgment_count),
    }));
  const eventsOf = async (projectId: number) =>
    (
      await t.database.db
        .selectFrom("events")
        .select(["type", "dedup_key"])
        .where("project_id", "=", projectId)
        .where("type", "in", COMPLETION_EVENTS)
        .orderBy("id")
        .execute()
    ).map((row) => ({ type: row.type, key: row.dedup_key }));
  const progressOf = async (projectId: number) =>
    (await t.call("GET", `/projects/${projectId}`, { cookie: t.admin })).json.overlapPolicyChange;
  const expectCountersRecounted = async (projectId: number) => {
    const stored = await storedTaskCounters(t.database.db, projectId);
    const counted = await recountTaskCounters(t.database.db, projectId, 0.6);
    expect(stored.tasks).toEqual(counted.tasks);
    expect(stored.judgmentsLeft).toBe(counted.judgmentsLeft);
  };
  /** Two annotators answer every task: alike, or (`split`) apart on t3..t5. */
  const labelled = async (name: string, split: boolean) => {
    const { id } = await createProjectWithTasks(t, { name, schema: SCHEMA, overlap: 3 }, LINES);
    for (const [i, person] of people.entries())
      for (;;) {
        const next = await t.call("POST", `/projects/${id}/assignments/next`, { cookie: person.cookie });
        if (next.status === 204) break;
        const { id: assignment, task } = next.json.assignment;
        const value = split && i === 1 && Number(task.data.text.slice(1)) >= 3 ? "b" : "a";
        const saved = await t.call("POST", `/assignments/${assignment}/judgment`, {
          cookie: person.cookie,
          body: { value, activeMs: 1000, clientKey: `${id}-${i}-${assignment}` },
        });
        expect(saved.status, saved.text).toBeLessThan(300);
      }
    return id;
  };
  /** Stores a new policy as PATCH does, without the first batch PATCH runs before answering. */
  const changePolicy = (projectId: number, policy: unknown) =>
    updateProject(t.database.db, projectId, { overlapPolicy: parseOverlapSetting(policy) }, adminId, t.clock.now);

  let whole = 0;
  let interrupted = 0;
  let twice = 0;

  beforeAll(async () => {
    t = await openTestApp(target);
    people = await signInAnnotators(t, 2, "job");
    adminId = (await t.call("GET", "/auth/me", { cookie: t.admin })).json.user.id;
    const hook = await t.call("POST", "/webhooks", {
      cookie: t.admin,
      body: { url: "http://127.0.0.1:9/hook", events: COMPLETION_EVENTS, description: "completions" },
    });
    expect(hook.status, hook.text).toBe(201);
    whole = await labelled("Whole", false);
    interrupted = await labelled("Interrupted", false);
    twice = await labelled("Twice", true);
  });
  afterAll(() => t.close());

  it("finishes a project bigger than a batch through the worker, counting as it goes, telling each completion once", async () => {
    expect(await eventsOf(whole)).toEqual([]);
    await changePolicy(whole, DYNAMIC);
    expect(await progressOf(whole)).toMatchObject({ state: "running", checked: 0, total: 6, settled: 0 });
    const w = worker("whole");
    expect(await w.runOnce()).toEqual({ batches: 1, running: true });
    expect(await progressOf(whole)).toMatchObject({ state: "running", checked: 2, total: 6, settled: 2 });
    expect((await tasksOf(whole)).map((task) => task.status)).toEqual(["done", "done", "open", "open", "open", "open"]);
    // Two more full batches, then one that comes back short and ends the change.
    expect(await runToEnd(w)).toBe(3);
    const tasks = await tasksOf(whole);
    for (const task of tasks) expect(task).toMatchObject({ status: "done", required: 2, judgments: 2 });
    expect(await progressOf(whole)).toMatchObject({ state: "done", checked: 6, total: 6, changed: 6, settled: 6 });
    await expectCountersRecounted(whole);
    const events = await eventsOf(whole);
    expect(events.filter((e) => e.type === "task.completed")).toHaveLength(6);
    expect(new Set(events.map((e) => e.key)).size).toBe(events.length);
    expect(events.filter((e) => e.type !== "task.completed").map((e) => e.type)).toEqual([
      "batch.completed",
      "project.completed",
    ]);
    // The payloads a judgment finishing the tasks would have sent.
    const data = async (type: string) =>
      (
        await t.database.db
          .selectFrom("events")
          .select("data")
          .where("project_id", "=", whole)
          .where("type", "=", type)
          .orderBy("id")
          .execute()
      ).map((row) => JSON.parse(row.data));
    const batchId = (await data("task.completed"))[0].batchId;
    expect((await data("task.completed"))[5]).toEqual({ taskId: expect.any(Number), batchId, externalId: null });
    expect(await data("batch.completed")).toEqual([{ batchId, name: expect.any(String), taskCount: 6 }]);
    expect(await data("project.completed")).toEqual([{ name: "Whole", tasksDone: 6 }]);
    // Each event waits for the subscriber.
    const deliveries = await t.database.db
      .selectFrom("webhook_deliveries")
      .innerJoin("events", "events.id", "webhook_deliveries.event_id")
      .select("webhook_deliveries.id")
      .where("events.project_id", "=", whole)
      .where("events.type", "in", COMPLETION_EVENTS)
      .execute();
    expect(deliveries).toHaveLength(events.length);
    // Nothing left to do: another round touches nothing.
    expect(await w.runOnce()).toEqual({ batches: 0, running: false });
    expect(await eventsOf(whole)).toEqual(events);
  });

  it("resumes a change interrupted after a batch where it stopped, ending as an uninterrupted one", async () => {
    await changePolicy(interrupted, DYNAMIC);
    // The first process applies one batch and dies holding the project's lease.
    expect(await worker("first").runOnce()).toEqual({ batches: 1, running: true });
    const second = worker("second");
    expect(await second.runOnce()).toEqual({ batches: 0, running: false });
    t.clock.now += 31_000;
    expect(await runToEnd(second)).toBe(3);
    const strip = (tasks: Awaited<ReturnType<typeof tasksOf>>) =>
      tasks.map(({ status, required, judgments }) => ({ status, required, judgments }));
    expect(strip(await tasksOf(interrupted))).toEqual(strip(await tasksOf(whole)));
    const { startedAt: _a, finishedAt: _b, ...progress } = await progressOf(interrupted);
    const { startedAt: _c, finishedAt: _d, ...uninterrupted } = await progressOf(whole);
    expect(progress).toEqual(uninterrupted);
    await expectCountersRecounted(interrupted);
    const types = async (projectId: number) => (await eventsOf(projectId)).map((e) => e.type);
    expect(await types(interrupted)).toEqual(await types(whole));
  });

  it("restarts from the first task under the newest policy when the policy changes again mid-run", async () => {
    await changePolicy(twice, DYNAMIC);
    const w = worker("twice");
    await w.runOnce();
    // Under the dynamic policy the first batch settled t0 and t1 (two agreeing answers).
    expect((await tasksOf(twice)).slice(0, 2).map((task) => task.status)).toEqual(["done", "done"]);
    await changePolicy(twice, { mode: "fixed" });
    expect(await progressOf(twice)).toMatchObject({ state: "running", checked: 0, total: 4, settled: 0 });
    await runToEnd(w);
    const tasks = await tasksOf(twice);
    // Done tasks stay done; t2, which the dynamic policy would have settled, waits for its third judgment.
    expect(tasks.map(({ text, status, required }) => ({ text, status, required }))).toEqual([
      { text: "t0", status: "done", required: 2 },
      { text: "t1", status: "done", required: 2 },
      { text: "t2", status: "open", required: 3 },
      { text: "t3", status: "open", required: 3 },
      { text: "t4", status: "open", required: 3 },
      { text: "t5", status: "open", required: 3 },
    ]);
    expect(await progressOf(twice)).toMatchObject({ state: "done", checked: 4, total: 4, settled: 0 });
    await expectCountersRecounted(twice);
    expect((await eventsOf(twice)).map((e) => e.type)).toEqual(["task.completed", "task.completed"]);
  });

  it("answers PATCH after the first batch, shows the progress to managers only, and the worker finishes", async () => {
    const lines = Array.from({ length: 501 }, (_, i) => JSON.stringify({ data: { text: `b${i}` } }));
    const { id } = await createProjectWithTasks(t, { name: "Big", schema: SCHEMA, overlap: 3 }, lines);
    expect(await progressOf(id)).toBeNull();
    const patched = await t.call("PATCH", `/projects/${id}`, { cookie: t.admin, body: { overlapPolicy: DYNAMIC } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json.overlapPolicy).toMatchObject({ mode: "dynamic" });
    expect(patched.json.overlapPolicyChange).toMatchObject({ state: "running", checked: 500, total: 501 });
    const annotatorView = await t.call("GET", `/projects/${id}`, { cookie: people[0]!.cookie });
    expect(annotatorView.status).toBe(200);
    expect(annotatorView.json).not.toHaveProperty("overlapPolicyChange");
    await createOverlapPolicyWorker({ database: t.database, now: () => t.clock.now, log: () => {} }).runOnce();
    expect(await progressOf(id)).toMatchObject({ state: "done", checked: 501, total: 501 });
  });
});
