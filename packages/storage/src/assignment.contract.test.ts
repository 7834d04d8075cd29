import { MAX_ACTIVE_LEASES, type Project, type User } from "@quorum/core";
import {
  claimStateAndQueueHeadQuery,
  type Database,
  endLease,
  leaseNextTask,
  newAnnotator,
  newUser,
  nextTaskQuery,
  queueClaimQuery,
  type SeedProjectOptions,
  seedProject,
  streamProjectTasks,
  submitJudgment,
  testTargets,
  textTasks,
} from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();

describe.each(targets)("assignment engine on $dialect", (target) => {
  let database: Database;
  let admin: User;
  const now = 1_800_000_000_000;

  beforeAll(async () => {
    database = await target.open();
    admin = await newUser(database, { now });
  });
  afterAll(() => database.close());

  /** Submits values for one lease, always with the same clientKey. */
  const submitter =
    (project: Project, assignmentId: number, annotatorId: number, clientKey: string) => (value: unknown) =>
      submitJudgment(database, { project, assignmentId, annotatorId, value, activeMs: 10, clientKey, now });

  async function makeProject(options: SeedProjectOptions = {}) {
    return (await seedProject(database, { admin, now, ...options })).project;
  }

  const annotator = (languages = ["en"]) => newAnnotator(database, { languages, now });

  it("serves by priority, then deadline, then age, and never the same task twice to one annotator", async () => {
    const project = await makeProject({
      overlap: 2,
      tasks: [{ data: { n: 1 } }, { data: { n: 2 }, priority: 5 }, { data: { n: 3 } }],
    });
    const a = await annotator();
    const order = [];
    for (let i = 0; i < 3; i++) {
      const lease = await leaseNextTask(database, { project, annotator: a, now });
      order.push(lease?.task.data.n);
      await submitJudgment(database, {
        project,
        assignmentId: lease!.id,
        annotatorId: a.id,
        value: 1,
        activeMs: 1000,
        clientKey: `k${i}`,
        now,
      });
    }
    expect(order).toEqual([2, 1, 3]);
    expect(await leaseNextTask(database, { project, annotator: a, now })).toBeUndefined();
  });

  it("frees the slot of an expired lease without a background job, and answers a late judgment with lease_expired", async () => {
    const project = await makeProject({ overlap: 1, leaseSeconds: 60, tasks: textTasks(1) });
    const [a, b] = [await annotator(), await annotator()];
    const lease = await leaseNextTask(database, { project, annotator: a, now });
    expect(lease).toBeDefined();
    expect(await leaseNextTask(database, { project, annotator: b, now: now + 1000 })).toBeUndefined();
    const later = now + 61_000;
    const leaseB = await leaseNextTask(database, { project, annotator: b, now: later });
    expect(leaseB?.task.id).toBe(lease!.task.id);
    await expect(
      submitJudgment(database, {
        project,
        assignmentId: lease!.id,
        annotatorId: a.id,
        value: 2,
        activeMs: 5,
        clientKey: "late",
        now: later,
      }),
    ).rejects.toMatchObject({ code: "lease_expired" });
  });

  it("is idempotent on clientKey and validates the value against the schema", async () => {
    const project = await makeProject({ overlap: 1, tasks: textTasks(1) });
    const a = await annotator();
    const lease = (await leaseNextTask(database, { project, annotator: a, now }))!;
    const submit = submitter(project, lease.id, a.id, "same");
    await expect(submit(9)).rejects.toMatchObject({ code: "invalid_input" });
    const first = await submit(3);
    const second = await submit(3);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.judgment.id).toBe(first.judgment.id);
    const exported = [];
    for await (const t of streamProjectTasks(database.db, project.id)) exported.push(t);
    expect(exported[0]?.judgments).toHaveLength(1);
  });

  it("checks a ranking answer against its own task's items", async () => {
    const project = await makeProject({
      overlap: 1,
      schema: { type: "ranking", itemsField: "items" },
      tasks: [{ data: { items: [{ id: "x" }, { id: "y" }, { id: "z" }] } }],
    });
    const a = await annotator();
    const lease = (await leaseNextTask(database, { project, annotator: a, now }))!;
    const submit = submitter(project, lease.id, a.id, "r");
    await expect(submit(["x", "y"])).rejects.toMatchObject({ code: "invalid_input" });
    await expect(submit(["x", "y", "w"])).rejects.toMatchObject({ code: "invalid_input" });
    expect((await submit(["z", "x", "y"])).judgment.value).toEqual(["z", "x", "y"]);
  });

  it("routes tasks in a language only to annotators who speak it", async () => {
    const project = await makeProject({
      overlap: 1,
      requirements: { languages: ["de", "fr"], skills: {} },
      tasks: textTasks(4, (i) => ({ language: i % 2 ? "de" : "fr" })),
    });
    const german = await annotator(["de", "en"]);
    const seen = [];
    for (;;) {
      const lease = await leaseNextTask(database, { project, annotator: german, now });
      if (!lease) break;
      seen.push(lease.task.data.language);
      await endLease(database.db, { assignmentId: lease.id, annotatorId: german.id, outcome: "skipped", now });
    }
    expect(seen).toEqual(["de", "de"]);
  });

  it("never over-assigns a task or gives one annotator a task twice under concurrent requests", async () => {
    const project = await makeProject({ overlap: 3, tasks: textTasks(40) });
    const people = await Promise.all(Array.from({ length: 12 }, () => annotator()));
    await Promise.all(
      people.map(async (person, p) => {
        for (let i = 0; ; i++) {
          const lease = await leaseNextTask(database, { project, annotator: person, now });
          if (!lease) return;
          await submitJudgment(database, {
            project,
            assignmentId: lease.id,
            annotatorId: person.id,
            value: (p + i) % 5,
            activeMs: 100,
            clientKey: `${person.id}-${i}`,
            now,
          });
        }
      }),
    );
    for await (const task of streamProjectTasks(database.db, project.id)) {
      expect(task.judgments).toHaveLength(3);
      expect(new Set(task.judgments.map((j) => j.annotatorId)).size).toBe(3);
    }
  });

  it("holds at most MAX_ACTIVE_LEASES leases for one annotator under 20 parallel requests", async () => {
    const project = await makeProject({ overlap: 1, tasks: textTasks(40) });
    const [a, b, c] = [await annotator(), await annotator(), await annotator()];
    const results = await Promise.all(
      Array.from({ length: 20 }, () => leaseNextTask(database, { project, annotator: a, now })),
    );
    const active = await database.db
      .selectFrom("assignments")
      .select("id")
      .where("project_id", "=", project.id)
      .where("annotator_id", "=", a.id)
      .where("status", "=", "active")
      .execute();
    const held = new Set(active.map((row) => row.id));
    expect(held.size).toBeLessThanOrEqual(MAX_ACTIVE_LEASES);
    for (const lease of results) expect(held.has(lease!.id)).toBe(true);

    // The cap is per annotator: others claiming at the same time each get their own leases.
    const others = await Promise.all(
      [b, c].flatMap((person) =>
        Array.from({ length: 6 }, () => leaseNextTask(database, { project, annotator: person, now })),
      ),
    );
    for (const person of [b, c]) {
      const theirs = new Set(others.filter((lease) => lease!.annotatorId === person.id).map((lease) => lease!.id));
      expect(theirs.size).toBe(MAX_ACTIVE_LEASES);
    }
    expect(others.every((lease) => !held.has(lease!.id))).toBe(true);
  });

  it("finds the next task through the queue index, without a scan or a sort", async () => {
    const project = await makeProject();
    const query = nextTaskQuery(database.db, database.dialect, project.id, "", 1).compile();
    const explain =
      database.dialect === "sqlite"
        ? sql.raw(`explain query plan ${inline(query.sql, query.parameters)}`)
        : sql.raw(`explain ${inline(query.sql, query.parameters)}`);
    const rows = (await explain.execute(database.db)).rows as Record<string, unknown>[];
    const plan = rows.map((r) => String(r.detail ?? r["QUERY PLAN"])).join("\n");
    if (database.dialect === "sqlite") {
      expect(plan).toMatch(/SEARCH tasks USING (COVERING )?INDEX tasks_queue/);
      expect(plan).toMatch(/assignments USING (COVERING )?INDEX assignments_task_annotator/);
      expect(plan).not.toContain("USE TEMP B-TREE");
      expect(plan).not.toMatch(/SCAN tasks(?! USING)/);
    } else {
      expect(plan).toMatch(/Index (Only )?Scan using (tasks_queue|assignments_task_annotator)/);
      expect(plan).not.toContain("Sort");
    }
  });
});

