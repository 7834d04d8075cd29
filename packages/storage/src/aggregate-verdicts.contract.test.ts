import { type Project, parseLabelSchema, type User } from "@quorum/core";
import {
  claimNextReview,
  type Database,
  decideReview,
  enqueueForReview,
  insertRateCard,
  leaseNextTask,
  newUser,
  refitProject,
  seedProject,
  submitJudgment,
  summarizeCost,
  testTargets,
} from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();
const HOUR = 3_600_000;

describe.each(targets)("the aggregate's verdicts on judgments on $dialect", (target) => {
  let database: Database;
  let day = 0;
  const nextDay = () => 1_950_000_000_000 + ++day * 24 * HOUR;

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  async function project(now: number, schema: unknown = { type: "single_choice", options: ["ok", "spam"] }) {
    const seeded = await seedProject(database, {
      name: `aggregate verdicts ${now}`,
      schema: parseLabelSchema(schema),
      overlap: 3,
      tasks: [{ data: { text: "t0" } }],
      annotators: [{ languages: ["en"] }, { languages: ["en"] }, { languages: ["en"] }],
      now,
    });
    // 10¢ a judgment, rejected work paid.
    await insertRateCard(
      database,
      {
        currency: "USD",
        effectiveFrom: now,
        effectiveTo: null,
        projectId: seeded.project.id,
        taskType: null,
        language: null,
        vendor: null,
        payPerJudgmentMinor: 10,
        payPerActiveHourMinor: 0,
        reviewPayPerReviewMinor: 0,
        reviewPayPerHourMinor: 0,
        trainingPayPerHourMinor: 0,
        platformFeeBps: 0,
        vendorMarkupBps: 0,
        payRejected: true,
      },
      { id: seeded.admin.id, now },
    );
    return seeded;
  }

  async function judge(p: Project, annotator: User, value: unknown, at: number) {
    const lease = await leaseNextTask(database, { project: p, annotator, now: at });
    if (!lease) throw new Error("nothing to lease");
    await submitJudgment(database, {
      project: p,
      assignmentId: lease.id,
      annotatorId: annotator.id,
      value,
      activeMs: 5000,
      clientKey: `k${at}-${annotator.id}`,
      now: at,
    });
  }

  const verdicts = (projectId: number) =>
    database.db
      .selectFrom("judgments")
      .select(["verdict", "verdict_by", "verdict_reason"])
      .where("project_id", "=", projectId)
      .orderBy("id")
      .execute();
  const components = async (projectId: number, from: number) =>
    (await summarizeCost(database.db, { from, to: from + HOUR, groupBy: "project", scope: {} })).find(
      (row) => row.key === String(projectId),
    )!;

  it("marks a settled task's judgments by its aggregate, moving no pay into rework", async () => {
    const now = nextDay();
    const { project: p, annotators } = await project(now);
    await judge(p, annotators[0]!, "ok", now + 1);
    await judge(p, annotators[1]!, "spam", now + 2);
    // Not settled yet: no verdict.
    expect((await verdicts(p.id)).map((v) => v.verdict)).toEqual([null, null]);
    await judge(p, annotators[2]!, "ok", now + 3);
    expect(await verdicts(p.id)).toEqual([
      { verdict: "accepted", verdict_by: null, verdict_reason: "aggregate" },
      { verdict: "rejected", verdict_by: null, verdict_reason: "aggregate" },
      { verdict: "accepted", verdict_by: null, verdict_reason: "aggregate" },
    ]);
    const summary = await components(p.id, now);
    expect(summary.components).toMatchObject({ base: 10, overlap: 20, rework: 0 });
    expect(summary.acceptedLabels).toBe(1);
  });

  it("a later review verdict overrides the aggregate's: a rejection moves every judgment's pay into rework", async () => {
    const now = nextDay();
    const { project: p, annotators, admin } = await project(now);
    await judge(p, annotators[0]!, "ok", now + 1);
    await judge(p, annotators[1]!, "spam", now + 2);
    await judge(p, annotators[2]!, "ok", now + 3);
    await database.db.updateTable("tasks").set({ confidence: 0.5 }).where("project_id", "=", p.id).execute();
    await enqueueForReview(database.db, {
      projectId: p.id,
      source: "low_confidence",
      threshold: 0.7,
      limit: 10,
      actorId: admin.id,
      now,
    });
    const reviewer = await newUser(database, { role: "reviewer", now });
    const work = (await claimNextReview(database, { projectId: p.id, reviewerId: reviewer.id, now: now + 4 }))!;
    await decideReview(database, {
      itemId: work.item.id,
      reviewerId: reviewer.id,
      verdict: "reject",
      override: false,
      now: now + 5,
    });
    const marks = await verdicts(p.id);
    expect(marks.map((v) => [v.verdict, v.verdict_reason])).toEqual([
      ["rejected", "review"],
      ["rejected", "review"],
      ["rejected", "review"],
    ]);
    // The judgment the aggregate had rejected is reworked too, once.
    expect((await components(p.id, now)).components).toMatchObject({ base: 0, overlap: 0, rework: 30 });
  });

  it("a re-fit marks the settled tasks' undecided judgments again, and leaves gold and review marks alone", async () => {
    const now = nextDay();
    const { project: p, annotators } = await project(now);
    await judge(p, annotators[0]!, "spam", now + 1);
    await judge(p, annotators[1]!, "spam", now + 2);
    await judge(p, annotators[2]!, "ok", now + 3);
    const ids = (
      await database.db.selectFrom("judgments").select("id").where("project_id", "=", p.id).orderBy("id").execute()
    ).map((j) => j.id);
    // Judgments from before verdicts existed, and one a review decided.
    await database.db
      .updateTable("judgments")
      .set({ verdict: null, verdict_reason: null, verdict_at: null })
      .where("project_id", "=", p.id)
      .execute();
    await database.db
      .updateTable("judgments")
      .set({ verdict: "accepted", verdict_reason: "review", verdict_at: now })
      .where("id", "=", ids[2]!)
      .execute();
    await refitProject(database.db, p, now + 10);
    expect((await verdicts(p.id)).map((v) => [v.verdict, v.verdict_reason])).toEqual([
      ["accepted", "aggregate"],
      ["accepted", "aggregate"],
      ["accepted", "review"],
    ]);
  });

  it("judges only answers that are classes: a free text task's judgments stay undecided", async () => {
    const now = nextDay();
    const { project: p, annotators } = await project(now, { type: "free_text" });
    await judge(p, annotators[0]!, "a cat", now + 1);
    await judge(p, annotators[1]!, "a cat", now + 2);
    await judge(p, annotators[2]!, "a dog", now + 3);
    const status = await database.db.selectFrom("tasks").select("status").where("project_id", "=", p.id).execute();
    expect(status.map((s) => s.status)).toEqual(["done"]);
    expect((await verdicts(p.id)).map((v) => v.verdict)).toEqual([null, null, null]);
  });

  it("compares a rating as the number it is stored as", async () => {
    const now = nextDay();
    const { project: p, annotators } = await project(now, { type: "rating", min: 1, max: 5 });
    await judge(p, annotators[0]!, 4, now + 1);
    await judge(p, annotators[1]!, 2, now + 2);
    await judge(p, annotators[2]!, 4, now + 3);
    expect((await verdicts(p.id)).map((v) => v.verdict)).toEqual(["accepted", "rejected", "accepted"]);
  });
});
