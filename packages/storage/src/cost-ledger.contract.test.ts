import { type Project, parseLabelSchema, RATE_CARD_DEFAULTS, type User } from "@quorum/core";
import {
  claimNextReview,
  costSummaryQuery,
  countUnpricedJudgments,
  type Database,
  decideReview,
  enqueueForReview,
  insertRateCard,
  leaseNextTask,
  newUser,
  type RateCardInput,
  seedProject,
  submitJudgment,
  summarizeCost,
  testTargets,
  undoReview,
  updateProject,
} from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();
const HOUR = 3_600_000;

/** A card of core's defaults (nothing paid) with `fields` set. */
function card(fields: Partial<RateCardInput> & Pick<RateCardInput, "effectiveFrom">): RateCardInput {
  return { ...RATE_CARD_DEFAULTS, currency: "USD", ...fields };
}

describe.each(targets)("cost ledger on $dialect", (target) => {
  let database: Database;
  // Each test works in its own day, so a card of every project in one test prices nothing in another.
  let day = 0;
  const nextDay = () => 1_900_000_000_000 + ++day * 24 * HOUR;

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  const ledger = (projectId: number) =>
    database.db.selectFrom("cost_ledger").selectAll().where("project_id", "=", projectId).orderBy("id").execute();

  async function project(options: {
    now: number;
    overlap?: number;
    tasks?: number;
    language?: string;
    businessUnit?: string;
  }) {
    return seedProject(database, {
      name: `cost ${options.now}`,
      schema: parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] }),
      overlap: options.overlap ?? 1,
      ...(options.businessUnit ? { businessUnit: options.businessUnit } : {}),
      tasks: Array.from({ length: options.tasks ?? 1 }, (_, i) => ({
        data: { text: `t${i}`, ...(options.language ? { language: options.language } : {}) },
      })),
      annotators: [
        { languages: ["en", "de"], vendor: "acme" },
        { languages: ["en", "de"], vendor: "acme" },
      ],
      now: options.now,
    });
  }

  async function judge(p: Project, annotator: User, value: string, at: number, clientKey = `k${at}-${annotator.id}`) {
    const lease = await leaseNextTask(database, { project: p, annotator, now: at });
    if (!lease) throw new Error("nothing to lease");
    return submitJudgment(database, {
      project: p,
      assignmentId: lease.id,
      annotatorId: annotator.id,
      value,
      activeMs: 5000,
      clientKey,
      now: at,
    });
  }

  it("pays a judgment once: a retried submission writes no second row", async () => {
    const now = nextDay();
    const { project: p, annotators, admin } = await project({ now });
    // 10¢ per judgment + $36/h × 5 s = 5¢; fee 10% of 15¢ = 1.5¢, half to even → 2¢.
    await insertRateCard(
      database,
      card({
        projectId: p.id,
        effectiveFrom: now,
        payPerJudgmentMinor: 10,
        payPerActiveHourMinor: 3600,
        platformFeeBps: 1000,
      }),
      { id: admin.id, now },
    );
    const first = await judge(p, annotators[0]!, "ok", now + 1, "same");
    const lease = await database.db
      .selectFrom("assignments")
      .select("id")
      .where("project_id", "=", p.id)
      .executeTakeFirstOrThrow();
    const retry = await submitJudgment(database, {
      project: p,
      assignmentId: lease.id,
      annotatorId: annotators[0]!.id,
      value: "ok",
      activeMs: 5000,
      clientKey: "same",
      now: now + 2,
    });
    expect(retry.created).toBe(false);
    const rows = await ledger(p.id);
    expect(rows.map((r) => [r.kind, r.component, r.amount_minor, r.accepted_labels, r.judgments])).toEqual([
      ["judgment", "base", 15, 1, 1],
      ["fee", "fees", 2, 0, 0],
    ]);
    expect(rows[0]).toMatchObject({
      judgment_id: first.judgment.id,
      annotator_id: annotators[0]!.id,
      vendor: "acme",
      task_type: "single_choice",
      currency: "USD",
      active_ms: 5000,
    });
  });

  it("prices by the most specific card in force: project + language beats project beats any", async () => {
    const now = nextDay();
    const { project: p, annotators, admin } = await project({ now, tasks: 3, language: "de" });
    const actor = { id: admin.id, now };
    await insertRateCard(
      database,
      card({ effectiveFrom: now, effectiveTo: now + HOUR, payPerJudgmentMinor: 100 }),
      actor,
    );
    await judge(p, annotators[0]!, "ok", now + 10);
    await insertRateCard(database, card({ projectId: p.id, effectiveFrom: now, payPerJudgmentMinor: 50 }), actor);
    await judge(p, annotators[0]!, "ok", now + 20);
    await insertRateCard(
      database,
      card({ projectId: p.id, language: "de", effectiveFrom: now, payPerJudgmentMinor: 20 }),
      actor,
    );
    // A card for another language, and one that has ended, never apply.
    await insertRateCard(
      database,
      card({ projectId: p.id, language: "fr", effectiveFrom: now, payPerJudgmentMinor: 1 }),
      actor,
    );
    await insertRateCard(
      database,
      card({
        projectId: p.id,
        language: "de",
        vendor: "acme",
        effectiveFrom: now,
        effectiveTo: now + 25,
        payPerJudgmentMinor: 2,
      }),
      actor,
    );
    await judge(p, annotators[0]!, "ok", now + 30);
    expect((await ledger(p.id)).map((r) => r.amount_minor)).toEqual([100, 50, 20]);
    expect((await ledger(p.id)).every((r) => r.language === "de")).toBe(true);
  });

  it("keeps the dimensions as they were: a project moved to another business unit and renamed keeps its history", async () => {
    const now = nextDay();
    const { project: p, annotators, admin } = await project({ now, tasks: 2, businessUnit: `Search ${now}` });
    await insertRateCard(database, card({ projectId: p.id, effectiveFrom: now, payPerJudgmentMinor: 10 }), {
      id: admin.id,
      now,
    });
    await judge(p, annotators[0]!, "ok", now + 1);
    const moved = (await updateProject(
      database.db,
      p.id,
      { businessUnit: `Ads ${now}`, name: "renamed" },
      admin.id,
      now + 2,
    ))!;
    await judge(moved, annotators[0]!, "ok", now + 3);
    const units = await database.db
      .selectFrom("business_units")
      .select(["id", "name"])
      .where("name", "like", `% ${now}`)
      .execute();
    const idOf = (name: string) => String(units.find((u) => u.name === name)!.id);
    const rows = await summarizeCost(database.db, { from: now, to: now + HOUR, groupBy: "businessUnit", scope: {} });
    expect(rows.map((r) => [r.key, r.label, r.total, r.acceptedLabels])).toEqual(
      [
        [idOf(`Search ${now}`), `Search ${now}`, 10, 1],
        [idOf(`Ads ${now}`), `Ads ${now}`, 10, 1],
      ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
    );
  });

  async function reviewed(options: { payRejected: boolean }) {
    const now = nextDay();
    const { project: p, annotators, admin } = await project({ now, overlap: 2 });
    await insertRateCard(
      database,
      card({
        projectId: p.id,
        effectiveFrom: now,
        payPerJudgmentMinor: 10,
        vendorMarkupBps: 1000,
        reviewPayPerReviewMinor: 7,
        payRejected: options.payRejected,
      }),
      { id: admin.id, now },
    );
    await judge(p, annotators[0]!, "ok", now + 1);
    await judge(p, annotators[1]!, "ok", now + 2);
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
    const work = (await claimNextReview(database, { projectId: p.id, reviewerId: reviewer.id, now: now + 3 }))!;
    return { p, now, reviewer, work };
  }

  const components = async (_p: Project, from: number) =>
    (await summarizeCost(database.db, { from, to: from + HOUR, groupBy: "project", scope: {} }))[0]!;

  it("a rejection moves the judgments' pay into rework by new rows, and an undo takes them back", async () => {
    const { p, now, reviewer, work } = await reviewed({ payRejected: true });
    const before = await ledger(p.id);
    expect((await components(p, now)).components).toMatchObject({ base: 10, overlap: 10, fees: 2, rework: 0 });
    await decideReview(database, {
      itemId: work.item.id,
      reviewerId: reviewer.id,
      verdict: "reject",
      activeMs: 60_000,
      override: false,
      now: now + 4,
    });

    const after = await ledger(p.id);
    // Corrections are new rows: the first rows are untouched.
    expect(after.slice(0, before.length)).toEqual(before);
    const summary = await components(p, now);
    expect(summary.components).toEqual({ base: 0, overlap: 0, gold: 0, rework: 20, review: 7, bonus: 0, fees: 2 + 1 });
    expect(summary.total).toBe(30);
    expect(summary.acceptedLabels).toBe(0);
    const verdicts = await database.db
      .selectFrom("judgments")
      .select(["verdict", "verdict_by", "verdict_reason"])
      .where("project_id", "=", p.id)
      .execute();
    expect(verdicts).toEqual([
      { verdict: "rejected", verdict_by: reviewer.id, verdict_reason: "review" },
      { verdict: "rejected", verdict_by: reviewer.id, verdict_reason: "review" },
    ]);

    await undoReview(database, { itemId: work.item.id, reviewerId: reviewer.id, now: now + 5 });
    const undone = await components(p, now);
    expect(undone.components).toEqual({ base: 10, overlap: 10, gold: 0, rework: 0, review: 7, bonus: 0, fees: 3 });
    expect(undone.acceptedLabels).toBe(1);
    // The review's marks are gone; the task is done again, so its aggregate marks the judgments.
    const cleared = await database.db
      .selectFrom("judgments")
      .select(["verdict", "verdict_reason"])
      .where("project_id", "=", p.id)
      .execute();
    expect(cleared.map((j) => [j.verdict, j.verdict_reason])).toEqual([
      ["accepted", "aggregate"],
      ["accepted", "aggregate"],
    ]);
  });

  it("a card that does not pay rejected work takes the pay and its markup back on rejection", async () => {
    const { p, now, reviewer, work } = await reviewed({ payRejected: false });
    await decideReview(database, {
      itemId: work.item.id,
      reviewerId: reviewer.id,
      verdict: "reject",
      override: false,
      now: now + 4,
    });
    const summary = await components(p, now);
    expect(summary.components).toEqual({ base: 0, overlap: 0, gold: 0, rework: 0, review: 7, bonus: 0, fees: 1 });
    expect(summary.total).toBe(8);
  });

  it("a correction accepts the matching judgments, rejects the others and still counts one accepted label", async () => {
    const now = nextDay();
    const { project: p, annotators, admin } = await project({ now, overlap: 2 });
    await insertRateCard(database, card({ projectId: p.id, effectiveFrom: now, payPerJudgmentMinor: 10 }), {
      id: admin.id,
      now,
    });
    await judge(p, annotators[0]!, "ok", now + 1);
    await judge(p, annotators[1]!, "spam", now + 2);
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
    const work = (await claimNextReview(database, { projectId: p.id, reviewerId: reviewer.id, now: now + 3 }))!;
    await decideReview(database, {
      itemId: work.item.id,
      reviewerId: reviewer.id,
      verdict: "correct",
      value: "spam",
      override: false,
      now: now + 4,
    });
    const verdicts = await database.db
      .selectFrom("judgments")
      .select(["annotator_id", "verdict"])
      .where("project_id", "=", p.id)
      .orderBy("id")
      .execute();
    expect(verdicts.map((v) => v.verdict)).toEqual(["rejected", "accepted"]);
    const summary = await components(p, now);
    expect(summary).toMatchObject({ total: 20, acceptedLabels: 1, perAcceptedLabel: 20 });
    expect(summary.components).toMatchObject({ base: 0, overlap: 10, rework: 10 });
  });

  it("writes nothing without a card in force, and counts those judgments as unpriced", async () => {
    const now = nextDay();
    const { project: p, annotators } = await project({ now, tasks: 2 });
    await judge(p, annotators[0]!, "ok", now + 1);
    await judge(p, annotators[0]!, "ok", now + 2);
    expect(await ledger(p.id)).toEqual([]);
    expect(await countUnpricedJudgments(database.db, { from: now, to: now + HOUR, scope: {} })).toBe(2);
  });

  it("marks a failed gold answer rejected (reason gold) and prices it as gold overhead", async () => {
    const now = nextDay();
    const {
      project: p,
      annotators,
      admin,
    } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] }),
      overlap: 1,
      tasks: [{ data: { text: "g" }, gold: "spam" }],
      annotators: 1,
      now,
    });
    await insertRateCard(database, card({ projectId: p.id, effectiveFrom: now, payPerJudgmentMinor: 10 }), {
      id: admin.id,
      now,
    });
    await judge(p, annotators[0]!, "ok", now + 1);
    const judgment = await database.db
      .selectFrom("judgments")
      .select(["verdict", "verdict_reason"])
      .where("project_id", "=", p.id)
      .executeTakeFirstOrThrow();
    expect(judgment).toEqual({ verdict: "rejected", verdict_reason: "gold" });
    expect((await ledger(p.id)).map((r) => [r.component, r.amount_minor, r.rejected, r.accepted_labels])).toEqual([
      ["gold", 10, 1, 0],
    ]);
  });

  it("pays a missed gold answer from the ordinary queue as an ordinary judgment unless the project tells annotators about it", async () => {
    const now = nextDay();
    const seeded = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] }),
      overlap: 1,
      tasks: [
        { data: { text: "g1" }, gold: "spam" },
        { data: { text: "g2" }, gold: "spam" },
      ],
      annotators: 1,
      now,
    });
    const { annotators, admin } = seeded;
    await insertRateCard(
      database,
      card({ projectId: seeded.project.id, effectiveFrom: now, payPerJudgmentMinor: 10, payRejected: false }),
      { id: admin.id, now },
    );
    // The ordinary queue serves gold as a hidden control: no feedback by default, paid as any answer.
    await judge(seeded.project, annotators[0]!, "ok", now + 1);
    const told = (await updateProject(
      database.db,
      seeded.project.id,
      { goldPolicy: { ...seeded.project.goldPolicy, feedback: { onboarding: true, hidden: true } } },
      admin.id,
      now + 2,
    ))!;
    await judge(told, annotators[0]!, "ok", now + 3);
    // Both are misses (rejected, gold overhead); only the one the annotator was told about goes unpaid.
    expect((await ledger(told.id)).map((r) => [r.component, r.amount_minor, r.rejected, r.judgments])).toEqual([
      ["gold", 10, 1, 1],
      ["gold", 0, 1, 1],
    ]);
  });

  it("summarizes every project by probing the per-project time index, never scanning the ledger", async () => {
    const query = costSummaryQuery(database.db, {
      from: 0,
      to: 1,
      groupBy: "vendor",
      scope: { vendor: "acme" },
      projectIds: [1, 2, 3],
    }).compile();
    const text = inline(query.sql, query.parameters);
    const plan =
      database.dialect === "sqlite"
        ? (await sql.raw(`explain query plan ${text}`).execute(database.db)).rows
        : // Tiny test tables make any plan cheap: forbid the sequential scan to show the index serves it.
          await database.db.transaction().execute(async (trx) => {
            await sql`set local enable_seqscan = off`.execute(trx);
            return (await sql.raw(`explain ${text}`).execute(trx)).rows;
          });
    const lines = (plan as Record<string, unknown>[]).map((r) => String(r.detail ?? r["QUERY PLAN"])).join("\n");
    if (database.dialect === "sqlite") {
      expect(lines).toMatch(/SEARCH cost_ledger USING INDEX cost_ledger_project \(project_id=\? AND at>\? AND at<\?\)/);
      expect(lines).not.toMatch(/SCAN cost_ledger(?! USING)/);
    } else {
      // PostgreSQL's choice between the ledger's indexes follows its statistics, which tiny
      // test tables do not have; it must at least be able to avoid the scan.
      expect(lines).toMatch(/Index Scan|Bitmap Index Scan/);
      expect(lines).not.toContain("Seq Scan");
    }
  });
});

function inline(text: string, parameters: readonly unknown[]): string {
  let i = 0;
  const literal = (value: unknown) =>
    typeof value === "number" ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
  return text
    .replace(/\$(\d+)/g, (_, n) => literal(parameters[Number(n) - 1]))
    .replace(/\?/g, () => literal(parameters[i++]));
}
