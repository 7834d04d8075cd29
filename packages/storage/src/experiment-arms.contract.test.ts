import { type ExperimentArm, type Lease, type Project, RATE_CARD_DEFAULTS, taskArm, type User } from "@quorum/core";
import {
  assessIntake,
  type Database,
  type ExperimentRecord,
  importSeedTasks,
  insertExperiment,
  insertIntakeRequest,
  insertRateCard,
  leaseNextTask,
  listExposures,
  listHeldLeases,
  newAnnotator,
  newUser,
  readExperimentResults,
  readExperimentUnits,
  seedProject,
  startExperiment,
  stopExperiment,
  submitJudgment,
  testTargets,
  textTasks,
} from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();
const DAY = 86_400_000;
const now = 1_800_000_000_000;
const SALT = 4321;
const SHARES = [0.5, 0.5];

describe.each(targets)("experiment arms' policies and metrics on $dialect", (target) => {
  let database: Database;
  let admin: User;

  beforeAll(async () => {
    database = await target.open();
    admin = await newUser(database, { now });
  });
  afterAll(() => database.close());

  async function design(project: Project, arms: ExperimentArm[], unit: "annotator" | "task" = "annotator") {
    return insertExperiment(
      database.db,
      {
        projectId: project.id,
        name: "arms",
        hypothesis: "",
        unit,
        salt: SALT,
        arms,
        primaryMetric: "throughput",
        guardrails: [],
        plannedUnits: 20,
      },
      { id: admin.id, now },
    );
  }

  const required = async (projectId: number) =>
    new Map(
      (
        await database.db
          .selectFrom("tasks")
          .select(["id", "required", "status"])
          .where("project_id", "=", projectId)
          .execute()
      ).map((row) => [Number(row.id), { required: Number(row.required), status: row.status }]),
    );

  async function answer(project: Project, lease: Lease, person: User, value: unknown, at: number, activeMs = 20_000) {
    return submitJudgment(database, {
      project,
      assignmentId: lease.id,
      annotatorId: person.id,
      value,
      activeMs,
      clientKey: `k${lease.id}`,
      now: at,
    });
  }

  it("gives the unanswered tasks of an arm's share its overlap, and a batch imported while it runs too", async () => {
    const { project } = await seedProject(database, { admin, now, overlap: 3, tasks: textTasks(60) });
    const experiment = await design(project, [
      { name: "control", share: 0.5 },
      { name: "single", share: 0.5, overlap: 1 },
    ]);
    await startExperiment(database, experiment.id, { id: admin.id, now });
    const { taskIds } = await importSeedTasks(database, { project, tasks: textTasks(20), actorId: admin.id, now });
    const tasks = await required(project.id);
    expect(tasks.size).toBe(80);
    for (const [id, task] of tasks) expect(task.required).toBe(taskArm(id, SALT, SHARES) === 1 ? 1 : 3);
    for (const id of taskIds) expect(tasks.get(id)!.required).toBe(taskArm(id, SALT, SHARES) === 1 ? 1 : 3);
  });

  it("settles a task of a fixed-overlap arm after its arm's judgments, under the project's dynamic policy", async () => {
    const { project } = await seedProject(database, {
      admin,
      now,
      overlap: 3,
      overlapPolicy: { mode: "dynamic", min: 2, max: 5, target: 0.99 },
      tasks: textTasks(40),
    });
    const experiment = await design(
      project,
      [
        { name: "dynamic", share: 0.5 },
        { name: "one", share: 0.5, overlap: 1 },
      ],
      "task",
    );
    await startExperiment(database, experiment.id, { id: admin.id, now });
    const person = await newAnnotator(database, { languages: ["en"], now });
    const seen = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const lease = await leaseNextTask(database, { project, annotator: person, now: now + i });
      if (!lease) break;
      seen.add(taskArm(lease.taskId, SALT, SHARES));
      await answer(project, lease, person, 2, now + i);
    }
    expect(seen).toEqual(new Set([0, 1]));
    const judged = await database.db
      .selectFrom("tasks")
      .select(["id", "required", "status", "judgment_count"])
      .where("project_id", "=", project.id)
      .where("judgment_count", ">", 0)
      .execute();
    for (const task of judged) {
      if (taskArm(Number(task.id), SALT, SHARES) === 1) expect(task).toMatchObject({ required: 1, status: "done" });
      // Dynamic: one judgment is under the minimum of 2, so the task asks for another.
      else expect(task).toMatchObject({ required: 2, status: "open" });
    }
    // Stopping gives the unanswered tasks back the project's first pass; answered ones keep their target.
    await stopExperiment(database, experiment.id, { id: admin.id, now: now + 100 });
    const after = await required(project.id);
    for (const [id, task] of after) {
      const answered = judged.some((row) => Number(row.id) === id);
      if (!answered) expect(task.required).toBe(2);
      else if (taskArm(id, SALT, SHARES) === 1) expect(task).toEqual({ required: 1, status: "done" });
    }
  });

  it("never serves one task to two overlap arms under concurrent claims", async () => {
    const { project } = await seedProject(database, { admin, now, overlap: 2, tasks: textTasks(30) });
    const experiment = await design(project, [
      { name: "two", share: 0.5 },
      { name: "four", share: 0.5, overlap: 4 },
    ]);
    await startExperiment(database, experiment.id, { id: admin.id, now });
    const people = await Promise.all(
      Array.from({ length: 10 }, () => newAnnotator(database, { languages: ["en"], now })),
    );
    const leases = (
      await Promise.all(
        people.flatMap((person) =>
          Array.from({ length: 3 }, () => leaseNextTask(database, { project, annotator: person, now })),
        ),
      )
    ).filter((lease) => lease !== undefined);
    const armOf = new Map((await listExposures(database.db, experiment)).map((e) => [e.unitId, e.arm]));
    const armsByTask = new Map<number, Set<number>>();
    for (const lease of leases) {
      const arm = armOf.get(lease.annotatorId)!;
      expect(taskArm(lease.taskId, SALT, SHARES)).toBe(arm);
      armsByTask.set(lease.taskId, (armsByTask.get(lease.taskId) ?? new Set()).add(arm));
    }
    for (const arms of armsByTask.values()) expect(arms.size).toBe(1);
    // No task holds more leases than its arm's overlap.
    const counts = new Map<number, number>();
    for (const lease of leases) counts.set(lease.taskId, (counts.get(lease.taskId) ?? 0) + 1);
    for (const [taskId, count] of counts)
      expect(count).toBeLessThanOrEqual(taskArm(taskId, SALT, SHARES) === 1 ? 4 : 2);
  });

  it("serves the arm's tool variant with its leases, resumed ones too", async () => {
    const { project } = await seedProject(database, { admin, now, overlap: 1, tasks: textTasks(20) });
    const experiment = await design(project, [
      { name: "control", share: 0.5 },
      { name: "no hints", share: 0.5, toolVariant: "no_key_hints" },
    ]);
    await startExperiment(database, experiment.id, { id: admin.id, now });
    const byArm = new Map<number, Lease>();
    for (let i = 0; i < 12 && byArm.size < 2; i++) {
      const person = await newAnnotator(database, { languages: ["en"], now });
      const lease = (await leaseNextTask(database, { project, annotator: person, now }))!;
      byArm.set(taskArm(lease.taskId, SALT, SHARES), lease);
    }
    expect(byArm.get(0)!.toolVariant).toBeUndefined();
    const treated = byArm.get(1)!;
    expect(treated.toolVariant).toBe("no_key_hints");
    const held = await listHeldLeases(database, project, treated.annotatorId, now + 1);
    expect(held.map((lease) => [lease.id, lease.toolVariant])).toEqual([[treated.id, "no_key_hints"]]);
  });

  it("reads agreement with the settled label and retention from the first to the last period, per annotator", async () => {
    // Window [now, now + 4 days): the periods are its halves (2 days < a week).
    const { project } = await seedProject(database, { admin, now, overlap: 3, tasks: textTasks(120) });
    const experiment = await design(project, [
      { name: "control", share: 0.5 },
      { name: "treatment", share: 0.5 },
    ]);
    await startExperiment(database, experiment.id, { id: admin.id, now });
    const people = await Promise.all(
      Array.from({ length: 8 }, () => newAnnotator(database, { languages: ["en"], now })),
    );
    // Person k works on day 0 unless k % 4 = 3, and on day 3 unless k % 4 = 1; answers 2, but 3 every k-th task.
    const days = (k: number) => [...(k % 4 === 3 ? [] : [0.5]), ...(k % 4 === 1 ? [] : [3.5])];
    for (const [k, person] of people.entries())
      for (const day of days(k))
        for (let i = 0; i < 6; i++) {
          const at = now + day * DAY + i * 1000;
          const lease = await leaseNextTask(database, { project, annotator: person, now: at });
          if (!lease) break;
          await answer(project, lease, person, i % (k + 2) === 0 ? 3 : 2, at);
        }
    const stopped = await stopExperiment(database, experiment.id, { id: admin.id, now: now + 4 * DAY });

    // Independently: each judgment against its task's aggregate, read from the rows.
    const rows = await database.db
      .selectFrom("judgments as j")
      .innerJoin("tasks as t", (join) =>
        join.onRef("t.project_id", "=", "j.project_id").onRef("t.id", "=", "j.task_id"),
      )
      .select(["j.annotator_id", "j.value", "j.created_at", "t.status", "t.aggregate"])
      .where("j.project_id", "=", project.id)
      .execute();
    const expected = new Map<number, { agreed: number; settled: number; first: boolean; last: boolean }>();
    for (const row of rows) {
      const e = expected.get(Number(row.annotator_id)) ?? { agreed: 0, settled: 0, first: false, last: false };
      expected.set(Number(row.annotator_id), e);
      if (Number(row.created_at) < now + 2 * DAY) e.first = true;
      else e.last = true;
      if (row.status !== "done" || row.aggregate === null) continue;
      e.settled += 1;
      if (JSON.stringify(JSON.parse(row.value)) === JSON.stringify(JSON.parse(row.aggregate).value)) e.agreed += 1;
    }
    const agreedSomewhere = [...expected.values()].some((e) => e.agreed > 0 && e.agreed < e.settled);
    expect(agreedSomewhere).toBe(true);

    const { metrics } = await readExperimentUnits(database, stopped as ExperimentRecord, now + 5 * DAY);
    const agreement = metrics.find((m) => m.metric === "agreement")!.units;
    const retention = metrics.find((m) => m.metric === "retention")!.units;
    expect(agreement).toHaveLength(8);
    for (const unit of agreement) {
      const e = expected.get(Number(unit.unit))!;
      expect([unit.numerator, unit.denominator]).toEqual([e.agreed, e.settled]);
    }
    for (const [k, person] of people.entries()) {
      const unit = retention.find((u) => u.unit === String(person.id))!;
      const first = k % 4 !== 3;
      const last = k % 4 !== 1;
      expect([unit.numerator, unit.denominator]).toEqual([first && last ? 1 : 0, first ? 1 : 0]);
    }
    const results = await readExperimentResults(database, stopped as ExperimentRecord, now + 5 * DAY);
    const shown = results.metrics.find((m) => m.metric === "agreement")!;
    expect(shown.role).toBe("secondary");
    // An arm's agreement is Σ agreed / Σ settled over its annotators.
    const armOf = new Map(
      (await listExposures(database.db, stopped as ExperimentRecord)).map((e) => [e.unitId, e.arm]),
    );
    for (const arm of shown.arms) {
      const index = arm.arm === "control" ? 0 : 1;
      const mine = [...expected.entries()].filter(([id]) => armOf.get(id) === index).map(([, e]) => e);
      const mean = mine.reduce((s, e) => s + e.agreed, 0) / mine.reduce((s, e) => s + e.settled, 0);
      expect(arm.mean).toBeCloseTo(mean, 12);
    }
    expect(results.metrics.find((m) => m.metric === "retention")!.role).toBe("secondary");
  });

  it("tells the intake what pay the deadline needs by the newest finished pay experiment, or that none gives an elasticity", async () => {
    const start = now + 10 * DAY;
    await insertRateCard(
      database,
      { ...RATE_CARD_DEFAULTS, currency: "USD", effectiveFrom: now, payPerJudgmentMinor: 15 },
      { id: admin.id, now },
    );
    const { project } = await seedProject(database, { admin, now: start, overlap: 1, tasks: textTasks(200) });
    const experiment = await design(project, [
      { name: "pay 10", share: 0.5, payRateMinor: 10, payCurrency: "USD" },
      { name: "pay 20", share: 0.5, payRateMinor: 20, payCurrency: "USD" },
    ]);
    await startExperiment(database, experiment.id, { id: admin.id, now: start });
    // Arm "pay 10" takes 60 s a judgment (60 an hour), "pay 20" 40 s (90 an hour), ±10% by person.
    const arms = new Map<number, User[]>([
      [0, []],
      [1, []],
    ]);
    while (arms.get(0)!.length < 3 || arms.get(1)!.length < 3) {
      const person = await newAnnotator(database, { languages: ["sv"], now: start });
      const lease = (await leaseNextTask(database, { project, annotator: person, now: start + DAY }))!;
      const arm = taskArm(lease.taskId, SALT, SHARES);
      const spread = 1 + 0.1 * ((arms.get(arm)!.length % 3) - 1);
      arms.get(arm)!.push(person);
      let current: Lease | undefined = lease;
      for (let i = 0; i < 5 && current; i++) {
        const at = start + DAY + i * 60_000;
        await answer(project, current, person, 2, at, Math.round((arm === 0 ? 60_000 : 40_000) * spread));
        current = await leaseNextTask(database, { project, annotator: person, now: at });
      }
    }
    const intake = await insertIntakeRequest(
      database.db,
      {
        name: "Swedish reviews",
        volume: 100,
        taskType: "rating",
        schema: project.schema,
        languages: ["sv"],
        skills: {},
        qualityTarget: 0.6,
        overlap: 1,
        deadline: start + 6 * DAY,
        budgetMinor: 10_000_000,
        currency: "USD",
        secondsPerJudgment: null,
        guidelines: "",
      },
      admin.id,
      start,
    );
    // While the experiment runs, nothing is finished: no elasticity, said so.
    const before = (await assessIntake(database, intake.id, { now: start + 3 * DAY, runs: 50 })).feasibility!;
    expect(before.payResponse).toMatchObject({ elasticity: null, payNeeded: null, offeredPayMinor: 15 });
    expect(before.payResponse!.summary).toMatch(/No finished pay experiment/);

    await stopExperiment(database, experiment.id, { id: admin.id, now: start + 2 * DAY });
    const report = (await assessIntake(database, intake.id, { now: start + 3 * DAY, runs: 50 })).feasibility!;
    const response = report.payResponse!;
    // Independently: throughput per arm as Σ judgments / Σ hours, the log-log slope between two pays.
    const throughput = async (people: User[]) => {
      const rows = await database.db
        .selectFrom("judgments")
        .select(["active_ms"])
        .where("project_id", "=", project.id)
        .where(
          "annotator_id",
          "in",
          people.map((p) => p.id),
        )
        .execute();
      return rows.length / (rows.reduce((s, r) => s + Number(r.active_ms), 0) / 3_600_000);
    };
    const elasticity = Math.log((await throughput(arms.get(1)!)) / (await throughput(arms.get(0)!))) / Math.log(2);
    expect(elasticity).toBeGreaterThan(0.5);
    expect(response.elasticity!.elasticity).toBeCloseTo(elasticity, 10);
    expect(response.elasticity!.ci95[0]).toBeLessThan(elasticity);
    expect(response.elasticity!.ci95[1]).toBeGreaterThan(elasticity);
    expect(response.elasticity!.source).toMatchObject({ experimentId: experiment.id, stoppedAt: start + 2 * DAY });
    expect(response.offeredPayMinor).toBe(15);
    expect(response.finishDaysP85).toBe(report.finishDays.p85);
    // The deadline needs the finish shortened by finish₈₅ / days left: pay × that^(1/ε).
    const speedUp = Math.max(report.finishDays.p85!, 0.5) / report.daysToDeadline;
    expect(speedUp).toBeGreaterThan(1);
    expect(response.payNeeded!.multiple).toBeCloseTo(speedUp ** (1 / elasticity), 8);
    expect(response.payNeeded!.minor).toBe(Math.ceil(15 * speedUp ** (1 / elasticity)));
    const [low, high] = response.payNeeded!.multipleCi95;
    expect(low!).toBeLessThan(response.payNeeded!.multiple);
    if (high !== null) expect(high).toBeGreaterThan(response.payNeeded!.multiple);
  });
});
