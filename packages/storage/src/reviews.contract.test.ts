import {
  auditSampleSize,
  mulberry32,
  type Project,
  parseLabelSchema,
  twoSidedZ,
  type User,
  wilsonInterval,
} from "@quorum/core";
import {
  claimNextReview,
  createAuditPlan,
  type Database,
  decideReview,
  enqueueForReview,
  getAuditPlan,
  listAuditPlans,
  listReviewItems,
  newProject,
  newUser,
  type TasksTable,
  testTargets,
} from "@quorum/storage";
import type { Insertable } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();

describe.each(targets)("reviews and audits on $dialect", (target) => {
  let database: Database;
  let admin: User;
  const now = 1_800_000_000_000;

  beforeAll(async () => {
    database = await target.open();
    admin = await newUser(database, { now });
  });
  afterAll(() => database.close());

  const makeProject = (overlap = 3) =>
    newProject(database, admin, {
      schema: parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] }),
      overlap,
      now,
    });
  const newReviewer = () => newUser(database, { role: "reviewer", now });

  /** Inserts `count` tasks in a new batch straight into the table (fast enough for 10,000). */
  async function seed(
    project: Project,
    count: number,
    fields: (i: number) => Partial<Insertable<TasksTable>> = () => ({}),
  ) {
    const batch = await database.db
      .insertInto("batches")
      .values({
        project_id: project.id,
        name: "b",
        priority: 0,
        deadline: null,
        task_count: count,
        created_by: null,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const rows: Insertable<TasksTable>[] = Array.from({ length: count }, (_, i) => ({
      project_id: project.id,
      batch_id: batch.id,
      external_id: null,
      language: "",
      data: JSON.stringify({ text: `t${i}` }),
      gold: null,
      gold_explanation: null,
      priority: 0,
      deadline_key: 0,
      required: 3,
      slots_taken: 3,
      judgment_count: 3,
      status: "done",
      aggregate: JSON.stringify({ value: "ok", method: "majority" }),
      confidence: 1,
      created_at: now,
      updated_at: now,
      ...fields(i),
    }));
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += 500) {
      const inserted = await database.db
        .insertInto("tasks")
        .values(rows.slice(i, i + 500))
        .returning("id")
        .execute();
      ids.push(...inserted.map((r) => r.id));
    }
    return { batchId: batch.id, ids };
  }

  async function planItems(projectId: number, planId: number) {
    const items = [];
    for (let after = 0; ; ) {
      const page = await listReviewItems(database.db, projectId, { planId, after, limit: 1000 });
      items.push(...page);
      if (page.length < 1000) return items;
      after = page[page.length - 1]!.id;
    }
  }

  it("sizes a plan by the finite-population formula and draws exactly n distinct done tasks", async () => {
    const project = await makeProject();
    const done = await seed(project, 10_000);
    await seed(project, 300, (i) => ({ status: i % 2 ? "open" : "gold", judgment_count: 0 }));
    const z = twoSidedZ(0.95);
    const n0 = (z * z * 0.25) / 0.02 ** 2;
    expect(Math.ceil(n0)).toBe(2401);
    const expected = Math.ceil(n0 / (1 + (n0 - 1) / 10_000));
    expect(expected).toBe(1937);

    const { plan } = await createAuditPlan(database, {
      project,
      margin: 0.02,
      confidence: 0.95,
      actorId: admin.id,
      now,
      random: mulberry32(1),
    });
    expect(plan).toMatchObject({
      population: 10_000,
      sampleSize: expected,
      margin: 0.02,
      confidence: 0.95,
      batchId: null,
    });
    const items = await planItems(project.id, plan.id);
    expect(items).toHaveLength(expected);
    const taskIds = new Set(items.map((i) => i.taskId));
    expect(taskIds.size).toBe(expected);
    const doneIds = new Set(done.ids);
    for (const item of items) {
      expect(doneIds.has(item.taskId)).toBe(true);
      expect(item).toMatchObject({ status: "pending", source: "sample", planId: plan.id, reviewerId: null });
    }
    // Uniform: about a fifth of each half of the id range is drawn (sd ≈ 20 items of 968).
    const lowHalf = items.filter((i) => i.taskId < done.ids[5000]!).length;
    expect(Math.abs(lowHalf - expected / 2)).toBeLessThan(120);
  });

  it("draws a batch's plan from that batch, replacing tasks already pending in another plan", async () => {
    const project = await makeProject();
    const first = await seed(project, 300);
    await seed(project, 200);
    // At most 82 of the batch's 300 tasks go to this plan, so 218 stay available for the batch's 169.
    const { plan: whole } = await createAuditPlan(database, {
      project,
      margin: 0.1,
      confidence: 0.95,
      actorId: admin.id,
      now,
    });
    expect(whole.population).toBe(500);
    const { plan: batchPlan } = await createAuditPlan(database, {
      project,
      batchId: first.batchId,
      margin: 0.05,
      confidence: 0.95,
      actorId: admin.id,
      now,
    });
    expect(batchPlan.population).toBe(300);
    expect(batchPlan.sampleSize).toBe(auditSampleSize({ margin: 0.05, confidence: 0.95 }).forPopulation(300));
    const items = await planItems(project.id, batchPlan.id);
    expect(items).toHaveLength(batchPlan.sampleSize);
    const inBatch = new Set(first.ids);
    for (const item of items) expect(inBatch.has(item.taskId)).toBe(true);
    const wholeTasks = new Set((await planItems(project.id, whole.id)).map((i) => i.taskId));
    for (const item of items) expect(wholeTasks.has(item.taskId)).toBe(false);

    await expect(
      createAuditPlan(database, { project, batchId: 999_999, margin: 0.05, confidence: 0.95, actorId: admin.id, now }),
    ).rejects.toMatchObject({ code: "not_found" });
    const empty = await makeProject();
    await seed(empty, 5, () => ({ status: "open" }));
    await expect(
      createAuditPlan(database, { project: empty, margin: 0.05, confidence: 0.95, actorId: admin.id, now }),
    ).rejects.toMatchObject({ code: "nothing_to_audit" });
  });

  it("adopts tasks already queued for review into a plan instead of duplicating them", async () => {
    const project = await makeProject();
    await seed(project, 10, (i) => ({ confidence: i < 4 ? 0.5 : 1 }));
    const queued = await enqueueForReview(database.db, {
      projectId: project.id,
      source: "low_confidence",
      threshold: 0.7,
      limit: 100,
      actorId: admin.id,
      now,
    });
    expect(queued.enqueued).toBe(4);
    const { plan } = await createAuditPlan(database, {
      project,
      margin: 0.01,
      confidence: 0.95,
      actorId: admin.id,
      now,
    });
    expect(plan).toMatchObject({ population: 10, sampleSize: 10 });
    const all = await listReviewItems(database.db, project.id, { after: 0, limit: 100 });
    expect(all).toHaveLength(10);
    expect(all.every((i) => i.planId === plan.id)).toBe(true);
    expect(all.filter((i) => i.source === "low_confidence")).toHaveLength(4);
  });

  it("queues low-confidence and disputed done tasks, lowest confidence first, once", async () => {
    const project = await makeProject();
    const confidences = [0.5, 0.9, 0.3, 0.7, null, 0.6, 0.2];
    const { ids } = await seed(project, confidences.length, (i) => ({
      confidence: confidences[i] ?? null,
      judgment_count: i === 5 ? 1 : 3,
      status: i === 6 ? "open" : "done",
    }));
    const options = { projectId: project.id, threshold: 0.7, limit: 100, actorId: admin.id, now };
    const disputed = await enqueueForReview(database.db, { ...options, source: "disagreement", limit: 1 });
    expect(disputed.taskIds).toEqual([ids[2]]);
    const low = await enqueueForReview(database.db, { ...options, source: "low_confidence" });
    expect(low.taskIds).toEqual([ids[0], ids[5]]);
    expect((await enqueueForReview(database.db, { ...options, source: "low_confidence" })).enqueued).toBe(0);
    const items = await listReviewItems(database.db, project.id, { status: "pending", after: 0, limit: 100 });
    expect(items.map((i) => [i.taskId, i.source])).toEqual([
      [ids[2], "disagreement"],
      [ids[0], "low_confidence"],
      [ids[5], "low_confidence"],
    ]);
    // Once decided, a task is not queued again until it changes.
    const reviewer = await newReviewer();
    await decideReview(database, {
      itemId: items[0]!.id,
      reviewerId: reviewer.id,
      verdict: "accept",
      override: false,
      now: now + 1,
    });
    expect((await enqueueForReview(database.db, { ...options, source: "low_confidence" })).enqueued).toBe(0);
  });

  it("never gives two reviewers the same item, even when they ask at once", async () => {
    const project = await makeProject();
    await seed(project, 40, () => ({ confidence: 0.4 }));
    await enqueueForReview(database.db, {
      projectId: project.id,
      source: "low_confidence",
      threshold: 0.7,
      limit: 100,
      actorId: admin.id,
      now,
    });
    const reviewers = await Promise.all(Array.from({ length: 12 }, () => newReviewer()));
    const claims = await Promise.all(
      reviewers.map((r) => claimNextReview(database, { projectId: project.id, reviewerId: r.id, now })),
    );
    const itemIds = claims.map((c) => c!.item.id);
    expect(new Set(itemIds).size).toBe(12);
    expect(claims.map((c) => c!.item.reviewerId)).toEqual(reviewers.map((r) => r.id));
    // Asking again gives a reviewer back the item they hold.
    const again = await claimNextReview(database, { projectId: project.id, reviewerId: reviewers[3]!.id, now });
    expect(again!.item.id).toBe(itemIds[3]);
    // Everyone works through the queue concurrently: each item is decided exactly once.
    const decided: number[] = [];
    await Promise.all(
      reviewers.map(async (r) => {
        for (;;) {
          const work = await claimNextReview(database, { projectId: project.id, reviewerId: r.id, now });
          if (!work) return;
          await decideReview(database, {
            itemId: work.item.id,
            reviewerId: r.id,
            verdict: "accept",
            override: false,
            now,
          });
          decided.push(work.item.id);
        }
      }),
    );
    expect(decided).toHaveLength(40);
    expect(new Set(decided).size).toBe(40);
  });

  it("applies verdicts all-or-nothing: accept, reject to the queue, correct with a valid answer; once only", async () => {
    const project = await makeProject(2);
    const { ids } = await seed(project, 4, () => ({ confidence: 0.5, required: 2, slots_taken: 2, judgment_count: 2 }));
    await enqueueForReview(database.db, {
      projectId: project.id,
      source: "low_confidence",
      threshold: 0.7,
      limit: 10,
      actorId: admin.id,
      now,
    });
    const r1 = await newReviewer();
    const r2 = await newReviewer();
    const claim = async (reviewer: User) =>
      (await claimNextReview(database, { projectId: project.id, reviewerId: reviewer.id, now }))!;
    const task = (id: number) =>
      database.db.selectFrom("tasks").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

    const first = await claim(r1);
    expect(first.task).toMatchObject({ id: ids[0], aggregate: { value: "ok", method: "majority", confidence: 0.5 } });
    await expect(
      decideReview(database, { itemId: first.item.id, reviewerId: r2.id, verdict: "accept", override: false, now }),
    ).rejects.toMatchObject({ code: "review_taken" });
    const accepted = await decideReview(database, {
      itemId: first.item.id,
      reviewerId: r1.id,
      verdict: "accept",
      override: false,
      now,
    });
    expect(accepted).toMatchObject({ status: "accepted", reviewedValue: "ok", reviewerId: r1.id, reviewedAt: now });
    await expect(
      decideReview(database, { itemId: first.item.id, reviewerId: r1.id, verdict: "reject", override: true, now }),
    ).rejects.toMatchObject({ code: "review_decided" });
    expect((await task(ids[0]!)).status).toBe("done");

    const second = await claim(r1);
    await decideReview(database, {
      itemId: second.item.id,
      reviewerId: r1.id,
      verdict: "reject",
      note: "wrong",
      override: false,
      now: now + 5,
    });
    expect(await task(ids[1]!)).toMatchObject({ status: "open", required: 4, judgment_count: 2, updated_at: now + 5 });

    const third = await claim(r2);
    await expect(
      decideReview(database, {
        itemId: third.item.id,
        reviewerId: r2.id,
        verdict: "correct",
        value: "maybe",
        override: false,
        now,
      }),
    ).rejects.toMatchObject({ code: "invalid_input", details: [{ path: "value" }] });
    expect(
      (await listReviewItems(database.db, project.id, { status: "pending", after: 0, limit: 10 })).map((i) => i.id),
    ).toContain(third.item.id);
    const corrected = await decideReview(database, {
      itemId: third.item.id,
      reviewerId: r2.id,
      verdict: "correct",
      value: "spam",
      override: false,
      now,
    });
    expect(corrected).toMatchObject({ status: "corrected", reviewedValue: "spam" });
    const fixed = await task(ids[2]!);
    expect(JSON.parse(fixed.aggregate!)).toEqual({ value: "spam", method: "review" });
    expect(fixed.confidence).toBe(1);
    expect(fixed.status).toBe("done");

    // A manager may decide an item someone else claimed.
    const fourth = await claim(r2);
    const overridden = await decideReview(database, {
      itemId: fourth.item.id,
      reviewerId: admin.id,
      verdict: "accept",
      override: true,
      now,
    });
    expect(overridden.reviewerId).toBe(admin.id);

    const log = await database.db
      .selectFrom("audit_log")
      .select("action")
      .where("project_id", "=", project.id)
      .where("action", "like", "review.%")
      .execute();
    expect(log.map((l) => l.action).sort()).toEqual([
      "review.accept",
      "review.accept",
      "review.correct",
      "review.enqueue",
      "review.reject",
    ]);
    await expect(
      decideReview(database, { itemId: 987_654, reviewerId: r1.id, verdict: "accept", override: true, now }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("reports a plan's accepted accuracy with the Wilson interval at the plan's confidence", async () => {
    const project = await makeProject();
    await seed(project, 30);
    const { plan } = await createAuditPlan(database, { project, margin: 0.1, confidence: 0.9, actorId: admin.id, now });
    expect(plan.sampleSize).toBe(auditSampleSize({ margin: 0.1, confidence: 0.9 }).forPopulation(30));
    const reviewer = await newReviewer();
    const verdicts = ["accept", "accept", "accept", "correct", "reject", "accept"] as const;
    for (const verdict of verdicts) {
      const work = await claimNextReview(database, { projectId: project.id, reviewerId: reviewer.id, now });
      await decideReview(database, {
        itemId: work!.item.id,
        reviewerId: reviewer.id,
        verdict,
        value: "spam",
        override: false,
        now,
      });
    }
    const summary = await getAuditPlan(database.db, project.id, plan.id);
    const wilson = wilsonInterval(4, 6, 0.9);
    expect(summary).toMatchObject({
      plan: { id: plan.id, confidence: 0.9 },
      reviewed: 6,
      accepted: 4,
      corrected: 1,
      rejected: 1,
      pending: plan.sampleSize - 6,
    });
    expect(summary!.accuracy.estimate).toBeCloseTo(4 / 6, 12);
    expect(summary!.accuracy.low).toBeCloseTo(wilson.lower, 12);
    expect(summary!.accuracy.high).toBeCloseTo(wilson.upper, 12);
    expect((await listAuditPlans(database.db, project.id)).map((s) => s.plan.id)).toEqual([plan.id]);
    const other = await makeProject();
    expect(await getAuditPlan(database.db, other.id, plan.id)).toBeUndefined();
  });
});
