import { mulberry32, type Project, parseLabelSchema, type User } from "@quorum/core";
import {
  claimNextReview,
  type Database,
  decideReview,
  endLease,
  enqueueForReview,
  eraseUser,
  leaseNextTask,
  newUser,
  projectStats,
  rebuildActivityTotals,
  reclaimExpiredLeases,
  recountActivityTotals,
  seedProject,
  storedActivityTotals,
  submitJudgment,
  testTargets,
  undoReview,
} from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reverseRejection } from "./use-cases/reverse-rejection.js";

const targets = await testTargets();
const LABELS = ["yes", "no", "maybe"];
const HOUR = 3_600_000;

describe.each(targets)("activity totals on $dialect", (target) => {
  let database: Database;
  // Work spread over three days, so the totals sum many hourly rows.
  const start = 1_800_000_000_000;

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  /** 30 tasks, every third a gold control (always served), and 5 annotators. */
  async function project(seed: number) {
    const seeded = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: LABELS }),
      overlap: 2,
      leaseSeconds: 60,
      goldPolicy: { share: 0.3, onboarding: 0, feedback: { onboarding: true, hidden: false } },
      tasks: Array.from({ length: 30 }, (_, i) => ({
        data: { text: `task ${i}` },
        ...(i % 3 === 0 ? { gold: LABELS[i % 2]! } : {}),
      })),
      annotators: 5,
      now: start,
    });
    return { ...seeded, next: mulberry32(seed) };
  }

  /** `rounds` leases an hour apart-ish, each judged, skipped or left to expire at random. */
  async function work(p: { project: Project; annotators: User[]; next: () => number }, rounds: number, from: number) {
    for (let round = 0; round < rounds; round++) {
      const at = from + round * 17 * 60_000;
      const annotator = p.annotators[Math.floor(p.next() * p.annotators.length)]!;
      const lease = await leaseNextTask(database, { project: p.project, annotator, now: at });
      if (!lease) continue;
      const fate = p.next();
      if (fate < 0.75)
        await submitJudgment(database, {
          project: p.project,
          assignmentId: lease.id,
          annotatorId: annotator.id,
          value: LABELS[Math.floor(p.next() * LABELS.length)]!,
          activeMs: 1000 + Math.floor(p.next() * 9000),
          clientKey: `c-${from}-${round}`,
          now: at + 1000,
        });
      else if (fate < 0.9)
        await endLease(database.db, { assignmentId: lease.id, annotatorId: annotator.id, outcome: "skipped", now: at });
    }
  }

  /** Per-annotator figures recounted from the raw judgments (the hourly roll-up left aside). */
  async function recountFromJudgments(projectId: number, currentHour: number) {
    const rows = await sql<{
      id: number;
      judgments: number;
      active_ms: number;
      gold_answered: number;
      gold_correct: number;
      last_hour: number;
    }>`select annotator_id as id, count(*) as judgments, sum(active_ms) as active_ms,
        sum(case when gold_correct is null then 0 else 1 end) as gold_answered,
        sum(coalesce(gold_correct, 0)) as gold_correct,
        sum(case when created_at >= ${currentHour} then 1 else 0 end) as last_hour
      from judgments where project_id = ${projectId} group by annotator_id`.execute(database.db);
    return rows.rows
      .map((r) => ({
        id: Number(r.id),
        judgments: Number(r.judgments),
        activeMs: Number(r.active_ms),
        goldAnswered: Number(r.gold_answered),
        goldCorrect: Number(r.gold_correct),
        lastHour: Number(r.last_hour),
      }))
      .sort((a, b) => b.judgments - a.judgments || a.id - b.id);
  }

  /** The stats' per-annotator figures and sums equal a recount from the judgments themselves. */
  async function expectStatsRecounted(projectId: number, now: number) {
    const stats = await projectStats(database.db, projectId, now);
    const recount = await recountFromJudgments(projectId, Math.floor(now / HOUR) * HOUR);
    const judged = stats.annotators.filter((a) => a.judgments > 0).map(({ name: _name, ...figures }) => figures);
    expect(judged).toEqual(recount);
    // Annotators who only skipped or let leases run out are listed at zero, after everyone else.
    for (const idle of stats.annotators.filter((a) => a.judgments === 0))
      expect(idle).toMatchObject({ activeMs: 0, goldAnswered: 0, goldCorrect: 0, lastHour: 0 });
    expect(stats.annotators.slice(0, judged.length).every((a) => a.judgments > 0)).toBe(true);
    expect(stats.judgments.total).toBe(recount.reduce((n, r) => n + r.judgments, 0));
    expect(stats.goldAccuracy).toEqual({
      answered: recount.reduce((n, r) => n + r.goldAnswered, 0),
      correct: recount.reduce((n, r) => n + r.goldCorrect, 0),
    });
    expect(await storedActivityTotals(database.db, projectId)).toEqual(
      await recountActivityTotals(database.db, projectId),
    );
  }

  it("equal a recount of the judgments after judgments, skips, expiry, review, undo, an appeal and erasure", async () => {
    const p = await project(1);
    await work(p, 60, start + 1000);
    let now = start + 60 * 17 * 60_000;
    await expectStatsRecounted(p.project.id, now);
    const hours = await database.db
      .selectFrom("activity_hourly")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("project_id", "=", p.project.id)
      .executeTakeFirstOrThrow();
    expect(Number(hours.n)).toBeGreaterThan(10);

    now += 10 * 60_000;
    expect(await reclaimExpiredLeases(database.db, p.project.id, now)).toBeGreaterThanOrEqual(0);
    await expectStatsRecounted(p.project.id, now);

    // A review rejects a task's judgments, and the reviewer undoes it.
    const reviewer = await newUser(database, { role: "reviewer", now });
    await enqueueForReview(database.db, {
      projectId: p.project.id,
      source: "low_confidence",
      threshold: 1.01,
      limit: 3,
      actorId: reviewer.id,
      now,
    });
    const item = await claimNextReview(database, { projectId: p.project.id, reviewerId: reviewer.id, now });
    expect(item).toBeDefined();
    await decideReview(database, {
      itemId: item!.item.id,
      reviewerId: reviewer.id,
      verdict: "reject",
      override: false,
      now: now + 1000,
    });
    await expectStatsRecounted(p.project.id, now + 2000);
    await undoReview(database, { itemId: item!.item.id, reviewerId: reviewer.id, now: now + 3000 });
    await expectStatsRecounted(p.project.id, now + 4000);

    // An appeal upholds a failed gold answer: it is regraded as correct in its hour.
    const failed = await database.db
      .selectFrom("judgments")
      .select("id")
      .where("project_id", "=", p.project.id)
      .where("gold_correct", "=", 0)
      .where("verdict", "=", "rejected")
      .executeTakeFirst();
    expect(failed).toBeDefined();
    const before = await storedActivityTotals(database.db, p.project.id);
    await database.db
      .transaction()
      .execute((trx) =>
        reverseRejection(trx, database, { projectId: p.project.id, judgmentId: failed!.id, actorId: p.admin.id, now }),
      );
    const after = await storedActivityTotals(database.db, p.project.id);
    expect(after.reduce((n, a) => n + a.goldCorrect, 0)).toBe(before.reduce((n, a) => n + a.goldCorrect, 0) + 1);
    await expectStatsRecounted(p.project.id, now + 5000);

    // Erasure keeps the judgments (and so the totals) under the erased account.
    await eraseUser(database, { userId: p.annotators[0]!.id, actorId: p.admin.id, now: now + 6000 });
    await expectStatsRecounted(p.project.id, now + 7000);

    // More work in the current hour shows in each annotator's last hour.
    await work(p, 20, now + 8000);
    await expectStatsRecounted(p.project.id, now + 8000 + 20 * 17 * 60_000);
  });

  it("equal a recount when annotators submit at the same time", async () => {
    const p = await project(2);
    for (let round = 0; round < 4; round++)
      await Promise.all(
        p.annotators.map(async (annotator, n) => {
          const at = start + 1000 + round * HOUR + n;
          const lease = await leaseNextTask(database, { project: p.project, annotator, now: at });
          if (!lease) return;
          await submitJudgment(database, {
            project: p.project,
            assignmentId: lease.id,
            annotatorId: annotator.id,
            value: LABELS[(round + n) % LABELS.length]!,
            activeMs: 2000 + n,
            clientKey: `t-${round}-${n}`,
            now: at,
          });
        }),
      );
    await expectStatsRecounted(p.project.id, start + 4 * HOUR);
  });

  it("are rebuilt from the hourly roll-up, and follow an hourly row moved or deleted by hand", async () => {
    const p = await project(3);
    await work(p, 30, start + 1000);
    const right = await storedActivityTotals(database.db, p.project.id);
    expect(right.length).toBeGreaterThan(0);
    await database.db
      .updateTable("activity_totals")
      .set({ judgments: 999 })
      .where("project_id", "=", p.project.id)
      .execute();
    await database.db.transaction().execute((trx) => rebuildActivityTotals(trx, p.project.id));
    expect(await storedActivityTotals(database.db, p.project.id)).toEqual(right);

    // One annotator's first hour handed to a new annotator, the rest deleted: the totals follow.
    const from = right[0]!.annotatorId;
    const to = await newUser(database, { role: "annotator", now: start });
    const first = await database.db
      .selectFrom("activity_hourly")
      .select((eb) => eb.fn.min<number>("hour").as("hour"))
      .where("project_id", "=", p.project.id)
      .where("annotator_id", "=", from)
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable("activity_hourly")
      .set({ annotator_id: to.id })
      .where("project_id", "=", p.project.id)
      .where("annotator_id", "=", from)
      .where("hour", "=", Number(first.hour))
      .execute();
    expect((await storedActivityTotals(database.db, p.project.id)).some((t) => t.annotatorId === to.id)).toBe(true);
    await database.db
      .deleteFrom("activity_hourly")
      .where("project_id", "=", p.project.id)
      .where("annotator_id", "=", from)
      .execute();
    const moved = await storedActivityTotals(database.db, p.project.id);
    expect(moved.filter((t) => t.judgments !== 0 || t.activeMs !== 0)).toEqual(
      (await recountActivityTotals(database.db, p.project.id)).filter((t) => t.judgments !== 0 || t.activeMs !== 0),
    );
  });
});
