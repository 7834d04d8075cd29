import { taskArm, type User } from "@quorum/core";
import {
  type Database,
  importSeedTasks,
  insertExperiment,
  leaseNextTask,
  listExposures,
  newAnnotator,
  newUser,
  queueClaimQuery,
  seedProject,
  startExperiment,
  stopExperiment,
  testTargets,
  textTasks,
} from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();
const now = 1_800_000_000_000;

describe.each(targets)("experiments on $dialect", (target) => {
  let database: Database;
  let admin: User;

  beforeAll(async () => {
    database = await target.open();
    admin = await newUser(database, { now });
  });
  afterAll(() => database.close());

  async function running(options: { overlap: number; tasks: number; unit?: "annotator" | "task" }) {
    const { project } = await seedProject(database, {
      admin,
      now,
      overlap: options.overlap,
      tasks: textTasks(options.tasks),
    });
    const experiment = await insertExperiment(
      database.db,
      {
        projectId: project.id,
        name: "guidelines v2",
        hypothesis: "",
        unit: options.unit ?? "annotator",
        salt: 1234,
        arms: [
          { name: "control", share: 0.5 },
          { name: "v2", share: 0.5, guidelineVersion: 1 },
        ],
        primaryMetric: "gold_accuracy",
        guardrails: [],
        plannedUnits: 20,
      },
      { id: admin.id, now },
    );
    await startExperiment(database, experiment.id, { id: admin.id, now });
    return { project, experiment };
  }

  it("splits the queue by the hash of the task id, as core's taskArm does", async () => {
    const { project, experiment } = await running({ overlap: 1, tasks: 200 });
    const rows = await database.db
      .selectFrom("tasks")
      .select(["id", "queue_arm"])
      .where("project_id", "=", project.id)
      .execute();
    for (const row of rows) expect(Number(row.queue_arm)).toBe(taskArm(Number(row.id), 1234, [0.5, 0.5]) + 1);
    const first = rows.filter((row) => Number(row.queue_arm) === 1).length;
    expect(first).toBeGreaterThan(80);
    expect(first).toBeLessThan(120);
    await stopExperiment(database, experiment.id, { id: admin.id, now });
    const after = await database.db
      .selectFrom("tasks")
      .select("id")
      .where("project_id", "=", project.id)
      .where("queue_arm", "<>", 0)
      .execute();
    expect(after).toEqual([]);
  });

  it("gives a batch imported while the experiment runs its arms' shares of the queue", async () => {
    const { project } = await running({ overlap: 1, tasks: 4 });
    const { taskIds } = await importSeedTasks(database, { project, tasks: textTasks(40), actorId: admin.id, now });
    const rows = await database.db
      .selectFrom("tasks")
      .select(["id", "queue_arm"])
      .where("project_id", "=", project.id)
      .where("id", "in", taskIds)
      .execute();
    expect(rows).toHaveLength(40);
    for (const row of rows) expect(Number(row.queue_arm)).toBe(taskArm(Number(row.id), 1234, [0.5, 0.5]) + 1);
  });

  it("never serves one task to two arms, under many concurrent claims from both arms", async () => {
    const { project, experiment } = await running({ overlap: 3, tasks: 30 });
    const people = await Promise.all(
      Array.from({ length: 12 }, () => newAnnotator(database, { languages: ["en"], now })),
    );
    const leases = (
      await Promise.all(
        people.flatMap((person) =>
          Array.from({ length: 4 }, () => leaseNextTask(database, { project, annotator: person, now })),
        ),
      )
    ).filter((lease) => lease !== undefined);
    expect(leases.length).toBeGreaterThan(20);
    const exposures = await listExposures(database.db, experiment);
    const armOf = new Map(exposures.map((e) => [e.unitId, e.arm]));
    const armsByTask = new Map<number, Set<number>>();
    for (const lease of leases) {
      const arms = armsByTask.get(lease.taskId) ?? new Set();
      arms.add(armOf.get(lease.annotatorId)!);
      armsByTask.set(lease.taskId, arms);
      // The task is in its annotator's share of the queue.
      expect(taskArm(lease.taskId, 1234, [0.5, 0.5])).toBe(armOf.get(lease.annotatorId));
    }
    for (const arms of armsByTask.values()) expect(arms.size).toBe(1);
    expect(new Set(exposures.map((e) => e.arm))).toEqual(new Set([0, 1]));
  });

  it("logs each annotator's exposure once, at their first lease", async () => {
    const { project, experiment } = await running({ overlap: 1, tasks: 20 });
    const person = await newAnnotator(database, { languages: ["en"], now });
    for (let i = 0; i < 3; i++) await leaseNextTask(database, { project, annotator: person, now: now + i });
    const exposures = await listExposures(database.db, experiment);
    expect(exposures).toHaveLength(1);
    expect(exposures[0]).toMatchObject({ unitId: person.id, exposedAt: now });
  });

  it("logs each task's exposure in a task experiment, with the task's arm", async () => {
    const { project, experiment } = await running({ overlap: 2, tasks: 10, unit: "task" });
    const people = await Promise.all(
      Array.from({ length: 2 }, () => newAnnotator(database, { languages: ["en"], now })),
    );
    for (const person of people)
      for (let i = 0; i < 3; i++) await leaseNextTask(database, { project, annotator: person, now });
    const exposures = await listExposures(database.db, experiment);
    expect(exposures.length).toBeGreaterThan(0);
    for (const e of exposures) expect(e.arm).toBe(taskArm(e.unitId, 1234, [0.5, 0.5]));
  });

  it("refuses a second running experiment in a project", async () => {
    const { project } = await running({ overlap: 1, tasks: 2 });
    const second = await insertExperiment(
      database.db,
      {
        projectId: project.id,
        name: "another",
        hypothesis: "",
        unit: "annotator",
        salt: 1,
        arms: [
          { name: "a", share: 0.5 },
          { name: "b", share: 0.5 },
        ],
        primaryMetric: "throughput",
        guardrails: [],
        plannedUnits: 10,
      },
      { id: admin.id, now },
    );
    await expect(startExperiment(database, second.id, { id: admin.id, now })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("claims an arm's share through the queue index, without a scan", async () => {
    const { project } = await running({ overlap: 1, tasks: 500 });
    await sql`analyze`.execute(database.db);
    const query = queueClaimQuery(
      database.db,
      database.dialect,
      { projectId: project.id, languages: ["", "en"], annotatorId: 1, queueArm: 2 },
      now,
    );
    const inline = inlineParameters(query.sql, query.parameters);
    const explain = database.dialect === "sqlite" ? `explain query plan ${inline}` : `explain ${inline}`;
    const rows = (await sql.raw(explain).execute(database.db)).rows as Record<string, unknown>[];
    const plan = rows.map((r) => String(r.detail ?? r["QUERY PLAN"])).join("\n");
    if (database.dialect === "sqlite")
      expect(plan).toMatch(
        /SEARCH tasks USING (COVERING )?INDEX tasks_queue \(project_id=\? AND language=\? AND queue_arm=\?/,
      );
    else {
      expect(plan).toMatch(/Index (Only )?Scan using tasks_queue/);
      expect(plan).not.toMatch(/Seq Scan on tasks/);
    }
  });
});

function inlineParameters(text: string, parameters: readonly unknown[]): string {
  let i = 0;
  return text
    .replace(/\$(\d+)/g, (_, n) => literal(parameters[Number(n) - 1]))
    .replace(/\?/g, () => literal(parameters[i++]));
}

function literal(value: unknown): string {
  if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(", ")}]`;
  return typeof value === "number" ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
}
