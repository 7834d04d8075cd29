import { countStatements, type RecordedStatement, recordStatements, testTargets } from "@quorum/storage";
import { CompiledQuery, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithTasks, openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

/**
 * Round trips of one next-task + judgment pair, transaction control included (issue 8). PostgreSQL
 * 5: each transaction's `begin` goes with its first statement, the lease's advisory lock with
 * its claim-state read, the lease's claim and the judgment's last write with their `commit`, in
 * one simple query (`preparingPool`; 10 statements apart). The judgment
 * reads the annotator's record and the task's judgments in its insert statement, the task's row
 * locked with the assignment (`lockSubmission`); a judgment that settles its task marks the task's
 * judgments in the same statement as the task's write (not counted here).
 */
const MOST_STATEMENTS = { sqlite: 14, postgres: 5 };
/**
 * The same in a project of harmful content, exposure budgets in force (issue 12): the lease reads
 * the exposure with its claim state (no statement more); the judgment adds one statement for the
 * exposure and the session on PostgreSQL, two on SQLite (no data-modifying WITH there). PostgreSQL
 * 6 round trips (11 statements).
 */
const MOST_STATEMENTS_HARMFUL = { sqlite: 17, postgres: 6 };

/** A project of 20 tasks and a signed-in annotator, and a next-task + judgment pair of theirs. */
async function projectAndPair(
  t: TestAppWithDatabase,
  create: { harmCategory?: string } = {},
  languages: string[] = ["en"],
) {
  const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify({ data: { text: `t${i}` } }));
  const project = await createProjectWithTasks(
    t,
    { name: "Hot path", schema: { type: "rating", min: 0, max: 4 }, guidelines: "# Rate", overlap: 3, ...create },
    lines,
  );
  const annotator = await t.userSession("annotator", { languages }, `hot${project.id}`);
  const pair = async (i: number) => {
    const next = await t.call("POST", `/projects/${project.id}/assignments/next`, { cookie: annotator.cookie });
    expect(next.status).toBe(200);
    const judged = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
      cookie: annotator.cookie,
      body: { value: i % 5, activeMs: 900, clientKey: `hot-${i}` },
    });
    expect(judged.status).toBe(201);
  };
  return pair;
}

