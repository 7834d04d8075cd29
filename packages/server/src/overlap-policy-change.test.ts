import { recountTaskCounters, storedTaskCounters, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { createProjectWithTasks, openTestApp, signInAnnotators, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const DYNAMIC = { mode: "dynamic", min: 2, max: 4, target: 0.6 };
const SCHEMA = { type: "single_choice", options: ["a", "b"] };
// Six tasks: the first three draw two agreeing answers, the last three a split.
const LINES = Array.from({ length: 6 }, (_, i) => JSON.stringify({ data: { text: `t${i}` } }));
const answer = (annotator: number, text: string) => (annotator === 1 && Number(text.slice(1)) >= 3 ? "b" : "a");

/**
 * Switching a project to dynamic overlap settles, at once, the tasks the new policy would stop,
 * exactly as the engine settles a task after a judgment; the counters follow; nothing is reopened.
 */
describe.each(targets)("changing a project's overlap policy on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let people: TestSession[] = [];
  let switched = 0;
  let dynamicFromStart = 0;
  let leased: { assignment: number; text: string } = { assignment: 0, text: "" };

  const tasksOf = async (projectId: number) =>
    (
      await t.database.db
        .selectFrom("tasks")
        .select(["id", "data", "status", "required", "slots_taken", "judgment_count"])
        .where("project_id", "=", projectId)
        .orderBy("id")
        .execute()
    ).map((row) => ({
      text: JSON.parse(row.data).text as string,
      status: row.status,
      required: Number(row.required),
      slots: Number(row.slots_taken),
      judgments: Number(row.judgment_count),
    }));
  /** The invariants the engine keeps: no task over its overlap, the counters equal to the rows. */
  const expectConsistent = async (projectId: number) => {
    for (const task of await tasksOf(projectId)) {
      expect(task.judgments).toBeLessThanOrEqual(task.required);
      expect(task.slots).toBeLessThanOrEqual(task.required);
      expect(task.status).toBe(
        task.judgments >= task.required ? "done" : task.slots >= task.required ? "full" : "open",
      );
    }
    const stored = await storedTaskCounters(t.database.db, projectId);
    const counted = await recountTaskCounters(t.database.db, projectId, 0.6);
    expect(stored.tasks).toEqual(counted.tasks);
    expect(stored.judgmentsLeft).toBe(counted.judgmentsLeft);
    expect(stored.judged).toEqual(counted.judged);
  };
  const labelAll = async (projectId: number) => {
    for (const [i, person] of people.slice(0, 2).entries())
      for (;;) {
        const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: person.cookie });
        if (next.status === 204) break;
        expect(next.status, next.text).toBe(200);
        const { id, task } = next.json.assignment;
        const saved = await t.call("POST", `/assignments/${id}/judgment`, {
          cookie: person.cookie,
          body: { value: answer(i, task.data.text), activeMs: 1000, clientKey: `${projectId}-${i}-${id}` },
        });
        expect(saved.status, saved.text).toBeLessThan(300);
      }
  };
  const patch = (projectId: number, overlapPolicy: unknown) =>
    t.call("PATCH", `/projects/${projectId}`, { cookie: t.admin, body: { overlapPolicy } });

  beforeAll(async () => {
    t = await openTestApp(target);
    people = await signInAnnotators(t, 3, "overlap");
    switched = (await createProjectWithTasks(t, { name: "Switched", schema: SCHEMA, overlap: 3 }, LINES)).id;
    dynamicFromStart = (
      await createProjectWithTasks(t, { name: "Dynamic", schema: SCHEMA, overlap: 3, overlapPolicy: DYNAMIC }, LINES)
    ).id;
    await labelAll(switched);
    await labelAll(dynamicFromStart);
    // A third person holds a lease on one task of the fixed project when the policy changes.
    const next = await t.call("POST", `/projects/${switched}/assignments/next`, { cookie: people[2]!.cookie });
    leased = { assignment: next.json.assignment.id, text: next.json.assignment.task.data.text };
  });
  afterAll(() => t.close());

  it("settles the tasks the dynamic policy would stop, as the engine does after a judgment", async () => {
    const before = await tasksOf(switched);
    // Fixed overlap 3: every task waits for a third judgment.
    expect(before.filter((task) => task.status === "done")).toEqual([]);
    const response = await patch(switched, DYNAMIC);
    expect(response.status, response.text).toBe(200);
    // Six unfinished tasks fit in the batch PATCH applies before answering: the change is done.
    expect(response.json.overlapPolicyChange).toMatchObject({ state: "done", checked: 6, total: 6 });
    const after = await tasksOf(switched);
    const engine = await tasksOf(dynamicFromStart);
    // Old code: all six still open (or full) at 2 of 3 judgments.
    for (const [i, task] of after.entries()) {
      if (task.text === leased.text) continue;
      expect({ text: task.text, status: task.status, required: task.required }).toEqual({
        text: engine[i]!.text,
        status: engine[i]!.status,
        required: engine[i]!.required,
      });
    }
    const agreeing = after.filter((task) => Number(task.text.slice(1)) < 3 && task.text !== leased.text);
    expect(agreeing.length).toBeGreaterThan(0);
    for (const task of agreeing) expect(task).toMatchObject({ status: "done", required: 2, judgments: 2 });
    // The split tasks still ask for the third judgment that breaks their tie.
    for (const task of after.filter((task) => Number(task.text.slice(1)) >= 3 && task.text !== leased.text))
      expect(task).toMatchObject({ status: "open", required: 3, judgments: 2 });
    // Their judgments are marked by the aggregate, as a judgment settling them would.
    const unmarked = await t.database.db
      .selectFrom("judgments")
      .innerJoin("tasks", "tasks.id", "judgments.task_id")
      .select("judgments.id")
      .where("tasks.project_id", "=", switched)
      .where("tasks.status", "=", "done")
      .where("judgments.verdict", "is", null)
      .execute();
    expect(unmarked).toEqual([]);
    await expectConsistent(switched);
    const progress = await t.call("GET", `/projects/${switched}/forecast`, { cookie: t.admin });
    expect(progress.json.backlog.tasksLeft).toBe(after.filter((task) => task.status !== "done").length);
  });

  it("lets the lease out be answered, and then the task is done", async () => {
    const task = (await tasksOf(switched)).find((row) => row.text === leased.text)!;
    expect(task.status).toBe("full");
    const saved = await t.call("POST", `/assignments/${leased.assignment}/judgment`, {
      cookie: people[2]!.cookie,
      body: { value: "a", activeMs: 1000, clientKey: "late-lease" },
    });
    expect(saved.status, saved.text).toBeLessThan(300);
    expect((await tasksOf(switched)).find((row) => row.text === leased.text)).toMatchObject({
      status: "done",
      judgments: 3,
    });
    await expectConsistent(switched);
  });

  it("reopens nothing when the policy gets stricter or goes back to fixed, and the open tasks take the new rule", async () => {
    const done = (await tasksOf(switched)).filter((task) => task.status === "done").map((task) => task.text);
    expect((await patch(switched, { ...DYNAMIC, min: 3, target: 0.99 })).status).toBe(200);
    expect((await tasksOf(switched)).filter((task) => task.status === "done").map((task) => task.text)).toEqual(done);
    await expectConsistent(switched);
    expect((await patch(switched, { mode: "fixed" })).status).toBe(200);
    const fixed = await tasksOf(switched);
    expect(fixed.filter((task) => task.status === "done").map((task) => task.text)).toEqual(done);
    for (const task of fixed.filter((row) => row.status !== "done"))
      expect(task).toMatchObject({ required: 3, judgments: 2 });
    await expectConsistent(switched);
  });
});
