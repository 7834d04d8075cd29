import { parseLabelSchema } from "@quorum/core";
import {
  changeTier,
  type Database,
  endLease,
  evaluateTiers,
  getUser,
  leaseNextTask,
  missedGoldQuery,
  newAnnotator,
  newUser,
  readCoaching,
  readScorecard,
  recordPresence,
  reverseTierChange,
  seedProject,
  submitJudgment,
  testTargets,
  tierOf,
} from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tierRouting from "./migrations/20261203020000-tier-routing.js";

const targets = await testTargets();
const HOUR = 3_600_000;
const MONDAY = Date.UTC(2026, 10, 23); // a Monday, 00:00 UTC
const NOW = MONDAY + 14 * 24 * HOUR;

describe.each(targets)("presence, scorecard and tiers on $dialect", (target) => {
  let database: Database;

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  async function hourRow(projectId: number, annotatorId: number, hour: number, values: Record<string, number>) {
    await database.db
      .insertInto("activity_hourly")
      .values({
        project_id: projectId,
        annotator_id: annotatorId,
        hour,
        judgments: 0,
        active_ms: 0,
        gold_answered: 0,
        gold_correct: 0,
        ...values,
      })
      .execute();
  }

  it("counts a minute of presence once, however many heartbeats arrive in it", async () => {
    const person = await newAnnotator(database);
    const at = MONDAY + 9 * HOUR;
    for (const offset of [0, 10_000, 59_999, 0]) await recordPresence(database.db, person.id, at + offset);
    await recordPresence(database.db, person.id, at + 60_000);
    await recordPresence(database.db, person.id, at + 14 * 60_000 + 30_000);
    await recordPresence(database.db, person.id, at + 15 * 60_000); // the next quarter hour
    const rows = await database.db
      .selectFrom("presence_buckets")
      .select(["bucket_start", "minutes", "minute_mask"])
      .where("user_id", "=", person.id)
      .orderBy("bucket_start")
      .execute();
    expect(rows.map((r) => [Number(r.bucket_start) - at, Number(r.minutes), Number(r.minute_mask)])).toEqual([
      [0, 3, 0b100000000000011],
      [15 * 60_000, 1, 1],
    ]);
  });

  it("builds the scorecard of a hand-seeded week from the roll-ups and presence", async () => {
    const { project, annotators } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] }),
      annotators: 1,
    });
    const person = annotators[0]!;
    await database.db.updateTable("users").set({ time_zone: "Asia/Tokyo" }).where("id", "=", person.id).execute();
    // Monday 09:00 and 10:00 UTC: 40 judgments, 30 min active, 20 gold of which 18 right, 2 skips, 2 expiries.
    await hourRow(project.id, person.id, MONDAY + 9 * HOUR, {
      judgments: 30,
      active_ms: 20 * 60_000,
      gold_answered: 15,
      gold_correct: 14,
      skipped: 2,
    });
    await hourRow(project.id, person.id, MONDAY + 10 * HOUR, {
      judgments: 10,
      active_ms: 10 * 60_000,
      gold_answered: 5,
      gold_correct: 4,
      expired: 2,
    });
    // One hour logged in (4 full quarter hours), by heartbeats every minute.
    for (let minute = 0; minute < 60; minute++)
      await recordPresence(database.db, person.id, MONDAY + 9 * HOUR + minute * 60_000 + 5_000);
    // Sunday 20:00 UTC is Monday 05:00 in Tokyo: the week of 23 November there.
    await hourRow(project.id, person.id, MONDAY - 4 * HOUR, { judgments: 4, active_ms: 4 * 60_000 });

    const card = await readScorecard(database.db, { person, weeks: 4, now: NOW, ownView: false });
    expect(card.timeZone).toBe("Asia/Tokyo");
    expect(card.weeks.map((w) => w.week)).toEqual(["2026-11-23"]);
    const t = card.totals;
    expect(t.judgments).toBe(44);
    expect(t.averageHandlingMs).toBe((34 * 60_000) / 44);
    expect(t.gold).toMatchObject({ answered: 20, correct: 18, accuracy: 0.9 });
    // Wilson 95% for 18/20 by hand: 0.6990 – 0.9721.
    expect(t.gold.lower).toBeCloseTo(0.699, 3);
    expect(t.gold.upper).toBeCloseTo(0.9721, 3);
    expect(t.presentMs).toBe(HOUR);
    // 34 active minutes in 60 logged in.
    expect(t.utilisation).toBeCloseTo(34 / 60, 9);
    // 44 answered + 2 skipped + 2 expired.
    expect(t.skipRate).toBeCloseTo(2 / 48, 9);
    expect(t.expiryRate).toBeCloseTo(2 / 48, 9);

    // The project hides gold feedback by default: the person's own card shows no gold counts.
    const own = await readScorecard(database.db, { person, weeks: 4, now: NOW, ownView: true });
    expect(own.totals.gold.answered).toBe(0);
    expect(own.totals.judgments).toBe(44);
  });

  it("counts skipped and expired leases in the hourly roll-up", async () => {
    const { project, annotators } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] }),
      tasks: [{ data: { text: "a" } }, { data: { text: "b" } }, { data: { text: "c" } }],
      annotators: 1,
      leaseSeconds: 60,
    });
    const person = annotators[0]!;
    const first = await leaseNextTask(database, { project, annotator: person, now: NOW });
    await endLease(database.db, { assignmentId: first!.id, annotatorId: person.id, outcome: "skipped", now: NOW });
    const second = await leaseNextTask(database, { project, annotator: person, now: NOW + 1000 });
    await expect(
      submitJudgment(database, {
        project,
        assignmentId: second!.id,
        annotatorId: person.id,
        value: "ok",
        activeMs: 1000,
        clientKey: "late",
        now: NOW + 120_000,
      }),
    ).rejects.toMatchObject({ code: "lease_expired" });
    const third = await leaseNextTask(database, { project, annotator: person, now: NOW + 130_000 });
    // Runs out unanswered; the next lease request reclaims it.
    await leaseNextTask(database, { project, annotator: person, now: NOW + 400_000 });
    expect(third).toBeDefined();
    const card = await readScorecard(database.db, { person, weeks: 1, now: NOW + HOUR, ownView: false });
    expect(card.totals).toMatchObject({ skipped: 1, expired: 2, judgments: 0 });
  });

  it("promotes on the lower bound, demotes on the upper bound, logs each change and undoes the latest", async () => {
    const manager = await newUser(database, { role: "manager" });
    const { project, annotators } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] }),
      annotators: 2,
    });
    const [good, weak] = annotators as [(typeof annotators)[0], (typeof annotators)[0]];
    // 28/30: lower bound 78.7% ≥ 75% → standard. 16/30 as an expert: upper 69.8% < 85% → standard.
    await hourRow(project.id, good!.id, NOW - 2 * HOUR, { judgments: 30, gold_answered: 30, gold_correct: 28 });
    await hourRow(project.id, weak!.id, NOW - 2 * HOUR, { judgments: 30, gold_answered: 30, gold_correct: 16 });
    await changeTier(database.db, {
      userId: weak!.id,
      tier: "expert",
      reason: "hired as expert",
      actorId: manager.id,
      now: NOW - HOUR,
    });

    const changes = await evaluateTiers(database.db, { days: 28, now: NOW, actorId: null });
    const byUser = Object.fromEntries(changes.map((c) => [c.userId, [c.from, c.to]]));
    expect(byUser[good!.id]).toEqual(["trainee", "standard"]);
    expect(byUser[weak!.id]).toEqual(["expert", "standard"]);
    expect(await tierOf(database.db, good!.id)).toBe("standard");
    // Again: 28/30 is no expert (lower 78.7% < 90%); 16/30 is below standard too (upper 69.8% < 70%).
    const again = await evaluateTiers(database.db, { days: 28, now: NOW + 1, actorId: null });
    expect(again.map((c) => [c.userId, c.to])).toEqual([[weak!.id, "trainee"]]);

    // Undo: only the latest change in force.
    const card = await readScorecard(database.db, { person: weak!, weeks: 4, now: NOW + 2, ownView: false });
    expect(card.tierChanges.map((c) => c.to)).toEqual(["trainee", "standard", "expert"]);
    const [latest, earlier] = card.tierChanges;
    await expect(
      reverseTierChange(database.db, { userId: weak!.id, changeId: earlier!.id, actorId: manager.id, now: NOW + 3 }),
    ).rejects.toMatchObject({ code: "undo_unavailable" });
    await reverseTierChange(database.db, { userId: weak!.id, changeId: latest!.id, actorId: manager.id, now: NOW + 3 });
    expect(await tierOf(database.db, weak!.id)).toBe("standard");
    await expect(
      reverseTierChange(database.db, { userId: weak!.id, changeId: latest!.id, actorId: manager.id, now: NOW + 4 }),
    ).rejects.toMatchObject({ code: "undo_unavailable" });
    const audit = await database.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "like", "tier.%")
      .execute();
    expect(audit.map((a) => a.action).filter((a) => a === "tier.reverse")).toHaveLength(1);
  });

  it("reads a person's hours and missed gold through their indexes", async () => {
    const plan = async (compiled: { sql: string; parameters: readonly unknown[] }) => {
      const text = inline(compiled.sql, compiled.parameters);
      if (database.dialect === "sqlite") {
        const rows = (await sql.raw(`explain query plan ${text}`).execute(database.db)).rows as Record<
          string,
          unknown
        >[];
        return rows.map((r) => String(r.detail)).join("\n");
      }
      // Tiny test tables are cheaper to scan; forbid that to see whether the index can serve the query.
      return database.db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        const rows = (await sql.raw(`explain ${text}`).execute(trx)).rows as Record<string, unknown>[];
        return rows.map((r) => String(r["QUERY PLAN"])).join("\n");
      });
    };
    const missed = await plan(missedGoldQuery(database.db, 7, 100).compile());
    const hours = await plan(
      database.db
        .selectFrom("activity_hourly")
        .selectAll()
        .where("annotator_id", "=", 7)
        .where("hour", ">=", 0)
        .compile(),
    );
    if (database.dialect === "sqlite") {
      expect(missed).toMatch(/SEARCH j USING INDEX judgments_gold_missed/);
      expect(missed).not.toContain("USE TEMP B-TREE");
      expect(hours).toMatch(/USING INDEX activity_hourly_annotator/);
    } else {
      expect(missed).toMatch(/Index Scan (Backward )?using judgments_gold_missed/);
      expect(hours).toMatch(/activity_hourly_annotator/);
    }
  });

  it("groups missed gold by label, and shows a person only the misses they were given feedback on", async () => {
    const { project, annotators } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] }),
      guidelines: "# Spam\nAds are spam.\n# Ok\nEverything else.",
      goldPolicy: { share: 0, onboarding: 0, feedback: { onboarding: true, hidden: false } },
      tasks: [
        { data: { text: "buy now" }, gold: "spam", goldExplanation: "An ad: see Spam." },
        { data: { text: "win cash" }, gold: "spam", goldExplanation: "Also an ad (Spam)." },
        { data: { text: "hello" }, gold: "ok" },
      ],
      annotators: 1,
    });
    const person = annotators[0]!;
    for (let i = 0; i < 3; i++) {
      const lease = await leaseNextTask(database, { project, annotator: person, now: NOW + i });
      const text = (lease!.task.data as { text: string }).text;
      await submitJudgment(database, {
        project,
        assignmentId: lease!.id,
        annotatorId: person.id,
        value: text === "hello" ? "spam" : "ok",
        activeMs: 1000,
        clientKey: `k${i}`,
        now: NOW + i,
      });
    }
    const staff = await readCoaching(database.db, { userId: person.id, ownView: false });
    expect(staff.groups.map((g) => [g.label, g.section, g.items.length])).toEqual([
      ["spam", "Spam", 2],
      ["ok", null, 1],
    ]);
    expect(staff.groups[0]!.items[0]).toMatchObject({ answer: "ok", gold: "spam" });
    // Served from the ordinary queue (hidden), and the project gives no feedback on hidden gold.
    const own = await readCoaching(database.db, { userId: person.id, ownView: true });
    expect(own.groups).toEqual([]);
    expect(own.withheld).toBe(3);
  });

  // Last in this block: it takes the schema down and up again.
  it("keeps the tier on the account; the tier-routing migration carries recorded tiers down and up again", async () => {
    const manager = await newUser(database, { role: "manager" });
    const person = await newAnnotator(database);
    expect((await getUser(database.db, person.id))?.tier).toBe("trainee");
    await changeTier(database.db, { userId: person.id, tier: "expert", reason: "x", actorId: manager.id, now: NOW });
    expect((await getUser(database.db, person.id))?.tier).toBe("expert");

    await tierRouting.down(database.db as never);
    const kept = await sql<{ user_id: number; tier: string; updated_at: number }>`
      select user_id, tier, updated_at from user_tiers where user_id = ${person.id}`.execute(database.db);
    expect(kept.rows.map((r) => [Number(r.user_id), r.tier, Number(r.updated_at)])).toEqual([
      [person.id, "expert", NOW],
    ]);
    await tierRouting.up(database.db as never);
    expect(await tierOf(database.db, person.id)).toBe("expert");
    expect(await tierOf(database.db, manager.id)).toBe("trainee");
  });
});

/** Inlines parameters into SQL for EXPLAIN (test only: parameters are numbers and plain strings). */
function inline(text: string, parameters: readonly unknown[]): string {
  let i = 0;
  const literal = (value: unknown) =>
    typeof value === "number" ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
  return text
    .replace(/\$(\d+)/g, (_, n) => literal(parameters[Number(n) - 1]))
    .replace(/\?/g, () => literal(parameters[i++]));
}