describe.each(targets)("the claim statement on $dialect", (target) => {
  it("reads each language queue through the queue index, without a scan of the tasks", async () => {
    const database = await target.open();
    try {
      const admin = await newUser(database, { now: 1_800_000_000_000 });
      const { project } = await seedProject(database, { admin, now: 1_800_000_000_000, tasks: textTasks(1000) });
      await sql`analyze`.execute(database.db);
      const query = queueClaimQuery(
        database.db,
        database.dialect,
        { projectId: project.id, languages: ["", "en"], annotatorId: 1 },
        1_800_000_000_000,
      );
      const explain =
        database.dialect === "sqlite"
          ? sql.raw(`explain query plan ${inline(query.sql, query.parameters)}`)
          : sql.raw(`explain ${inline(query.sql, query.parameters)}`);
      const rows = (await explain.execute(database.db)).rows as Record<string, unknown>[];
      const plan = rows.map((r) => String(r.detail ?? r["QUERY PLAN"])).join("\n");
      if (database.dialect === "sqlite") {
        expect(plan.match(/SEARCH tasks USING (COVERING )?INDEX tasks_queue/g)).toHaveLength(2);
        expect(plan).not.toMatch(/SCAN tasks(?! USING)/);
        // The lease reads the queue head with the claim state: the same walk of the index.
        for (const languages of [["en"], ["", "en"]]) {
          const combined = claimStateAndQueueHeadQuery(
            database.db,
            { projectId: project.id, languages, annotatorId: 1 },
            1_800_000_000_000,
          );
          const combinedRows = (
            await sql.raw(`explain query plan ${inline(combined.sql, combined.parameters)}`).execute(database.db)
          ).rows as Record<string, unknown>[];
          const combinedPlan = combinedRows.map((r) => String(r.detail)).join("\n");
          expect(combinedPlan.match(/SEARCH tasks USING COVERING INDEX tasks_queue/g)).toHaveLength(languages.length);
          expect(combinedPlan).not.toMatch(/SCAN tasks(?! USING)|tasks_status/);
        }
      } else {
        expect(plan).toMatch(/Index (Only )?Scan using tasks_queue/);
        // The slot is taken through the primary key, not by scanning the project's tasks.
        expect(plan).toMatch(/Index Cond: \(\(project_id = \d+\) AND \(id = (\$\d+|\(InitPlan)/);
        expect(plan).not.toMatch(/Seq Scan on tasks/);
      }
    } finally {
      await database.close();
    }
  }, 120_000);
});

describe.each(targets.filter((t) => t.dialect === "sqlite"))("the claim state on $dialect", (target) => {
  it("reads the annotator's own leases, not every unexpired lease of the project, without planner statistics", async () => {
    const database = await target.open();
    try {
      const query = claimStateAndQueueHeadQuery(
        database.db,
        { projectId: 1, languages: ["en"], annotatorId: 1 },
        1_800_000_000_000,
      );
      const rows = (await sql.raw(`explain query plan ${inline(query.sql, query.parameters)}`).execute(database.db))
        .rows as Record<string, unknown>[];
      const plan = rows.map((r) => String(r.detail)).join("\n");
      expect(plan).toMatch(
        /SEARCH held USING INDEX assignments_annotator_active \(annotator_id=\? AND project_id=\?\)/,
      );
    } finally {
      await database.close();
    }
  });
});

describe.each(targets.filter((t) => t.dialect === "postgres"))("planner statistics on $dialect", (target) => {
  it("are refreshed after a large import, so the lease query keeps its index plan", async () => {
    const database = await target.open();
    try {
      await seedProject(database, { name: "big", tasks: textTasks(10_000), batchName: "big" });
      const stats = await sql<{ last_analyze: Date | null }>`
        select last_analyze from pg_stat_user_tables where relname = 'tasks' and schemaname = current_schema()`.execute(
        database.db,
      );
      expect(stats.rows[0]?.last_analyze).not.toBeNull();
    } finally {
      await database.close();
    }
  });
});

/** Inlines parameters into SQL for EXPLAIN (test only: parameters are numbers and plain strings). */
function inline(text: string, parameters: readonly unknown[]): string {
  let i = 0;
  return text
    .replace(/\$(\d+)/g, (_, n) => literal(parameters[Number(n) - 1]))
    .replace(/\?/g, () => literal(parameters[i++]));
}

function literal(value: unknown): string {
  if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(", ")}]`;
  return typeof value === "number" ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
}
