import { type Project, parseLabelSchema, UNDO_WINDOW_MS, type User } from "@quorum/core";
import {
  claimNextReview,
  type Database,
  decideReview,
  enqueueForReview,
  leaseNextTask,
  newAnnotator,
  newUser,
  seedProject,
  testTargets,
  undoReview,
} from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();

describe.each(targets)("undo of a verdict on $dialect", (target) => {
  let database: Database;
  const now = 1_800_000_000_000;

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  /** A project of `count` done tasks (two judgments each, "ok"), queued for review; and a reviewer. */
  async function queued(count: number): Promise<{ project: Project; reviewer: User; taskIds: number[] }> {
    const { project, taskIds, admin } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] }),
      overlap: 2,
      tasks: Array.from({ length: count }, (_, i) => ({ data: { text: `t${i}` } })),
      now,
    });
    await database.db
      .updateTable("tasks")
      .set({
        required: 2,
        slots_taken: 2,
        judgment_count: 2,
        status: "done",
        aggregate: JSON.stringify({ value: "ok", method: "majority" }),
        confidence: 0.5,
      })
      .where("project_id", "=", project.id)
      .execute();
    await enqueueForReview(database.db, {
      projectId: project.id,
      source: "low_confidence",
      threshold: 0.7,
      limit: 100,
      actorId: admin.id,
      now,
    });
    return { project, reviewer: await newUser(database, { role: "reviewer", now }), taskIds };
  }

  const task = (id: number) =>
    database.db
      .selectFrom("tasks")
      .select(["status", "required", "aggregate", "confidence", "updated_at"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
  const audits = (projectId: number) =>
    database.db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("project_id", "=", projectId)
      .where("action", "in", ["review.accept", "review.reject", "review.correct", "review.undo"])
      .orderBy("id")
      .execute();

  async function decide(project: Project, reviewer: User, verdict: "accept" | "reject" | "correct", at: number) {
    const work = (await claimNextReview(database, { projectId: project.id, reviewerId: reviewer.id, now }))!;
    await decideReview(database, {
      itemId: work.item.id,
      reviewerId: reviewer.id,
      verdict,
      ...(verdict === "correct" ? { value: "spam" } : {}),
      note: `${verdict} note`,
      override: false,
      now: at,
    });
    return work;
  }

  it("undoes a rejection: the task is done again and the item is the reviewer's, pending, with the note returned", async () => {
    const { project, reviewer, taskIds } = await queued(2);
    const before = await task(taskIds[0]!);
    const work = await decide(project, reviewer, "reject", now + 1000);
    expect((await task(taskIds[0]!)).status).toBe("open");

    const undone = await undoReview(database, { itemId: work.item.id, reviewerId: reviewer.id, now: now + 5000 });
    expect(undone.undone).toEqual({ verdict: "reject", note: "reject note" });
    expect(undone.item).toMatchObject({ status: "pending", reviewerId: reviewer.id, note: null, reviewedAt: null });
    expect(undone.task.id).toBe(taskIds[0]);
    expect(await task(taskIds[0]!)).toEqual(before);
    // The undone item is the first the reviewer gets again.
    const again = await claimNextReview(database, { projectId: project.id, reviewerId: reviewer.id, now });
    expect(again!.item.id).toBe(work.item.id);
    expect((await audits(project.id)).map((a) => a.action)).toEqual(["review.reject", "review.undo"]);
    expect(JSON.parse((await audits(project.id))[1]!.details)).toEqual({
      itemId: work.item.id,
      taskId: taskIds[0],
      verdict: "reject",
    });
  });

  it("undoes a correction by giving the task its earlier label back", async () => {
    const { project, reviewer, taskIds } = await queued(1);
    const before = await task(taskIds[0]!);
    const work = await decide(project, reviewer, "correct", now + 1000);
    expect(JSON.parse((await task(taskIds[0]!)).aggregate!)).toEqual({ value: "spam", method: "review" });
    await undoReview(database, { itemId: work.item.id, reviewerId: reviewer.id, now: now + 2000 });
    expect(await task(taskIds[0]!)).toEqual(before);
  });

  it("undoes only the reviewer's most recent verdict, within the window, and only their own", async () => {
    const { project, reviewer, taskIds } = await queued(3);
    const first = await decide(project, reviewer, "accept", now + 1000);
    const second = await decide(project, reviewer, "accept", now + 2000);
    await expect(
      undoReview(database, { itemId: first.item.id, reviewerId: reviewer.id, now: now + 3000 }),
    ).rejects.toMatchObject({ code: "undo_unavailable", message: expect.stringMatching(/most recent/) });
    const other = await newUser(database, { role: "reviewer", now });
    await expect(
      undoReview(database, { itemId: second.item.id, reviewerId: other.id, now: now + 3000 }),
    ).rejects.toMatchObject({ code: "undo_unavailable" });
    await expect(
      undoReview(database, { itemId: second.item.id, reviewerId: reviewer.id, now: now + 2000 + UNDO_WINDOW_MS + 1 }),
    ).rejects.toMatchObject({ code: "undo_unavailable" });
    await undoReview(database, { itemId: second.item.id, reviewerId: reviewer.id, now: now + 3000 });
    // Undone once: nothing left to undo on it.
    await expect(
      undoReview(database, { itemId: second.item.id, reviewerId: reviewer.id, now: now + 3000 }),
    ).rejects.toMatchObject({ code: "undo_unavailable" });
    expect((await task(taskIds[1]!)).status).toBe("done");
  });

  it("lets a rejection stand once an annotator has leased the reopened task", async () => {
    const { project, reviewer, taskIds } = await queued(1);
    const work = await decide(project, reviewer, "reject", now + 1000);
    const annotator = await newAnnotator(database, { now });
    const lease = await leaseNextTask(database, { project, annotator, now: now + 2000 });
    expect(lease?.task.id).toBe(taskIds[0]);
    await expect(
      undoReview(database, { itemId: work.item.id, reviewerId: reviewer.id, now: now + 3000 }),
    ).rejects.toMatchObject({ code: "undo_unavailable", message: expect.stringMatching(/already taken/) });
    expect((await task(taskIds[0]!)).status).not.toBe("done");
    expect((await audits(project.id)).map((a) => a.action)).toEqual(["review.reject"]);
  });
});
