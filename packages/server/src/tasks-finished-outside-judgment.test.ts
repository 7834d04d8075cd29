import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { createProjectWithTasks, openTestApp, signInAnnotators, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const SCHEMA = { type: "single_choice", options: ["ok", "spam"] };
const COMPLETION_EVENTS = ["task.completed", "batch.completed", "project.completed"];

/**
 * Tasks that become done without a judgment finishing them (a gold policy that stops using
 * controls, a cancelled batch) are told and checked as a judgment finishing them would be.
 */
describe.each(targets)("tasks finished outside a judgment on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let people: TestSession[] = [];

  const eventsOf = async (projectId: number) =>
    (
      await t.database.db
        .selectFrom("events")
        .select(["type", "data"])
        .where("project_id", "=", projectId)
        .where("type", "in", COMPLETION_EVENTS)
        .orderBy("id")
        .execute()
    ).map((row) => ({ type: row.type, data: JSON.parse(row.data) }));
  /** Each person answers what the queue hands them, `answer` choosing by the task's text. */
  const work = async (projectId: number, answer: (text: string, person: number) => string) => {
    for (const [i, person] of people.entries())
      for (;;) {
        const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: person.cookie });
        if (next.status === 204) break;
        const { id, task } = next.json.assignment;
        const saved = await t.call("POST", `/assignments/${id}/judgment`, {
          cookie: person.cookie,
          body: { value: answer(task.data.text, i), activeMs: 1000, clientKey: `${projectId}-${i}-${id}` },
        });
        expect(saved.status, saved.text).toBeLessThan(300);
      }
  };

  beforeAll(async () => {
    t = await openTestApp(target);
    people = await signInAnnotators(t, 2, "outside");
    const hook = await t.call("POST", "/webhooks", {
      cookie: t.admin,
      body: { url: "http://127.0.0.1:9/hook", events: COMPLETION_EVENTS, description: "completions" },
    });
    expect(hook.status, hook.text).toBe(201);
  });
  afterAll(() => t.close());

  it("settles answered controls like a judgment when the gold policy stops using them: told, marked, never queued for review", async () => {
    const { id } = await createProjectWithTasks(
      t,
      {
        name: "Controls released",
        schema: SCHEMA,
        overlap: 2,
        goldPolicy: { share: 0, onboarding: 2 },
        reviewPolicy: { sampleShare: 0, disagreement: true },
      },
      [
        JSON.stringify({ data: { text: "gold agreed" }, gold: "ok" }),
        JSON.stringify({ data: { text: "gold split" }, gold: "spam" }),
      ],
    );
    // Both people get both controls first (onboarding), and disagree on one of them.
    await work(id, (text, person) => (text === "gold split" && person === 1 ? "spam" : "ok"));
    const before = await t.database.db.selectFrom("tasks").select("status").where("project_id", "=", id).execute();
    expect(before.map((row) => row.status)).toEqual(["gold", "gold"]);
    expect(await eventsOf(id)).toEqual([]);

    const released = await t.call("PATCH", `/projects/${id}`, {
      cookie: t.admin,
      body: { goldPolicy: { share: 0, onboarding: 0 } },
    });
    expect(released.status, released.text).toBe(200);
    const tasks = await t.database.db
      .selectFrom("tasks")
      .select(["id", "status"])
      .where("project_id", "=", id)
      .orderBy("id")
      .execute();
    expect(tasks.map((row) => row.status)).toEqual(["done", "done"]);
    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual([
      "task.completed",
      "task.completed",
      "batch.completed",
      "project.completed",
    ]);
    expect(events.at(-1)?.data).toEqual({ name: "Controls released", tasksDone: 2 });
    // The review policy was asked as a judgment would ask it, and queues no gold task (its answers
    // are checked against the gold), the split one included.
    const pending = await t.call("GET", `/projects/${id}/reviews?status=pending`, { cookie: t.admin });
    expect(pending.status, pending.text).toBe(200);
    expect(pending.json.items).toEqual([]);
    // Marked as a judgment settling them would: the gold verdicts stand (the stronger word), none left unmarked.
    const verdicts = await t.database.db
      .selectFrom("judgments")
      .select(["verdict", "verdict_reason"])
      .where("project_id", "=", id)
      .orderBy("id")
      .execute();
    expect(verdicts.map((v) => `${v.verdict}:${v.verdict_reason}`).sort()).toEqual([
      "accepted:gold",
      "accepted:gold",
      "accepted:gold",
      "rejected:gold",
    ]);
  });

  it("tells project.completed once when cancelling a batch leaves nothing of the project open", async () => {
    const { id } = await createProjectWithTasks(t, { name: "Cancelled rest", schema: SCHEMA, overlap: 1 }, [
      JSON.stringify({ data: { text: "first" } }),
    ]);
    const rest = await t.call("POST", `/projects/${id}/imports`, {
      cookie: t.admin,
      raw: [JSON.stringify({ data: { text: "later 1" } }), JSON.stringify({ data: { text: "later 2" } })].join("\n"),
    });
    expect(rest.status, rest.text).toBe(200);
    const person = people[0]!;
    const next = await t.call("POST", `/projects/${id}/assignments/next`, { cookie: person.cookie });
    expect(next.json.assignment.task.data.text).toBe("first");
    const saved = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
      cookie: person.cookie,
      body: { value: "ok", activeMs: 1000, clientKey: `${id}-first` },
    });
    expect(saved.status, saved.text).toBeLessThan(300);
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(["task.completed", "batch.completed"]);

    const cancel = () => t.call("POST", `/projects/${id}/batches/${rest.json.batchId}/cancel`, { cookie: t.admin });
    const cancelled = await cancel();
    expect(cancelled.status, cancelled.text).toBeLessThan(300);
    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual(["task.completed", "batch.completed", "project.completed"]);
    expect(events.at(-1)?.data).toEqual({ name: "Cancelled rest", tasksDone: 1 });
    expect((await cancel()).status).toBe(409);
    expect(await eventsOf(id)).toEqual(events);
  });
});
