import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnnotatorProjectView } from "./routes/views.js";
import { createProjectWithTasks, openTestApp, signInAnnotators, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("an annotator's project list on $dialect", (target) => {
  let t: TestAppWithDatabase;

  beforeAll(async () => {
    t = await openTestApp(target);
  });
  afterAll(() => t.close());

  it("says whether a project still has a task for this annotator, not only for the others", async () => {
    const { id } = await createProjectWithTasks(
      t,
      { name: "Overlap two", schema: { type: "single_choice", options: ["ok", "spam"] }, overlap: 2 },
      ['{"data":{"text":"a"}}', '{"data":{"text":"b"}}'],
    );
    const [first, second] = await signInAnnotators(t, 2, "list");
    const mine = async (cookie: string) =>
      ((await t.call("GET", "/projects", { cookie })).json.projects as AnnotatorProjectView[]).find((p) => p.id === id);
    expect((await mine(first!.cookie))?.tasks).toMatchObject({ remaining: 2, available: true });

    for (let i = 0; ; i++) {
      const next = await t.call("POST", `/projects/${id}/assignments/next`, { cookie: first!.cookie });
      if (next.status === 204) break;
      await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie: first!.cookie,
        body: { value: "ok", activeMs: 1000, clientKey: `first-${i}` },
      });
    }

    // Both tasks still need a second judgment, but never from the one who gave the first.
    expect((await mine(first!.cookie))?.tasks).toMatchObject({ remaining: 2, available: false });
    expect((await mine(second!.cookie))?.tasks).toMatchObject({ remaining: 2, available: true });
  });
});
