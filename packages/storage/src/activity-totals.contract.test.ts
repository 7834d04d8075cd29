import { mulberry32, type Project, parseLabelSchema, type User } from "@quorum/core";
import {
  claimNextReview,
  type Database,
  decideReview,
  endLease,
  enqueueForReview,
  eraseUser,
  foldActivityTotals,
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
import * as closedHoursTotals from "./migrations/20261204010000-totals-activity-folds.js";
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
  async function project(seed: number, createdAt = start) {
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
      now: createdAt,
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
    // The folded totals hold exactly the hours before the watermark.
    const stored = await storedActivityTotals(database.db, projectId);
    expect(stored.totals).toEqual(await recountActivityTotals(database.db, projectId, stored.foldedUntil));
  }

  /** Folds the hours closed at `now` when `folding`; the stats must not tell. */
  async function fold(folding: boolean, now: number) {
    if (folding) await foldActivityTotals(database.db, { now });
  }

  /** A failed gold answer rejected by the gold check, from before `before`. */
  async function failedGold(projectId: number, before: number) {
    const failed = await database.db
      .selectFrom("judgments")
      .select("id")
      .where("project_id", "=", projectId)
      .where("gold_correct", "=", 0)
      .where("verdict", "=", "rejected")
      .where("created_at", "<", before)
      .executeTakeFirst();
    expect(failed).toBeDefined();
    return failed!.id;
  }

  /** An appeal upholds the failed gold answer `judgmentId`: it is regraded as correct in its hour. */
  async function upholdAppeal(p: { project: Project; admin: User }, judgmentId: number, now: number) {
    const correct = async () => (await projectStats(database.db, p.project.id, now)).goldAccuracy.correct;
    const before = await correct();
    await database.db
      .transaction()
      .execute((trx) =>
        reverseRejection(trx, database, { projectId: p.project.id, judgmentId, actorId: p.admin.id, now }),
      );
    expect(await correct()).toBe(before + 1);
  }

  it.each([
    { folding: false, seed: 1 },
    { folding: true, seed: 5 },
  ])(
    "equal a recount of the judgments after judgments, skips, expiry, review, undo, an appeal and erasure (folding: $folding)",
    async ({ folding, seed }) => {
      const p = await project(seed);
      await work(p, 60, start + 1000);
      let now = start + 60 * 17 * 60_000;
      await fold(folding, now);
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
      await fold(folding, now);

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

      // An appeal upholds a failed gold answer: it is regraded as correct in its (folded) hour.
      await upholdAppeal(p, await failedGold(p.project.id, now), now + 4500);
      await expectStatsRecounted(p.project.id, now + 5000);

      // Erasure keeps the judgments (and so the totals) under the erased account.
      await eraseUser(database, { userId: p.annotators[0]!.id, actorId: p.admin.id, now: now + 6000 });
      await expectStatsRecounted(p.project.id, now + 7000);

      // More work in the current hour shows in each annotator's last hour.
      await work(p, 20, now + 8000);
      await expectStatsRecounted(p.project.id, now + 8000 + 20 * 17 * 60_000);
      await fold(folding, now + 8000 + 20 * 17 * 60_000);
      await expectStatsRecounted(p.project.id, now + 8000 + 20 * 17 * 60_000);
    },
  );

  it("equal a recount when hours are folded, written again, regraded on appeal and erased, and folded again", async () => {
    const p = await project(4);
    await work(p, 3, start + 1000);
    await expectStatsRecounted(p.project.id, start + 50 * 60_000);
    // The first hour closes and is folded; folding it again changes nothing.
    expect(await foldActivityTotals(database.db, { now: start + HOUR + 1000 })).toBeGreaterThanOrEqual(1);
    const first = await storedActivityTotals(database.db, p.project.id);
    expect(first.foldedUntil).toBe(start + HOUR);
    expect(first.totals.length).toBeGreaterThan(0);
    expect(await foldActivityTotals(database.db, { now: start + HOUR + 2000 })).toBe(0);
    expect(await storedActivityTotals(database.db, p.project.id)).toEqual(first);
    await expectStatsRecounted(p.project.id, start + HOUR + 2000);

    // A late judgment in the folded hour (a clock behind), then work over the next hours.
    await work(p, 1, start + 55 * 60_000);
    await work(p, 20, start + HOUR + 3000);
    const later = start + HOUR + 3000 + 20 * 17 * 60_000;
    await expectStatsRecounted(p.project.id, later);
    await foldActivityTotals(database.db, { now: later - 2 * HOUR });
    await expectStatsRecounted(p.project.id, later);

    // Changes to folded hours: an appeal regrade and an erasure; then the rest is folded.
    await upholdAppeal(p, await failedGold(p.project.id, later - 3 * HOUR), later);
    await expectStatsRecounted(p.project.id, later);
    await eraseUser(database, { userId: p.annotators[1]!.id, actorId: p.admin.id, now: later });
    await expectStatsRecounted(p.project.id, later);
    await foldActivityTotals(database.db, { now: later + HOUR });
    expect((await storedActivityTotals(database.db, p.project.id)).foldedUntil).toBe(
      Math.floor(later / HOUR) * HOUR + HOUR,
    );
    await expectStatsRecounted(p.project.id, later + HOUR);
  });

  it("equal a recount when annotators submit at the same time, and while their hour is folded", async () => {
    const p = await project(2);
    for (let round = 0; round < 4; round++)
      await Promise.all([
        // Two folds of the hour being written (from server clocks ahead), as two processes would.
        foldActivityTotals(database.db, { now: start + (round + 1) * HOUR }),
        foldActivityTotals(database.db, { now: start + (round + 1) * HOUR }),
        ...p.annotators.map(async (annotator, n) => {
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
      ]);
    await expectStatsRecounted(p.project.id, start + 4 * HOUR);
    expect((await storedActivityTotals(database.db, p.project.id)).foldedUntil).toBe(start + 4 * HOUR);
  });

  it("are rebuilt from the hourly roll-up, and follow a folded hourly row moved or deleted by hand", async () => {
    const p = await project(3);
    await work(p, 30, start + 1000);
    const rebuiltAt = start + 30 * 17 * 60_000;
    await foldActivityTotals(database.db, { now: rebuiltAt });
    const right = (await storedActivityTotals(database.db, p.project.id)).totals;
    expect(right.length).toBeGreaterThan(0);
    await database.db
      .updateTable("activity_totals")
      .set({ judgments: 999 })
      .where("project_id", "=", p.project.id)
      .execute();
    await database.db.transaction().execute((trx) => rebuildActivityTotals(trx, p.project.id, rebuiltAt));
    expect(await storedActivityTotals(database.db, p.project.id)).toEqual({
      foldedUntil: Math.floor(rebuiltAt / HOUR) * HOUR,
      totals: right,
    });

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
    expect((await storedActivityTotals(database.db, p.project.id)).totals.some((t) => t.annotatorId === to.id)).toBe(
      true,
    );
    await database.db
      .deleteFrom("activity_hourly")
      .where("project_id", "=", p.project.id)
      .where("annotator_id", "=", from)
      .execute();
    const moved = await storedActivityTotals(database.db, p.project.id);
    expect(moved.totals.filter((t) => t.judgments !== 0 || t.activeMs !== 0)).toEqual(
      (await recountActivityTotals(database.db, p.project.id, moved.foldedUntil)).filter(
        (t) => t.judgments !== 0 || t.activeMs !== 0,
      ),
    );
  });

  it("come out right when the watermark is migrated in over existing data, and back out", async () => {
    const migrate = (step: typeof closedHoursTotals.up) =>
      database.db.transaction().execute((trx) => step(trx as unknown as Parameters<typeof step>[0]));
    // Work over the last six hours, up to the current one: some of it closed, some not.
    const past = Math.floor(Date.now() / HOUR) * HOUR - 6 * HOUR;
    const p = await project(6, past);
    await work(p, 20, past + 1000);
    await foldActivityTotals(database.db, { now: past + 3 * HOUR });

    // Back to totals of every hour, kept by the previous triggers, and more work under them.
    await migrate(closedHoursTotals.down);
    await work(p, 2, past + 6 * HOUR + 1000);
    const everyHour = await database.db
      .selectFrom("activity_totals")
      .select(["annotator_id as annotatorId", "judgments", "active_ms as activeMs"])
      .select(["gold_answered as goldAnswered", "gold_correct as goldCorrect"])
      .where("project_id", "=", p.project.id)
      .orderBy("annotator_id")
      .execute();
    expect(everyHour.map((t) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Number(v)])))).toEqual(
      await recountActivityTotals(database.db, p.project.id),
    );

    // Up again: every hour before the current one is folded.
    await migrate(closedHoursTotals.up);
    const now = Date.now();
    expect((await storedActivityTotals(database.db, p.project.id)).foldedUntil).toBe(Math.floor(now / HOUR) * HOUR);
    await expectStatsRecounted(p.project.id, now);
    await work(p, 2, now);
    await expectStatsRecounted(p.project.id, now + 2 * 17 * 60_000);
  });
});
