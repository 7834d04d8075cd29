import { auditSampleSize, twoSidedZ, wilsonInterval } from "@quorum/core";
import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import {
  createProjectWithTasks,
  openTestApp,
  signInAnnotators,
  signInEveryRole,
  type TestAppWithDatabase,
} from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("review and audit API on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let roles: Awaited<ReturnType<typeof signInEveryRole>>;
  let reviewer: TestSession;
  let reviewer2: TestSession;
  let annotators: TestSession[];
  let seq = 0;

  beforeAll(async () => {
    t = await openTestApp(target);
    roles = await signInEveryRole(t);
    reviewer = roles.reviewer;
    reviewer2 = await t.userSession("reviewer", {}, "rev2");
    annotators = await signInAnnotators(t, 4, "ann", { languages: ["en"] });
  });
  afterAll(() => t.close());

  /**
   * A project (overlap 2) whose `count` tasks were all labeled through the API by annotators 0
   * and 1: they disagree on the first `disagree` tasks. The first task is gold.
   */
  async function labeledProject(count: number, disagree = 0, settings: Record<string, unknown> = {}) {
    seq++;
    const lines = Array.from({ length: count }, (_, i) =>
      JSON.stringify(
        i === 0 ? { data: { text: `t${i}` }, gold: "spam", goldExplanation: "GOLD-WHY" } : { data: { text: `t${i}` } },
      ),
    );
    const { id, batchId } = await createProjectWithTasks(
      t,
      {
        name: `Review ${seq}`,
        schema: { type: "single_choice", options: ["ok", "spam"] },
        overlap: 2,
        requirements: { languages: ["en"] },
        ...settings,
      },
      lines,
    );
    for (const [a, annotator] of annotators.slice(0, 2).entries()) {
      for (;;) {
        const next = await t.call("POST", `/projects/${id}/assignments/next`, { cookie: annotator.cookie });
        if (next.status === 204) break;
        const index = Number(String(next.json.assignment.task.data.text).slice(1));
        const value = a === 1 && index < disagree ? "spam" : "ok";
        const judged = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
          cookie: annotator.cookie,
          body: { value, activeMs: 1000, clientKey: `${id}-${a}-${index}` },
        });
        expect(judged.status).toBe(201);
      }
    }
    const tasks = await t.call("GET", `/projects/${id}/tasks?limit=500`, { cookie: t.admin });
    expect(tasks.json.tasks.every((task: { status: string }) => task.status === "done")).toBe(true);
    return {
      id,
      batchId: batchId!,
      tasks: tasks.json.tasks as { id: number; confidence: number; data: { text: string } }[],
    };
  }

  async function allItems(projectId: number, query = "") {
    const response = await t.call("GET", `/projects/${projectId}/reviews?limit=500${query}`, {
      cookie: reviewer.cookie,
    });
    expect(response.status).toBe(200);
    return response.json.items as {
      id: number;
      taskId: number;
      status: string;
      source: string;
      planId: number | null;
    }[];
  }

  it("sizes an audit by the finite-population formula and queues exactly n distinct done tasks", async () => {
    const project = await labeledProject(14);
    const more = await t.call("POST", `/projects/${project.id}/imports`, {
      cookie: t.admin,
      raw: '{"data":{"text":"not labeled"}}',
    });
    const created = await t.call("POST", `/projects/${project.id}/audits`, {
      cookie: reviewer.cookie,
      body: { margin: 0.2, confidence: 0.95 },
    });
    expect(created.status).toBe(201);
    const z = twoSidedZ(0.95);
    const n0 = (z * z * 0.25) / (0.2 * 0.2);
    const n = Math.ceil(n0 / (1 + (n0 - 1) / 14));
    expect(n).toBe(10);
    expect(created.json.plan).toMatchObject({
      population: 14,
      sampleSize: n,
      requiredSampleSize: n,
      margin: 0.2,
      confidence: 0.95,
      batchId: null,
    });
    const items = await allItems(project.id, `&planId=${created.json.plan.id}`);
    expect(items).toHaveLength(n);
    expect(new Set(items.map((i) => i.taskId)).size).toBe(n);
    const done = new Set(project.tasks.map((task) => task.id));
    for (const item of items) {
      expect(done.has(item.taskId)).toBe(true);
      expect(item).toMatchObject({ status: "pending", source: "sample" });
    }
    // A batch with no done tasks cannot be audited; an unknown batch is not found; bad input names the field.
    const body = (extra: object) => ({ cookie: reviewer.cookie, body: { margin: 0.05, ...extra } });
    expect((await t.call("POST", `/projects/${project.id}/audits`, body({ batchId: more.json.batchId }))).status).toBe(
      409,
    );
    expect((await t.call("POST", `/projects/${project.id}/audits`, body({ batchId: 999_999 }))).status).toBe(404);
    const bad = await t.call("POST", `/projects/${project.id}/audits`, body({ margin: 0 }));
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("margin");
    // expectedAccuracy sizes the sample; only the 4 tasks not pending in the first plan can be drawn.
    const confident = await t.call(
      "POST",
      `/projects/${project.id}/audits`,
      body({ margin: 0.02, expectedAccuracy: 0.99, batchId: project.batchId }),
    );
    const required = auditSampleSize({ margin: 0.02, confidence: 0.95, expectedAccuracy: 0.99 }).forPopulation(14);
    expect(required).toBe(13);
    expect(confident.json.plan).toMatchObject({
      population: 14,
      requiredSampleSize: required,
      sampleSize: 4,
      batchId: project.batchId,
    });
    const second = await allItems(project.id, `&planId=${confident.json.plan.id}`);
    expect(second.map((i) => i.taskId).filter((id) => items.some((i) => i.taskId === id))).toEqual([]);
  });

  it("queues disputed and low-confidence tasks lowest first, and shows reviewers gold, judgments and aggregate", async () => {
    const project = await labeledProject(6, 3);
    const threshold = 0.99;
    const expected = project.tasks
      .filter((task) => task.confidence < threshold)
      .sort((a, b) => a.confidence - b.confidence || a.id - b.id)
      .map((task) => task.id);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const queued = await t.call("POST", `/projects/${project.id}/reviews/enqueue`, {
      cookie: reviewer.cookie,
      body: { source: "disagreement", threshold, limit: 100 },
    });
    expect(queued.status).toBe(200);
    expect(queued.json.taskIds).toEqual(expected);
    const again = await t.call("POST", `/projects/${project.id}/reviews/enqueue`, {
      cookie: reviewer.cookie,
      body: { source: "low_confidence", threshold },
    });
    expect(again.json.enqueued).toBe(0);

    const work = await t.call("POST", `/projects/${project.id}/reviews/next`, { cookie: reviewer.cookie });
    expect(work.status).toBe(200);
    expect(work.json.item).toMatchObject({
      taskId: expected[0],
      status: "pending",
      reviewerId: reviewer.id,
      source: "disagreement",
    });
    expect(work.json.task.aggregate).toMatchObject({ value: expect.any(String), method: expect.any(String) });
    expect(work.json.judgments).toHaveLength(2);
    expect(work.json.judgments[0]).toMatchObject({ annotatorName: "annotator ann0", guidelineVersion: 0, value: "ok" });
    expect(work.json.judgments[1]).toMatchObject({ annotatorName: "annotator ann1", value: "spam" });
    // Working through the queue: every item has its judgments; the gold task (t0, disputed) shows its answer.
    const listed = await t.call("GET", `/projects/${project.id}/reviews?status=pending`, { cookie: reviewer.cookie });
    expect(listed.json.items.map((i: { taskId: number }) => i.taskId)).toEqual(expected);
    const goldTask = project.tasks.find((task) => task.data.text === "t0")!;
    expect(expected).toContain(goldTask.id);
    const shown = new Map<number, { gold: unknown; goldExplanation: unknown }>();
    for (let current = work; current.status === 200; ) {
      shown.set(current.json.task.id, current.json.task);
      expect(current.json.judgments).toHaveLength(2);
      const accepted = await t.call("POST", `/reviews/${current.json.item.id}`, {
        cookie: reviewer.cookie,
        body: { verdict: "accept" },
      });
      expect(accepted.json.item).toMatchObject({
        status: "accepted",
        reviewedValue: current.json.task.aggregate.value,
      });
      current = await t.call("POST", `/projects/${project.id}/reviews/next`, { cookie: reviewer.cookie });
    }
    expect([...shown.keys()]).toEqual(expected);
    expect(shown.get(goldTask.id)).toMatchObject({ gold: "spam", goldExplanation: "GOLD-WHY" });
  });

  it("never gives two reviewers the same item when they ask at once", async () => {
    const project = await labeledProject(10);
    await t.call("POST", `/projects/${project.id}/audits`, { cookie: t.admin, body: { margin: 0.01 } });
    const seen: number[] = [];
    for (;;) {
      const [a, b] = await Promise.all(
        [reviewer, reviewer2].map((r) => t.call("POST", `/projects/${project.id}/reviews/next`, { cookie: r.cookie })),
      );
      if (a!.status === 204 && b!.status === 204) break;
      const claimed = [a!, b!].filter((r) => r.status === 200).map((r) => r.json.item.id as number);
      if (claimed.length === 2) expect(claimed[0]).not.toBe(claimed[1]);
      for (const [i, r] of [reviewer, reviewer2].entries()) {
        const response = [a!, b!][i]!;
        if (response.status !== 200) continue;
        expect(response.json.item.reviewerId).toBe(r.id);
        const decided = await t.call("POST", `/reviews/${response.json.item.id}`, {
          cookie: r.cookie,
          body: { verdict: "accept" },
        });
        expect(decided.status).toBe(200);
        seen.push(response.json.item.id);
      }
    }
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
  });

  it("reject sends the task back to the labeling queue for new annotators; a second verdict is a conflict", async () => {
    const project = await labeledProject(3);
    await t.call("POST", `/projects/${project.id}/audits`, { cookie: reviewer.cookie, body: { margin: 0.01 } });
    const work = await t.call("POST", `/projects/${project.id}/reviews/next`, { cookie: reviewer.cookie });
    const taskId = work.json.task.id as number;
    // Someone else's claimed item cannot be decided by another reviewer.
    const stolen = await t.call("POST", `/reviews/${work.json.item.id}`, {
      cookie: reviewer2.cookie,
      body: { verdict: "accept" },
    });
    expect(stolen.status).toBe(409);
    const rejected = await t.call("POST", `/reviews/${work.json.item.id}`, {
      cookie: reviewer.cookie,
      body: { verdict: "reject", note: "ambiguous" },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.json.item).toMatchObject({ status: "rejected", note: "ambiguous", reviewerId: reviewer.id });
    expect(
      (await t.call("POST", `/reviews/${work.json.item.id}`, { cookie: reviewer.cookie, body: { verdict: "accept" } }))
        .status,
    ).toBe(409);

    const task = await t.call("GET", `/projects/${project.id}/tasks/${taskId}`, { cookie: t.admin });
    expect(task.json).toMatchObject({ status: "open", required: 4, judgments: 2 });
    expect(task.json.judgmentList).toHaveLength(2);
    // The annotators who labeled it are not offered it again; a new one is.
    expect(
      (await t.call("POST", `/projects/${project.id}/assignments/next`, { cookie: annotators[0]!.cookie })).status,
    ).toBe(204);
    const lease = await t.call("POST", `/projects/${project.id}/assignments/next`, { cookie: annotators[2]!.cookie });
    expect(lease.status).toBe(200);
    expect(lease.json.assignment.task.id).toBe(taskId);
    const judged = await t.call("POST", `/assignments/${lease.json.assignment.id}/judgment`, {
      cookie: annotators[2]!.cookie,
      body: { value: "spam", activeMs: 500, clientKey: `requeue-${taskId}` },
    });
    expect(judged.status).toBe(201);
    const log = await t.database.db
      .selectFrom("audit_log")
      .select(["action", "actor_id"])
      .where("project_id", "=", project.id)
      .where("action", "=", "review.reject")
      .execute();
    expect(log).toEqual([{ action: "review.reject", actor_id: reviewer.id }]);
  });

  it("correct validates the expert's answer and makes it the exported aggregate", async () => {
    const project = await labeledProject(2);
    await t.call("POST", `/projects/${project.id}/audits`, { cookie: reviewer.cookie, body: { margin: 0.01 } });
    const work = await t.call("POST", `/projects/${project.id}/reviews/next`, { cookie: reviewer.cookie });
    const taskId = work.json.task.id as number;
    const exported = async () => {
      const response = await t.call("GET", `/projects/${project.id}/export?format=jsonl`, { cookie: t.admin });
      return response.text
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line))
        .find((line) => line.task.id === taskId);
    };
    expect(await exported()).toMatchObject({
      aggregate: { value: "ok" },
      review: { status: "pending", source: "sample", reviewerId: null, reviewedAt: null },
      labelSource: "consensus",
    });
    const invalid = await t.call("POST", `/reviews/${work.json.item.id}`, {
      cookie: reviewer.cookie,
      body: { verdict: "correct", value: "maybe" },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.details[0].path).toBe("value");
    const missing = await t.call("POST", `/reviews/${work.json.item.id}`, {
      cookie: reviewer.cookie,
      body: { verdict: "correct" },
    });
    expect(missing.status).toBe(400);
    expect((await exported()).aggregate.value).toBe("ok");
    expect((await allItems(project.id, "&status=pending")).map((i) => i.id)).toContain(work.json.item.id);

    const corrected = await t.call("POST", `/reviews/${work.json.item.id}`, {
      cookie: reviewer.cookie,
      body: { verdict: "correct", value: "spam" },
    });
    expect(corrected.status).toBe(200);
    expect(corrected.json.item).toMatchObject({ status: "corrected", reviewedValue: "spam" });
    expect(await exported()).toMatchObject({
      aggregate: { value: "spam", confidence: 1 },
      review: { status: "corrected", source: "sample", reviewerId: String(reviewer.id) },
      labelSource: "review",
    });
    expect((await allItems(project.id, "&status=corrected")).map((i) => i.id)).toEqual([work.json.item.id]);
  });

  it("reports accepted accuracy with the Wilson interval at the plan's confidence", async () => {
    const project = await labeledProject(12);
    const created = await t.call("POST", `/projects/${project.id}/audits`, {
      cookie: reviewer.cookie,
      body: { margin: 0.2, confidence: 0.9 },
    });
    const plan = created.json.plan;
    const verdicts = ["accept", "accept", "correct", "accept", "reject"] as const;
    for (const verdict of verdicts) {
      const work = await t.call("POST", `/projects/${project.id}/reviews/next`, { cookie: reviewer.cookie });
      const decided = await t.call("POST", `/reviews/${work.json.item.id}`, {
        cookie: reviewer.cookie,
        body: verdict === "correct" ? { verdict, value: "spam" } : { verdict },
      });
      expect(decided.status).toBe(200);
    }
    const summary = await t.call("GET", `/projects/${project.id}/audits/${plan.id}`, { cookie: reviewer.cookie });
    expect(summary.status).toBe(200);
    const wilson = wilsonInterval(3, 5, 0.9);
    expect(summary.json).toMatchObject({
      plan: { id: plan.id, confidence: 0.9 },
      reviewed: 5,
      accepted: 3,
      corrected: 1,
      rejected: 1,
      pending: plan.sampleSize - 5,
    });
    expect(summary.json.accuracy.estimate).toBeCloseTo(0.6, 12);
    expect(summary.json.accuracy.low).toBeCloseTo(wilson.lower, 12);
    expect(summary.json.accuracy.high).toBeCloseTo(wilson.upper, 12);
    const list = await t.call("GET", `/projects/${project.id}/audits`, { cookie: t.admin });
    expect(list.json.plans).toEqual([summary.json]);
  });

  it("lists what the review policy queued with byPolicy, and reports its items by source and its sample's accuracy", async () => {
    const empty = await labeledProject(2);
    const none = await t.call("GET", `/projects/${empty.id}/audits`, { cookie: reviewer.cookie });
    expect(none.json.reviewPolicy.sampleAccuracy.accuracy.estimate).toBeNull();
    expect(none.json.reviewPolicy.bySource.sample.queued).toBe(0);

    // Every task sampled as it becomes done, except the gold one (t0); t1 is disputed (disagreement wins).
    const project = await labeledProject(6, 2, {
      reviewPolicy: { sampleShare: 1, confidenceThreshold: 0, disagreement: true },
    });
    const items = await allItems(project.id);
    expect(items.map((item) => [item.source, item.planId, (item as { byPolicy?: boolean }).byPolicy])).toEqual([
      ["disagreement", null, true],
      ["sample", null, true],
      ["sample", null, true],
      ["sample", null, true],
      ["sample", null, true],
    ]);
    const verdicts = ["accept", "accept", "accept", "correct"] as const;
    // The disputed item stays pending.
    const disputed = items.find((item) => item.source === "disagreement")!.id;
    for (const verdict of verdicts) {
      const work = await t.call("POST", `/projects/${project.id}/reviews/next?skip=${disputed}`, {
        cookie: reviewer.cookie,
      });
      expect(work.json.item).toMatchObject({ source: "sample", byPolicy: true });
      const decided = await t.call("POST", `/reviews/${work.json.item.id}`, {
        cookie: reviewer.cookie,
        body: verdict === "correct" ? { verdict, value: "spam" } : { verdict },
      });
      expect(decided.status).toBe(200);
    }
    const list = await t.call("GET", `/projects/${project.id}/audits`, { cookie: reviewer.cookie });
    expect(list.status).toBe(200);
    expect(list.json.plans).toEqual([]);
    expect(list.json.reviewPolicy.bySource).toEqual({
      sample: { queued: 4, decided: 4, pending: 0, accepted: 3, corrected: 1, rejected: 0 },
      low_confidence: { queued: 0, decided: 0, pending: 0, accepted: 0, corrected: 0, rejected: 0 },
      disagreement: { queued: 1, decided: 0, pending: 1, accepted: 0, corrected: 0, rejected: 0 },
    });
    const wilson = wilsonInterval(3, 4, 0.95);
    expect(list.json.reviewPolicy.sampleAccuracy).toMatchObject({ reviewed: 4, accepted: 3 });
    expect(list.json.reviewPolicy.sampleAccuracy.accuracy.estimate).toBeCloseTo(0.75, 12);
    expect(list.json.reviewPolicy.sampleAccuracy.accuracy.low).toBeCloseTo(wilson.lower, 12);
    expect(list.json.reviewPolicy.sampleAccuracy.accuracy.high).toBeCloseTo(wilson.upper, 12);
  });

  it("refuses annotators and other roles without reviews.work, and keeps each project's items to itself", async () => {
    const project = await labeledProject(3);
    const other = await labeledProject(2);
    const plan = await t.call("POST", `/projects/${project.id}/audits`, {
      cookie: reviewer.cookie,
      body: { margin: 0.01 },
    });
    const item = (await allItems(project.id))[0]!;
    const routes: [string, string, unknown?][] = [
      ["POST", `/projects/${project.id}/audits`, { margin: 0.1 }],
      ["GET", `/projects/${project.id}/audits`],
      ["GET", `/projects/${project.id}/audits/${plan.json.plan.id}`],
      ["POST", `/projects/${project.id}/reviews/enqueue`, { source: "low_confidence" }],
      ["POST", `/projects/${project.id}/reviews/next`],
      ["GET", `/projects/${project.id}/reviews`],
      ["POST", `/reviews/${item.id}`, { verdict: "accept" }],
    ];
    const refused = [annotators[0]!, roles.analyst, roles.vendor_lead];
    for (const [method, path, body] of routes) {
      expect((await t.call(method, path, body === undefined ? {} : { body })).status).toBe(401);
      for (const user of refused) {
        const response = await t.call(method, path, { cookie: user.cookie, ...(body === undefined ? {} : { body }) });
        expect([403, 404], `${method} ${path}`).toContain(response.status);
      }
    }
    expect((await allItems(project.id)).find((i) => i.id === item.id)?.status).toBe("pending");
    // Another project's plan and items are not reachable through this project's id.
    expect(
      (await t.call("GET", `/projects/${other.id}/audits/${plan.json.plan.id}`, { cookie: reviewer.cookie })).status,
    ).toBe(404);
    expect(await allItems(other.id)).toEqual([]);
    expect((await t.call("POST", `/projects/${other.id}/reviews/next`, { cookie: reviewer.cookie })).status).toBe(204);
    expect((await t.call("GET", "/projects/999999/reviews", { cookie: reviewer.cookie })).status).toBe(404);
  });
});
