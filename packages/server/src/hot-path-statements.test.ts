import { countStatements, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithTasks, openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

/**
 * Round trips of one next-task + judgment pair, transaction control included (issue 8). PostgreSQL
 * 7: each transaction's `begin` goes with its first statement, and the lease's advisory lock with
 * its claim-state read, in one simple query (`preparingPool`; 10 statements apart). The judgment
 * reads the annotator's record and the task's judgments in its insert statement, the task's row
 * locked with the assignment (`lockSubmission`); a judgment that settles its task marks the task's
 * judgments in the same statement as the task's write (not counted here).
 */
const MOST_STATEMENTS = { sqlite: 14, postgres: 7 };
/**
 * The same in a project of harmful content, exposure budgets in force (issue 12): the lease reads
 * the exposure with its claim state (no statement more); the judgment adds one statement for the
 * exposure and the session on PostgreSQL, two on SQLite (no data-modifying WITH there). PostgreSQL
 * 8 round trips (11 statements).
 */
const MOST_STATEMENTS_HARMFUL = { sqlite: 17, postgres: 8 };

describe.each(targets)("the labeling hot path on $dialect", (target) => {
  let t: TestAppWithDatabase;

  beforeAll(async () => {
    t = await openTestApp(target);
  });
  afterAll(() => t.close());

  async function statementsOfPair(create: { harmCategory?: string }): Promise<string[]> {
    const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify({ data: { text: `t${i}` } }));
    const project = await createProjectWithTasks(
      t,
      { name: "Hot path", schema: { type: "rating", min: 0, max: 4 }, guidelines: "# Rate", overlap: 3, ...create },
      lines,
    );
    const annotator = await t.userSession("annotator", { languages: ["en"] }, `hot${project.id}`);
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
    // Reads of the project, the session, the wellbeing policy, the webhook subscriptions and the
    // running experiment are remembered for a second or two, so they count only when a remembered
    // one lapsed in between (a busy machine): not counted here.
    const remembered = /from "(projects|sessions|wellbeing_settings|webhooks|experiments)"/;
    return (await countStatements(() => pair(1))).filter((text) => !remembered.test(text));
  }

  it(`costs at most ${MOST_STATEMENTS[target.dialect]} SQL statements for a next task and its judgment`, async () => {
    const statements = await statementsOfPair({});
    const listed = `${target.dialect}: ${statements.length} statements\n  ${statements.join("\n  ")}`;
    expect(statements.length, listed).toBeLessThanOrEqual(MOST_STATEMENTS[target.dialect]);
  });

  it(`costs at most ${MOST_STATEMENTS_HARMFUL[target.dialect]} with exposure budgets in force`, async () => {
    const statements = await statementsOfPair({ harmCategory: "violence" });
    const listed = `${target.dialect}: ${statements.length} statements\n  ${statements.join("\n  ")}`;
    expect(statements.length, listed).toBeLessThanOrEqual(MOST_STATEMENTS_HARMFUL[target.dialect]);
    expect(
      statements.filter((text) => text.includes("exposure_daily")),
      listed,
    ).toHaveLength(2);
  });
});
