import {
  confidenceTarget,
  ImportRejected,
  mulberry32,
  type Project,
  parseLabelSchema,
  parseTasks,
  type User,
} from "@quorum/core";
import {
  claimNextReview,
  type Database,
  decideReview,
  endLease,
  enqueueForReview,
  importTasks,
  judgedTasksByStatus,
  leaseNextTask,
  newUser,
  projectTaskCounts,
  rebuildProjectTaskCounters,
  reclaimExpiredLeases,
  recountTaskCounters,
  seedProject,
  storedTaskCounters,
  submitJudgment,
  testTargets,
  updateProject,
} from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();
const LABELS = ["yes", "no", "maybe"];

describe.each(targets)("task counters on $dialect", (target) => {
  let database: Database;
  const now = 1_800_000_000_000;

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  async function expectCountersRecounted(project: Project) {
    const goal = confidenceTarget(project.overlapPolicy);
    expect(await storedTaskCounters(database.db, project.id)).toEqual(
      await recountTaskCounters(database.db, project.id, goal),
    );
  }

  /** 24 tasks, a quarter of them gold controls (the gold policy serves a share), and 5 annotators. */
  async function project(seed: number) {
    const seeded = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: LABELS }),
      overlap: 2,
      leaseSeconds: 60,
      goldPolicy: { share: 0.2, onboarding: 0, feedback: { onboarding: true, hidden: false } },
      tasks: Array.from({ length: 24 }, (_, i) => ({
        data: { text: `task ${i}` },
        ...(i % 4 === 0 ? { gold: LABELS[i % 3]! } : {}),
      })),
      annotators: 5,
      now,
    });
    return { ...seeded, next: mulberry32(seed) };
  }

  /** `rounds` leases, each judged, skipped or left to expire at random. */
  async function work(
    p: { project: Project; annotators: User[]; next: () => number },
    rounds: number,
    at: number,
  ): Promise<number> {
    let judged = 0;
    for (let round = 0; round < rounds; round++) {
      const annotator = p.annotators[Math.floor(p.next() * p.annotators.length)]!;
      const lease = await leaseNextTask(database, { project: p.project, annotator, now: at + round });
      if (!lease) continue;
      const fate = p.next();
      if (fate < 0.7) {
        await submitJudgment(database, {
          project: p.project,
          assignmentId: lease.id,
          annotatorId: annotator.id,
          value: LABELS[Math.floor(p.next() * LABELS.length)]!,
          activeMs: 4000,
          clientKey: `c-${at}-${round}`,
          now: at + round,
        });
        judged++;
      } else if (fate < 0.85)
        await endLease(database.db, { assignmentId: lease.id, annotatorId: annotator.id, outcome: "skipped", now: at });
    }
    return judged;
  }

  it("equal a recount of the tasks after leases, judgments, skips, expiry, a reopen and policy changes", async () => {
    const p = await project(1);
    await expectCountersRecounted(p.project);
    const imported = await projectTaskCounts(database.db, p.project.id);
    expect(imported).toMatchObject({ total: 24, gold: 6, open: 18, done: 0, judgmentsLeft: 36 });

    expect(await work(p, 40, now + 1000)).toBeGreaterThan(15);
    await expectCountersRecounted(p.project);

    // The leases left open expire and give their slots back.
    expect(await reclaimExpiredLeases(database.db, p.project.id, now + 10 * 60_000)).toBeGreaterThan(0);
    await expectCountersRecounted(p.project);

    const reviewer = await newUser(database, { role: "reviewer", now });
    await enqueueForReview(database.db, {
      projectId: p.project.id,
      source: "low_confidence",
      threshold: 1.01,
      limit: 5,
      actorId: reviewer.id,
      now: now + 11 * 60_000,
    });
    const item = await claimNextReview(database, {
      projectId: p.project.id,
      reviewerId: reviewer.id,
      now: now + 11 * 60_000,
    });
    expect(item).toBeDefined();
    const before = await projectTaskCounts(database.db, p.project.id);
    await decideReview(database, {
      itemId: item!.item.id,
      reviewerId: reviewer.id,
      verdict: "reject",
      override: false,
      now: now + 12 * 60_000,
    });
    const after = await projectTaskCounts(database.db, p.project.id);
    expect(after.done).toBe(before.done - 1);
    expect(after.judgmentsLeft).toBeGreaterThan(before.judgmentsLeft);
    await expectCountersRecounted(p.project);

    // Gold stops being a control: the unstarted gold tasks join the queue.
    const released = (await updateProject(
      database.db,
      p.project.id,
      { goldPolicy: { share: 0, onboarding: 0, feedback: { onboarding: true, hidden: false } } },
      p.admin.id,
      now + 13 * 60_000,
    ))!;
    expect((await projectTaskCounts(database.db, p.project.id)).gold).toBe(0);
    await expectCountersRecounted(released);
    expect(await work({ ...p, project: released }, 30, now + 14 * 60_000)).toBeGreaterThan(5);
    await expectCountersRecounted(released);

    // A new confidence target recounts the confident tasks in the policy change's transaction.
    const dynamic = (await updateProject(
      database.db,
      p.project.id,
      { overlapPolicy: { mode: "dynamic", min: 1, max: 3, target: 0.6 } },
      p.admin.id,
      now + 20 * 60_000,
    ))!;
    await expectCountersRecounted(dynamic);
    // Judgments after the change move the confident counts at the new target.
    expect(await work({ ...p, project: dynamic }, 20, now + 21 * 60_000)).toBeGreaterThan(0);
    await expectCountersRecounted(dynamic);
    const recount = await recountTaskCounters(database.db, p.project.id, 0.6);
    expect(Object.values(recount.confident).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const groups = await judgedTasksByStatus(database.db, p.project.id, 0.6);
    expect(groups.reduce((n, g) => n + g.confident, 0)).toBe(
      Object.values(recount.confident).reduce((a, b) => a + b, 0),
    );
    expect(groups.find((g) => g.status === "done")?.tasks).toBe(recount.judged.done);
  });

  it("equal a recount after one update changes both the gold policy (moving tasks) and the confidence target", async () => {
    const p = await project(4);
    await work(p, 30, now + 1000);
    const changed = (await updateProject(
      database.db,
      p.project.id,
      {
        goldPolicy: { share: 0, onboarding: 0, feedback: { onboarding: true, hidden: false } },
        overlapPolicy: { mode: "dynamic", min: 1, max: 3, target: 0.7 },
      },
      p.admin.id,
      now + 5000,
    ))!;
    expect((await projectTaskCounts(database.db, p.project.id)).gold).toBe(0);
    await expectCountersRecounted(changed);
  });

  it("equal a recount when annotators lease and submit at the same time", async () => {
    const p = await project(2);
    for (let round = 0; round < 5; round++)
      await Promise.all(
        p.annotators.map(async (annotator, n) => {
          const at = now + 1000 + round * 10 + n;
          const lease = await leaseNextTask(database, { project: p.project, annotator, now: at });
          if (!lease) return;
          await submitJudgment(database, {
            project: p.project,
            assignmentId: lease.id,
            annotatorId: annotator.id,
            value: LABELS[(round + n) % LABELS.length]!,
            activeMs: 4000,
            clientKey: `t-${round}-${n}`,
            now: at,
          });
        }),
      );
    const counts = await projectTaskCounts(database.db, p.project.id);
    expect(counts.done + counts.full).toBeGreaterThan(0);
    await expectCountersRecounted(p.project);
  });

  it("equal a recount after imports (PostgreSQL adds an import's counts once), a refused one adding nothing", async () => {
    const p = await project(4);
    await work(p, 20, now + 1000);
    const importFile = (lines: object[], duplicates: "reject" | "skip" = "reject") =>
      importTasks(database.db, {
        project: p.project,
        records: parseTasks("jsonl", [lines.map((line) => JSON.stringify(line)).join("\n")], p.project.schema),
        batchName: "file",
        duplicates,
        actorId: 0,
        now: now + 2000,
      });
    const lines = Array.from({ length: 30 }, (_, i) => ({
      id: `doc-${i}`,
      data: { text: `imported ${i}` },
      ...(i % 5 === 0 ? { gold: LABELS[i % 3] } : {}),
    }));
    const before = await storedTaskCounters(database.db, p.project.id);
    const first = await importFile(lines);
    expect(first.imported).toBe(30);
    await expectCountersRecounted(p.project);
    const counted = await storedTaskCounters(database.db, p.project.id);
    expect(counted.tasks.gold - before.tasks.gold).toBe(6);
    expect(counted.tasks.open - before.tasks.open).toBe(24);

    // Refused (a bad line): nothing written, nothing counted.
    await expect(importFile([{ id: "new-1", data: { text: "x" } }, { data: "not an object" }])).rejects.toBeInstanceOf(
      ImportRejected,
    );
    expect(await storedTaskCounters(database.db, p.project.id)).toEqual(counted);

    // Duplicates skipped: only the tasks written are counted.
    const again = await importFile(
      [...lines.slice(0, 3), { id: "new-2", data: { text: "y" } }, { id: "new-3", data: { text: "z" }, gold: "yes" }],
      "skip",
    );
    expect(again).toMatchObject({ imported: 2, skippedCount: 3 });
    await expectCountersRecounted(p.project);

    // Tasks stored otherwise (several in one statement) are still counted by the trigger, and
    // the imported ones work on.
    const stored = (status: string, gold: string | null) => ({
      project_id: p.project.id,
      batch_id: first.batchId,
      language: "",
      data: "{}",
      external_id: null,
      gold,
      gold_explanation: null,
      priority: 0,
      status,
      deadline_key: 0,
      required: 2,
      slots_taken: 0,
      judgment_count: 0,
      aggregate: null,
      confidence: null,
      posterior: null,
      created_at: now,
      updated_at: now,
    });
    const beforeStored = await storedTaskCounters(database.db, p.project.id);
    await database.db
      .insertInto("tasks")
      .values([stored("open", null), stored("open", null), stored("gold", "yes")])
      .execute();
    const afterStored = await storedTaskCounters(database.db, p.project.id);
    expect(afterStored.tasks.open - beforeStored.tasks.open).toBe(2);
    expect(afterStored.tasks.gold - beforeStored.tasks.gold).toBe(1);
    await expectCountersRecounted(p.project);
    await work(p, 20, now + 3000);
    await expectCountersRecounted(p.project);
  });

  it("are rebuilt from the tasks, and a read at another target rebuilds them first", async () => {
    const p = await project(3);
    await work(p, 30, now + 1000);
    const right = await storedTaskCounters(database.db, p.project.id);
    await database.db
      .updateTable("task_counters")
      .set({ tasks_open: 999 })
      .where("project_id", "=", p.project.id)
      .execute();
    expect((await projectTaskCounts(database.db, p.project.id)).open).not.toBe(right.tasks.open);
    await database.db.transaction().execute((trx) => rebuildProjectTaskCounters(trx, p.project));
    expect(await storedTaskCounters(database.db, p.project.id)).toEqual(right);

    // Counters kept at 0.9 asked at 0.5 (a policy changed behind the counters' back): recounted.
    await judgedTasksByStatus(database.db, p.project.id, 0.5);
    expect(await storedTaskCounters(database.db, p.project.id)).toEqual(
      await recountTaskCounters(database.db, p.project.id, 0.5),
    );
  });
});
