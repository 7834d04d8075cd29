import { countStatements, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithTasks, openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

/** Statements of one next-task + judgment pair, transaction control included (issue 8). */
const MOST_STATEMENTS = { sqlite: 15, postgres: 16 };

describe.each(targets)("the labeling hot path on $dialect", (target) => {
  let t: TestAppWithDatabase;

  beforeAll(async () => {
    t = await openTestApp(target);
  });
  afterAll(() => t.close());

  it(`costs at most ${MOST_STATEMENTS[target.dialect]} SQL statements for a next task and its judgment`, async () => {
    const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify({ data: { text: `t${i}` } }));
    const project = await createProjectWithTasks(
      t,
      { name: "Hot path", schema: { type: "rating", min: 0, max: 4 }, guidelines: "# Rate", overlap: 3 },
      lines,
    );
    const annotator = await t.userSession("annotator", { languages: ["en"] }, "hot");
    const pair = async (i: number) => {
      const next = await t.call("POST", `/projects/${project.id}/assignments/next`, { cookie: annotator.cookie });
      expect(next.status).toBe(200);
      const judged = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie: annotator.cookie,
        body: { value: i % 5, activeMs: 900, clientKey: `hot-${i}` },
      });
      expect(judged.status).toBe(201);
    };
    await pair(0); // the first pair creates the annotator's quality record and fills the caches
    // Reads of the project and of the session are remembered for a second, so they count only when
    // a remembered one lapsed in between: not counted here.
    const remembered = /from "(projects|sessions)"/;
    const statements = (await countStatements(() => pair(1))).filter((text) => !remembered.test(text));
    const listed = `${target.dialect}: ${statements.length} statements\n  ${statements.join("\n  ")}`;
    expect(statements.length, listed).toBeLessThanOrEqual(MOST_STATEMENTS[target.dialect]);
  });
});
