import { type Project, parseLabelSchema, type ReviewPolicy, type User } from "@quorum/core";
import {
  claimNextReview,
  type Database,
  decideReview,
  enqueueForReview,
  leaseNextTask,
  listReviewItems,
  readReviewPolicyOutcome,
  recordStatements,
  type SeedTask,
  seedProject,
  submitJudgment,
  testTargets,
  undoReview,
  updateProject,
} from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();

describe.each(targets)("the review policy queues tasks as they become done on $dialect", (target) => {
  let database: Database;
  let clock = 1_960_000_000_000;
  const tick = () => (clock += 1000);

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  /** Two annotators, overlap 2, so a task is done at its second judgment. */
  async function project(reviewPolicy: ReviewPolicy | undefined, tasks: SeedTask[]) {
    return seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] }),
      overlap: 2,
      tasks,
      annotators: 2,
      ...(reviewPolicy ? { reviewPolicy } : {}),
      now: tick(),
    });
  }

  /** The annotator's next task, answered with `value`; returns its id. */
  async function judge(p: Project, annotator: User, value: string) {
    const now = tick();
    const lease = await leaseNextTask(database, { project: p, annotator, now });
    if (!lease) throw new Error("nothing to lease");
    await submitJudgment(database, {
      project: p,
      assignmentId: lease.id,
      annotatorId: annotator.id,
      value,
      activeMs: 4000,
      clientKey: `k${now}-${annotator.id}`,
      now,
    });
    return lease.taskId;
  }

  const items = (projectId: number) => listReviewItems(database.db, projectId, { after: 0, limit: 100 });

  it("queues nothing when the project has no review policy, and sends no statement about reviews", async () => {
    const { project: p, annotators } = await project(undefined, [{ data: { text: "a" } }]);
    expect(p.reviewPolicy).toEqual({ sampleShare: 0, confidenceThreshold: 0, disagreement: false });
    await judge(p, annotators[0]!, "ok");
    const statements = await recordStatements(() => judge(p, annotators[1]!, "spam"));
    expect(statements.some((s) => s.sql.includes("review_items"))).toBe(false);
    expect(await items(p.id)).toEqual([]);
  });

  it("queues each sampled task once, when it becomes done, not before", async () => {
    const {
      project: p,
      annotators,
      taskIds,
    } = await project({ sampleShare: 1, confidenceThreshold: 0, disagreement: false }, [
      { data: { text: "a" } },
      { data: { text: "b" } },
    ]);
    await judge(p, annotators[0]!, "ok");
    await judge(p, annotators[0]!, "ok");
    expect(await items(p.id)).toEqual([]);
    await judge(p, annotators[1]!, "ok");
    await judge(p, annotators[1]!, "ok");
    const queued = await items(p.id);
    expect(queued.map((item) => [item.taskId, item.source, item.status, item.planId])).toEqual(
      taskIds.map((id) => [id, "sample", "pending", null]),
    );
  });

  it("queues a task whose annotators disagreed as disagreement, and not one they agreed on", async () => {
    const { project: p, annotators } = await project({ sampleShare: 0, confidenceThreshold: 0, disagreement: true }, [
      { data: { text: "a" } },
      { data: { text: "b" } },
    ]);
    const first = await judge(p, annotators[0]!, "ok");
    await judge(p, annotators[0]!, "ok");
    const agreedOn = await judge(p, annotators[1]!, "ok");
    const disputed = await judge(p, annotators[1]!, "spam");
    expect(agreedOn).toBe(first);
    expect((await items(p.id)).map((item) => [item.taskId, item.source])).toEqual([[disputed, "disagreement"]]);
  });

  it("queues a task below the confidence threshold as low_confidence", async () => {
    const {
      project: p,
      annotators,
      taskIds,
    } = await project({ sampleShare: 0, confidenceThreshold: 0.99, disagreement: false }, [{ data: { text: "a" } }]);
    await judge(p, annotators[0]!, "ok");
    await judge(p, annotators[1]!, "spam");
    expect((await items(p.id)).map((item) => [item.taskId, item.source])).toEqual([[taskIds[0], "low_confidence"]]);
  });

  it("leaves a task already pending review with its one item", async () => {
    const {
      project: p,
      annotators,
      taskIds,
    } = await project({ sampleShare: 1, confidenceThreshold: 1, disagreement: true }, [{ data: { text: "a" } }]);
    const taskId = taskIds[0]!;
    await database.db
      .insertInto("review_items")
      .values({
        project_id: p.id,
        task_id: taskId,
        source: "dispute",
        plan_id: null,
        status: "pending",
        reviewer_id: null,
        created_at: tick(),
      })
      .execute();
    await judge(p, annotators[0]!, "ok");
    await judge(p, annotators[1]!, "spam");
    expect((await items(p.id)).map((item) => [item.taskId, item.source])).toEqual([[taskId, "dispute"]]);
  });

  it("never queues a gold task", async () => {
    const { project: p, annotators } = await project({ sampleShare: 1, confidenceThreshold: 1, disagreement: true }, [
      { data: { text: "a" }, gold: "ok" },
    ]);
    await judge(p, annotators[0]!, "ok");
    await judge(p, annotators[1]!, "spam");
    const status = await database.db
      .selectFrom("tasks")
      .select("status")
      .where("project_id", "=", p.id)
      .executeTakeFirst();
    expect(status?.status).toBe("done");
    expect(await items(p.id)).toEqual([]);
  });

  /** Claims and decides the project's next review item as the seeding admin. */
  async function decideNext(p: Project, reviewer: User, verdict: "accept" | "reject" | "correct") {
    const now = tick();
    const work = await claimNextReview(database, { projectId: p.id, reviewerId: reviewer.id, now });
    if (!work) throw new Error("nothing to review");
    await decideReview(database, {
      itemId: work.item.id,
      reviewerId: reviewer.id,
      verdict,
      ...(verdict === "correct" ? { value: "spam" } : {}),
      override: true,
      now,
    });
    return work.item;
  }

  it("marks the items it queues as the policy's, apart from the manager's enqueue", async () => {
    const {
      project: p,
      annotators,
      admin,
    } = await project({ sampleShare: 0, confidenceThreshold: 0, disagreement: true }, [
      { data: { text: "a" } },
      { data: { text: "b" } },
    ]);
    const disputed = await judge(p, annotators[0]!, "ok");
    const agreed = await judge(p, annotators[0]!, "ok");
    await judge(p, annotators[1]!, "spam");
    await judge(p, annotators[1]!, "ok");
    await enqueueForReview(database.db, {
      projectId: p.id,
      source: "low_confidence",
      threshold: 1.01,
      limit: 10,
      actorId: admin.id,
      now: tick(),
    });
    const queued = await items(p.id);
    expect(queued.map((item) => [item.taskId, item.source, item.planId, item.byPolicy])).toEqual([
      [disputed, "disagreement", null, true],
      [agreed, "low_confidence", null, false],
    ]);
    await decideNext(p, admin, "accept");
    const outcome = await readReviewPolicyOutcome(database.db, p.id);
    expect(outcome.bySource.disagreement).toEqual({
      queued: 1,
      decided: 1,
      pending: 0,
      accepted: 1,
      corrected: 0,
      rejected: 0,
    });
    expect(outcome.bySource.low_confidence.queued).toBe(0);
  });

  it("counts what it queued by source and estimates accuracy from its decided sample alone", async () => {
    const tasks = Array.from({ length: 5 }, (_, i) => ({ data: { text: `t${i}` } }));
    const {
      project: p,
      annotators,
      admin,
    } = await project({ sampleShare: 1, confidenceThreshold: 0, disagreement: true }, tasks);
    // Four agreed tasks (sample), one disputed (disagreement).
    for (let i = 0; i < 5; i++) await judge(p, annotators[0]!, "ok");
    for (let i = 0; i < 5; i++) await judge(p, annotators[1]!, i === 4 ? "spam" : "ok");
    await decideNext(p, admin, "accept");
    await decideNext(p, admin, "accept");
    await decideNext(p, admin, "correct");
    const outcome = await readReviewPolicyOutcome(database.db, p.id);
    expect(outcome.bySource.sample).toMatchObject({ queued: 4, decided: 3, pending: 1, accepted: 2, corrected: 1 });
    expect(outcome.bySource.disagreement).toMatchObject({ queued: 1, decided: 0, pending: 1 });
    expect(outcome.bySource.low_confidence.queued).toBe(0);
    expect(outcome.sampleAccuracy.reviewed).toBe(3);
    expect(outcome.sampleAccuracy.accuracy.estimate).toBeCloseTo(2 / 3, 10);
    expect(outcome.sampleAccuracy.accuracy.low).toBeGreaterThan(0);
    expect(outcome.sampleAccuracy.accuracy.high).toBeLessThan(1);
    // The disputed task fell in the sample too (share 1): its verdict counts in the accuracy.
    await decideNext(p, admin, "correct");
    await decideNext(p, admin, "correct");
    const all = await readReviewPolicyOutcome(database.db, p.id);
    expect(all.bySource.disagreement).toMatchObject({ queued: 1, decided: 1, corrected: 1 });
    expect(all.sampleAccuracy).toMatchObject({ reviewed: 5, accepted: 2 });
    const empty = await readReviewPolicyOutcome(database.db, p.id + 1_000_000);
    expect(empty.sampleAccuracy.accuracy.estimate).toBeNull();
  });

  it("does not queue a task again when a reviewer's undone rejection makes it done again", async () => {
    const {
      project: p,
      annotators,
      admin,
    } = await project({ sampleShare: 1, confidenceThreshold: 0, disagreement: false }, [{ data: { text: "a" } }]);
    await judge(p, annotators[0]!, "ok");
    await judge(p, annotators[1]!, "ok");
    const item = await decideNext(p, admin, "reject");
    await undoReview(database, { itemId: item.id, reviewerId: admin.id, now: tick() });
    const after = await items(p.id);
    expect(after.map((i) => [i.id, i.status])).toEqual([[item.id, "pending"]]);
  });

  it("queues none of the gold tasks a gold-policy change releases as done", async () => {
    const {
      project: p,
      annotators,
      admin,
      taskIds,
    } = await project({ sampleShare: 1, confidenceThreshold: 1, disagreement: true }, [
      { data: { text: "a" }, gold: "ok" },
    ]);
    await judge(p, annotators[0]!, "ok");
    await judge(p, annotators[1]!, "spam");
    // As if the task had been a control (status gold) when its answers came in.
    await database.db.updateTable("tasks").set({ status: "gold" }).where("id", "=", taskIds[0]!).execute();
    await updateProject(
      database.db,
      p.id,
      { goldPolicy: { ...p.goldPolicy, share: 0, onboarding: 0 } },
      admin.id,
      tick(),
    );
    const status = await database.db
      .selectFrom("tasks")
      .select("status")
      .where("id", "=", taskIds[0]!)
      .executeTakeFirst();
    expect(status?.status).toBe("done");
    expect(await items(p.id)).toEqual([]);
  });
});
