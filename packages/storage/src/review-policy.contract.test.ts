import { type Project, parseLabelSchema, type ReviewPolicy, type User } from "@quorum/core";
import {
  type Database,
  leaseNextTask,
  listReviewItems,
  recordStatements,
  type SeedTask,
  seedProject,
  submitJudgment,
  testTargets,
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
});
