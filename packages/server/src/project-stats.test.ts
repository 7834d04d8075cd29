import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithTasks, openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("a project's task counts on $dialect", (target) => {
  let t: TestAppWithDatabase;
  afterAll(() => t.close());
  let projectId: number;

  beforeAll(async () => {
    t = await openTestApp(target);
    // 4 work tasks and 2 gold control tasks (served as controls: the gold share is above 0).
    const lines = [0, 1, 2, 3, 4, 5].map((i) =>
      JSON.stringify({ data: { text: `t${i}` }, ...(i >= 4 ? { gold: "spam" } : {}) }),
    );
    ({ id: projectId } = await createProjectWithTasks(
      t,
      {
        name: "Counts",
        schema: { type: "single_choice", options: ["ok", "spam"] },
        overlap: 3,
        goldPolicy: { share: 0.1 },
      },
      lines,
    ));
  });

  it("counts gold tasks apart, so open, in progress, done and gold add up to the total", async () => {
    const stats = await t.call("GET", `/projects/${projectId}/stats`, { cookie: t.admin });
    const { tasks } = stats.json;
    expect(tasks).toMatchObject({ total: 6, gold: 2, open: 4, full: 0, done: 0 });
    expect(tasks.open + tasks.full + tasks.done + tasks.gold).toBe(tasks.total);
  });

  it("counts the judgments still needed by the work tasks only", async () => {
    const annotator = await t.userSession("annotator", { languages: ["en"] }, "counts");
    const before = await t.call("GET", `/projects/${projectId}/stats`, { cookie: t.admin });
    expect(before.json.tasks.judgmentsLeft).toBe(4 * 3);
    const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: annotator.cookie });
    expect(next.status).toBe(200);
    const judged = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
      cookie: annotator.cookie,
      body: { value: "ok", activeMs: 3000, clientKey: "counts-1" },
    });
    expect(judged.status).toBeLessThan(300);
    const after = await t.call("GET", `/projects/${projectId}/stats`, { cookie: t.admin });
    // A work task's judgment takes one off; a gold task's leaves the work left as it was.
    const wasGold = after.json.goldAccuracy.answered === 1;
    expect(after.json.tasks.judgmentsLeft).toBe(wasGold ? 12 : 11);
  });
});
