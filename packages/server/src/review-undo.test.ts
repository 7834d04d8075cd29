import { UNDO_WINDOW_MS } from "@quorum/core";
import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import {
  createProjectWithTasks,
  openTestApp,
  queueDisagreements,
  signInAnnotators,
  signInEveryRole,
  type TestAppWithDatabase,
} from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("undo of a verdict over HTTP on $dialect", (target) => {
  const clock = { now: 1_800_000_000_000 };
  let t: TestAppWithDatabase;
  let roles: Awaited<ReturnType<typeof signInEveryRole>>;
  let annotators: TestSession[];
  let projectId = 0;

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    roles = await signInEveryRole(t);
    annotators = await signInAnnotators(t, 3, "ann", { languages: ["en"] });
    ({ id: projectId } = await createProjectWithTasks(
      t,
      {
        name: "Undo",
        schema: { type: "single_choice", options: ["ok", "spam"] },
        overlap: 2,
        requirements: { languages: ["en"] },
      },
      Array.from({ length: 3 }, (_, i) => JSON.stringify({ data: { text: `t${i}` } })),
    ));
    // Two annotators disagree on every task, which queues them all for review.
    expect(await queueDisagreements(t, projectId, annotators, roles.reviewer)).toBe(3);
  });
  afterAll(() => t.close());

  const next = (cookie = roles.reviewer.cookie) => t.call("POST", `/projects/${projectId}/reviews/next`, { cookie });
  const taskStatus = async (taskId: number) =>
    (await t.call("GET", `/projects/${projectId}/tasks/${taskId}`, { cookie: roles.manager.cookie })).json.status;
  const undo = (itemId: number, cookie = roles.reviewer.cookie) =>
    t.call("POST", `/reviews/${itemId}/undo`, { cookie });

  it("takes back a rejection: the item comes back to decide with its note, the task is done again", async () => {
    const work = await next();
    const itemId = work.json.item.id;
    const rejected = await t.call("POST", `/reviews/${itemId}`, {
      cookie: roles.reviewer.cookie,
      body: { verdict: "reject", note: "ask again" },
    });
    expect(rejected.status).toBe(200);
    expect(await taskStatus(work.json.task.id)).toBe("open");
    clock.now += 30_000;

    const undone = await undo(itemId);
    expect(undone.status).toBe(200);
    expect(undone.json.undone).toEqual({ verdict: "reject", note: "ask again" });
    expect(undone.json.item).toMatchObject({ id: itemId, status: "pending", reviewedAt: null });
    expect(undone.json.task.id).toBe(work.json.task.id);
    expect(undone.json.judgments).toHaveLength(2);
    expect(await taskStatus(work.json.task.id)).toBe("done");
    // Decided anew: the second verdict stands.
    const accepted = await t.call("POST", `/reviews/${itemId}`, {
      cookie: roles.reviewer.cookie,
      body: { verdict: "accept" },
    });
    expect(accepted.json.item.status).toBe("accepted");
  });

  it("refuses another reviewer's verdict, an older verdict, and one past the window (409 undo_unavailable)", async () => {
    const first = await next();
    await t.call("POST", `/reviews/${first.json.item.id}`, {
      cookie: roles.reviewer.cookie,
      body: { verdict: "accept" },
    });
    const refusedForOther = await undo(first.json.item.id, roles.manager.cookie);
    expect(refusedForOther.status).toBe(409);
    expect(refusedForOther.json.error.code).toBe("undo_unavailable");

    const second = await next();
    await t.call("POST", `/reviews/${second.json.item.id}`, {
      cookie: roles.reviewer.cookie,
      body: { verdict: "correct", value: "spam" },
    });
    expect((await undo(first.json.item.id)).json.error.message).toMatch(/most recent/);
    clock.now += UNDO_WINDOW_MS + 1;
    expect((await undo(second.json.item.id)).status).toBe(409);
    expect((await undo(999_999)).status).toBe(404);
    expect((await undo(second.json.item.id, annotators[2]!.cookie)).status).toBe(403);
  });

  it("is in the API document and the audit log", async () => {
    const doc = await t.call("GET", "/openapi.json");
    expect(doc.json.paths["/reviews/{id}/undo"].post.responses).toHaveProperty("409");
    const undos = await t.database.db
      .selectFrom("audit_log")
      .select("action")
      .where("project_id", "=", projectId)
      .where("action", "=", "review.undo")
      .execute();
    expect(undos).toHaveLength(1);
  });
});