describe.each(targets)("the labeling hot path on $dialect", (target) => {
  let t: TestAppWithDatabase;

  beforeAll(async () => {
    t = await openTestApp(target);
  });
  afterAll(() => t.close());

  async function statementsOfPair(create: { harmCategory?: string }, languages?: string[]): Promise<string[]> {
    const pair = await projectAndPair(t, create, languages);
    await pair(0); // the first pair creates the annotator's quality record and fills the caches
    // Reads of the project, the session, the wellbeing policy, the webhook subscriptions and the
    // running experiment are remembered for a second or two, so they count only when a remembered
    // one lapsed in between (a busy machine): not counted here.
    const remembered = /from "(projects|sessions|wellbeing_settings|webhooks|experiments)"/;
    // SQLite: the two settings around a commit group's BEGIN (where its savepoint journals go,
    // `inSmallTransaction`) come once a group, however many pairs share it, and do no work.
    const journalSetting = /^pragma temp_store = /;
    return (await countStatements(() => pair(1))).filter(
      (text) => !remembered.test(text) && !journalSetting.test(text),
    );
  }

  it(`costs at most ${MOST_STATEMENTS[target.dialect]} SQL statements for a next task and its judgment`, async () => {
    const statements = await statementsOfPair({});
    const listed = `${target.dialect}: ${statements.length} statements\n  ${statements.join("\n  ")}`;
    expect(statements.length, listed).toBeLessThanOrEqual(MOST_STATEMENTS[target.dialect]);
  });

  // SQLite plans with a bound LIMIT's value, so a statement that binds one is prepared again at
  // every run: the claim's queue-head read cost 199 µs instead of 38 that way.
  it.runIf(target.dialect === "sqlite")("binds no LIMIT on the hot path, for one language or several", async () => {
    for (const languages of [["en"], ["en", "de"]]) {
      const statements = await statementsOfPair({}, languages);
      expect(statements.filter((text) => /\blimit \?/i.test(text))).toEqual([]);
    }
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

/** Transaction control: nothing to plan. */
const CONTROL = /^\s*(begin|commit|rollback|savepoint|release)\b/i;

/**
 * The plan of `statement` with `values` bound, or (`values` undefined) with no value known.
 * SQLite: EXPLAIN QUERY PLAN, which plans with the values bound (SQLite plans a statement anew
 * with its values when a value could change the plan), NULL for none known. PostgreSQL: EXPLAIN,
 * a custom plan for the values, or for none the generic plan of the statement prepared (which
 * no value reaches: NULLs are passed); the plan's nodes and what they scan, without conditions
 * (which name values or `$n`).
 */
async function planOf(t: TestAppWithDatabase, statement: RecordedStatement, values?: unknown[]): Promise<string> {
  const { db, dialect } = t.database;
  if (dialect === "sqlite") {
    const bound = values ?? statement.parameters.map(() => null);
    const { rows } = await db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${statement.sql}`, bound),
    );
    return rows.map((row) => row.detail).join("\n");
  }
  const nodes = (rows: { "QUERY PLAN": string }[]) =>
    rows
      .map((row) => row["QUERY PLAN"])
      .filter((line) => !/^\s*[A-Z][\w -]*: /.test(line))
      .join("\n");
  if (values) {
    const { rows } = await db.executeQuery<{ "QUERY PLAN": string }>(
      CompiledQuery.raw(`explain (costs off) ${statement.sql}`, values),
    );
    return nodes(rows);
  }
  return db.connection().execute(async (connection) => {
    await sql`prepare hot_path_plan as ${sql.raw(statement.sql)}`.execute(connection);
    try {
      await sql`set plan_cache_mode = force_generic_plan`.execute(connection);
      const nulls = statement.parameters.map(() => "null").join(", ");
      const { rows } = await sql<{ "QUERY PLAN": string }>`explain (costs off) execute hot_path_plan${sql.raw(
        nulls ? `(${nulls})` : "",
      )}`.execute(connection);
      return nodes(rows);
    } finally {
      await sql`reset plan_cache_mode`.execute(connection);
      await sql`deallocate hot_path_plan`.execute(connection);
    }
  });
}

describe.each(targets)("the plans of the labeling hot path on $dialect", (target) => {
  let t: TestAppWithDatabase;

  // Each statement on its own, with its values bound: PostgreSQL's merged round trips (`begin;
  // execute q_x('literals')`) would hide them, so this app sends the hot statements unprepared.
  beforeAll(async () => {
    const prepare = process.env.QUORUM_PG_PREPARE;
    process.env.QUORUM_PG_PREPARE = "0";
    try {
      t = await openTestApp(target);
    } finally {
      if (prepare === undefined) delete process.env.QUORUM_PG_PREPARE;
      else process.env.QUORUM_PG_PREPARE = prepare;
    }
  });
  afterAll(() => t.close());

  // A bound value that decides the plan (a status compared to a partial index's `where status = 'open'`)
  // makes SQLite prepare the statement anew on every run, and leaves PostgreSQL's generic plan
  // without the partial index: each statement's plan must be the same whatever its values.
  it("plans no statement of a next task and its judgment by a value bound to it", async () => {
    const statements: RecordedStatement[] = [];
    // The pair's first run reads what later runs find remembered; with exposure budgets in force
    // (a harm category) the claim and the judgment take other statements.
    for (const create of [{}, { harmCategory: "violence" }]) {
      const pair = await projectAndPair(t, create);
      for (const i of [0, 1]) statements.push(...(await recordStatements(() => pair(i))));
    }
    const planned = statements.filter((s) => !CONTROL.test(s.sql));
    expect(planned.length).toBeGreaterThan(5);
    const differing: string[] = [];
    for (const statement of planned) {
      const withValues = await planOf(t, statement, statement.parameters);
      const without = await planOf(t, statement);
      if (withValues !== without)
        differing.push(
          `${statement.sql}\n  values ${JSON.stringify(statement.parameters)}\n  planned with them:\n${withValues}\n  without:\n${without}`,
        );
    }
    expect(differing, differing.join("\n\n")).toEqual([]);
  });
});
