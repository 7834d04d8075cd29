import { checkEligibility, localDay, slaState } from "@quorum/core";
import { verifyPassword } from "@quorum/server";
import {
  allocateCostPools,
  type Database,
  earningsOf,
  explainLedgerCostChange,
  findUserWithPassword,
  insertUser,
  listAppeals,
  listBonusSchemes,
  listBudgets,
  listDatasetVersions,
  listExperiments,
  listGuidelineVersions,
  listInitiatives,
  listIntakeRequests,
  listModelEvaluations,
  listPeople,
  listProjects,
  listReportRuns,
  listReportSchedules,
  listTeams,
  listThreads,
  listUsers,
  listVendors,
  projectTaskCounts,
  readBudgetStatus,
  readCapacityPlan,
  readExperimentResults,
  readProjectForecast,
  readScorecard,
  readWellbeingPolicy,
  realisedSavings,
  reportRecruitmentFunnel,
  summarizeCost,
  testTargets,
  workspaceTimeZone,
} from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Io } from "../io.js";
import { buildDemoWorkspace, type DemoLogin } from "./build-demo.js";

const targets = await testTargets();
const NOW = Date.UTC(2026, 10, 20, 15, 30);
const HOUR = 3_600_000;
const SCALE = 0.1;

function recordingIo() {
  const err: string[] = [];
  const io: Io = { stdout: () => {}, stderr: (t) => err.push(t), interactive: false };
  return { io, err };
}

describe.each(targets)("the demo workspace on $dialect", (target) => {
  let database: Database;
  let logins: DemoLogin[];
  let printed: string;

  beforeAll(async () => {
    database = await target.open();
    // As on the first start of `quorum serve`: the admin exists before the demo is built.
    await insertUser(
      database.db,
      { email: "admin@quorum.local", name: "Admin", passwordHash: "x", role: "admin" },
      NOW,
    );
    const { io, err } = recordingIo();
    ({ logins } = await buildDemoWorkspace(database, io, { now: NOW, seed: 7, scale: SCALE }));
    printed = err.join("");
  });
  afterAll(() => database.close());

  it("has a finished guideline experiment with a quality gain, a running pay experiment, a bonus scheme and the ROI", async () => {
    const experiments = await listExperiments(database.db);
    expect(experiments.map((e) => e.status).sort()).toEqual(["running", "stopped"]);
    const finished = experiments.find((e) => e.status === "stopped")!;
    const results = await readExperimentResults(database, finished, NOW);
    expect(results.exposed.every((count) => count > 0)).toBe(true);
    const accuracy = results.metrics.find((m) => m.metric === "gold_accuracy")!;
    if (!accuracy.unavailable) expect(accuracy.effects[0]!.lift).toBeGreaterThan(0);
    const schemes = await listBonusSchemes(database.db);
    expect(schemes).toHaveLength(1);
    const moderation = finished.projectId;
    const versions = await listDatasetVersions(database.db, moderation);
    expect(versions).toHaveLength(3);
    expect(await listModelEvaluations(database.db, moderation)).toHaveLength(4);
  });

  it("has an intake request with its feasibility report from the measured pool", async () => {
    const [request] = await listIntakeRequests(database.db);
    expect(request).toMatchObject({ name: "Support tickets: intent", status: "assessed" });
    const report = request!.feasibility!;
    expect(report.languages.map((l) => l.language)).toEqual(["en", "de", "ja"]);
    expect(report.languages.find((l) => l.language === "en")!.measured).toBeGreaterThan(0);
    expect(report.finishCurve.length).toBeGreaterThan(1);
  });

  it("has the three projects, set up as a manager would", async () => {
    const projects = await listProjects(database.db);
    expect(projects.map((p) => [p.businessUnit, p.schema.type, p.overlap])).toEqual([
      ["Trust & Safety", "multi_label", 3],
      ["Search Ranking", "rating", 3],
      ["Ads", "pairwise", 5],
    ]);
    const [moderation, relevance] = projects;
    expect(moderation!.sensitive).toBe(true);
    expect(moderation!.schema.type === "multi_label" && moderation!.schema.options.map((o) => o.value)).toEqual(
      expect.arrayContaining(["hate", "harassment", "violence", "self_harm", "sexual", "spam", "none"]),
    );
    expect(relevance!.requirements).toEqual({ languages: ["en", "de", "ja"], skills: { relevance: 1 } });
    for (const project of projects) {
      expect(project.deadline! - NOW).toBeGreaterThan(2 * 24 * HOUR);
      expect(project.deadline! - NOW).toBeLessThan(14 * 24 * HOUR);
    }
    expect((await listGuidelineVersions(database.db, moderation!.id)).map((g) => g.version)).toEqual([2, 1]);
    const versions = await database.db
      .selectFrom("judgments")
      .select("guideline_version")
      .distinct()
      .where("project_id", "=", moderation!.id)
      .execute();
    expect(versions.map((v) => v.guideline_version).sort()).toEqual([1, 2]);
  });

  it("has gold tasks with explanations, relevance tasks in three languages and readable data", async () => {
    const tasks = await database.db
      .selectFrom("tasks")
      .select(["project_id", "language", "data", "gold", "gold_explanation"])
      .execute();
    const gold = tasks.filter((t) => t.gold !== null);
    expect(gold.length / tasks.length).toBeGreaterThan(0.03);
    expect(gold.length / tasks.length).toBeLessThan(0.15);
    for (const task of gold) expect(task.gold_explanation).toMatch(/\w{4,}/);
    const projects = await listProjects(database.db);
    const relevance = tasks.filter((t) => t.project_id === projects[1]!.id);
    expect(new Set(relevance.map((t) => t.language))).toEqual(new Set(["en", "de", "ja"]));
    for (const task of relevance)
      expect(Object.keys(JSON.parse(task.data)).sort()).toEqual(["language", "query", "snippet", "title", "url"]);
    for (const task of tasks.filter((t) => t.project_id === projects[2]!.id))
      expect(Object.keys(JSON.parse(task.data)).sort()).toEqual(["left", "prompt", "right"]);
  });

  it("has people in every role, from two vendors and the crowd, speaking several languages", async () => {
    const users = await listUsers(database.db);
    expect(new Set(users.map((u) => u.role))).toEqual(
      new Set(["admin", "manager", "reviewer", "analyst", "finance", "vendor_lead", "annotator"]),
    );
    const annotators = users.filter((u) => u.role === "annotator");
    expect(annotators.length).toBeGreaterThanOrEqual(12);
    expect(new Set(annotators.map((u) => u.vendor))).toEqual(
      new Set(["Lexicon Partners", "Meridian Data Services", null]),
    );
    const languages = new Set(annotators.flatMap((u) => u.languages));
    for (const language of ["en", "de", "ja", "es"]) expect(languages).toContain(language);
    expect(users.find((u) => u.role === "vendor_lead")!.vendor).toBe("Lexicon Partners");
  });

  it("has two vendors with two led teams each, and people spread over regions, time zones and language levels", async () => {
    const vendors = await listVendors(database.db);
    expect(vendors.map((v) => v.name)).toEqual(["Lexicon Partners", "Meridian Data Services"]);
    const teams = await listTeams(database.db);
    expect(teams).toHaveLength(4);
    for (const team of teams) {
      expect(team.leadUserId).not.toBeNull();
      expect(team.memberCount).toBeGreaterThan(0);
    }
    const people = await listPeople(database.db, { role: "annotator" });
    for (const person of people) expect(person.team?.vendorName ?? null).toBe(person.user.vendor);
    expect(new Set(people.map((p) => p.user.timeZone)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(people.map((p) => p.user.region)).size).toBeGreaterThanOrEqual(6);
    // Vendor people have a level for every language; candidates who signed up themselves may not.
    const staffed = people.filter((p) => p.user.vendor !== null);
    expect(staffed.length).toBeGreaterThan(3);
    expect(staffed.every((p) => p.user.languages.every((tag) => p.user.languageLevels?.[tag]))).toBe(true);
    const moved = people.find((p) => p.team?.teamName === "Manila Night");
    expect(moved).toBeDefined();
  });

  it("has days of history from the real engine: spread over many hours, never over-assigned", async () => {
    const judgments = await database.db
      .selectFrom("judgments")
      .select(["task_id", "project_id", "annotator_id", "created_at"])
      .execute();
    expect(judgments.length).toBeGreaterThan(100);
    for (const j of judgments) {
      expect(j.created_at).toBeGreaterThan(NOW - 3 * 24 * HOUR);
      expect(j.created_at).toBeLessThanOrEqual(NOW);
    }
    const tasks = await database.db
      .selectFrom("tasks")
      .select(["project_id", "id", "required", "judgment_count", "status"])
      .execute();
    const byTask = new Map<string, number[]>();
    for (const j of judgments)
      byTask.set(`${j.project_id}:${j.task_id}`, [
        ...(byTask.get(`${j.project_id}:${j.task_id}`) ?? []),
        j.annotator_id,
      ]);
    for (const task of tasks) {
      const people = byTask.get(`${task.project_id}:${task.id}`) ?? [];
      expect(people.length).toBe(task.judgment_count);
      // Control (gold) tasks are answered by every annotator once; the rest by at most `required`.
      if (task.status !== "gold") expect(people.length).toBeLessThanOrEqual(task.required);
      expect(new Set(people).size).toBe(people.length);
    }

    const hours = await database.db
      .selectFrom("activity_hourly")
      .select((eb) => ["hour", eb.fn.sum<number>("judgments").as("n")])
      .groupBy("hour")
      .execute();
    expect(hours.length).toBeGreaterThanOrEqual(12);
    expect(new Set(hours.map((h) => Math.floor(Number(h.hour) / (24 * HOUR)))).size).toBeGreaterThanOrEqual(3);
    expect(hours.reduce((sum, h) => sum + Number(h.n), 0)).toBe(judgments.length);
  });

  it("leaves plenty of open work and no leases held by simulated people", async () => {
    for (const project of await listProjects(database.db)) {
      const counts = await projectTaskCounts(database.db, project.id);
      expect(counts.open / counts.total).toBeGreaterThan(0.3);
      expect(counts.done).toBeGreaterThan(0);
    }
    const active = await database.db
      .selectFrom("assignments")
      .select("expires_at")
      .where("status", "=", "active")
      .execute();
    for (const lease of active) expect(lease.expires_at).toBeLessThan(NOW + 15 * 60_000); // only abandoned ones, about to lapse
  });

  it("has the server's forecast put the moderation project at risk and the other two on track", async () => {
    const levels: Record<string, string> = {};
    for (const project of await listProjects(database.db))
      levels[project.name] = (
        await readProjectForecast(database.db, project, { now: NOW, includeBudgets: false })
      ).delivery.level;
    expect(Object.values(levels).sort()).toEqual(["at_risk", "on_track", "on_track"]);
    expect(levels[Object.keys(levels).find((name) => name.startsWith("Policy violations"))!]).toBe("at_risk");
  });

  it("has months of cost: a budget at risk, German overlap behind last month's rise, pools, savings, earnings", async () => {
    const db = database.db;
    const september = Date.UTC(2026, 8, 1);
    const october = Date.UTC(2026, 9, 1);
    const november = Date.UTC(2026, 10, 1);
    const byLanguage = await summarizeCost(db, { from: october, to: november, groupBy: "language", scope: {} });
    const german = byLanguage.find((row) => row.key === "de")!;
    expect(german.acceptedLabels).toBeGreaterThan(1000);
    expect(german.components.overlap).toBeGreaterThan(german.components.base * 2.5);
    const lexicon = await summarizeCost(db, {
      from: october,
      to: november,
      groupBy: "vendor",
      scope: { vendor: "Lexicon Partners" },
    });
    expect(lexicon.map((row) => row.key)).toEqual(["Lexicon Partners"]);

    const explained = await explainLedgerCostChange(db, {
      scope: {},
      base: { from: september, to: october },
      current: { from: october, to: november },
      currency: "USD",
      byVendor: false,
    });
    const drivers = Object.entries(explained.drivers).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
    expect(drivers[0]![0]).toBe("overlap");
    expect(explained.drivers.overlap).toBeGreaterThan(0);
    expect(explained.narrative.join(" ")).toMatch(/overlap/);

    const states = [];
    for (const budget of await listBudgets(db, {})) {
      const status = await readBudgetStatus(db, budget, NOW);
      const forecast = status.forecast ?? status.forecastAtRunRate ?? status.spent;
      states.push(status.spent > budget.amountMinor ? "over" : forecast > budget.amountMinor ? "at_risk" : "on_track");
    }
    expect(states.sort()).toEqual(["at_risk", "on_track", "on_track", "over"]);

    const pools = await allocateCostPools(db, { from: october, to: november });
    expect(pools.map((p) => p.pool.name).sort()).toEqual(["Idle vendor capacity", "Management", "QA team", "Tooling"]);
    for (const pool of pools)
      expect(pool.allocations.reduce((sum, a) => sum + a.amountMinor, 0) + pool.unallocatedMinor).toBe(pool.poolMinor);
    expect(pools.find((p) => p.pool.category === "idle_capacity")!.unallocatedMinor).toBeGreaterThan(0);

    const [initiative] = await listInitiatives(db, {});
    expect((await realisedSavings(db, [initiative!.id])).length).toBe(3);

    const person = (await findUserWithPassword(db, "annotator@quorum.local"))!.user;
    const earned = await earningsOf(db, { annotatorId: person.id, from: november, to: NOW });
    expect(earned.length).toBeGreaterThan(5);
    expect(earned.every((day) => day.payMinor > 0)).toBe(true);
  });

  it("has scorecards worth reading: presence behind the work, tiers with history, capacity per language", async () => {
    const annotators = (await listUsers(database.db, { role: "annotator" })).filter((u) => u.vendor !== null);
    const cards = await Promise.all(
      annotators.map((person) => readScorecard(database.db, { person, weeks: 4, now: NOW, ownView: false })),
    );
    const working = cards.filter((card) => card.totals.judgments > 0);
    expect(working.length).toBeGreaterThan(5);
    for (const card of working) {
      expect(card.totals.utilisation).toBeGreaterThan(0.5);
      expect(card.totals.utilisation).toBeLessThanOrEqual(1);
    }
    expect(cards.filter((card) => card.tierChanges.length > 0).length).toBeGreaterThan(3);
    expect(new Set(cards.map((card) => card.tier)).size).toBeGreaterThan(1);
    // The sensitive project takes standard tier and above: trainees (the candidates still in the
    // recruitment funnel) are kept off it, and their eligibility says why.
    const [moderation] = await listProjects(database.db);
    expect(moderation!.requirements.minTier).toBe("standard");
    const trainees = (await listUsers(database.db, { role: "annotator" })).filter(
      (person) => person.tier === "trainee" && person.status === "active",
    );
    expect(trainees.length).toBeGreaterThan(0);
    for (const person of trainees)
      expect(checkEligibility(person, moderation!.requirements).reasons).toContain(
        "needs tier standard or above (is trainee)",
      );
    const alex = (await findUserWithPassword(database.db, "annotator@quorum.local"))!.user;
    expect(checkEligibility(alex, moderation!.requirements)).toEqual({ eligible: true, reasons: [] });
    const plan = await readCapacityPlan(
      database.db,
      { paidHoursPerWeek: 40, shrinkage: 0.2, defaultHorizonDays: 28, measureDays: 28 },
      NOW,
    );
    expect(plan.measured.utilisation).toBeGreaterThan(0.5);
    expect(plan.languages.map((l) => l.language)).toEqual(expect.arrayContaining(["en", "de", "ja"]));
  });

  it("has a recruitment campaign whose funnel runs from applications to active annotators", async () => {
    const report = await reportRecruitmentFunnel(database.db, { now: NOW });
    const board = report.campaigns.find((c) => c.name === "German and English raters")!;
    const count = Object.fromEntries(board.figures.stages.map((s) => [s.stage, s.count]));
    expect(count.applied).toBeGreaterThan(count.screened!);
    expect(count.screened).toBeGreaterThan(count.qualified!);
    expect(count.qualified).toBeGreaterThan(0);
    // The hired are marked active from their simulated judgments when the funnel is read.
    expect(count.active).toBeGreaterThan(0);
    expect(board.costPerQualified[0]!.amountMinor).toBe(Math.round(240_000 / count.qualified!));
    expect(report.referrers.length).toBe(1);
  });

  it("reports in Berlin time, with an urgent batch and the manager's daily digest already run", async () => {
    const db = database.db;
    expect(await workspaceTimeZone(db)).toBe("Europe/Berlin");
    const urgent = await db.selectFrom("batches").select(["name", "priority"]).where("priority", ">", 0).execute();
    expect(urgent).toEqual([{ name: "de-DE query sample", priority: 2 }]);
    const [schedule] = await listReportSchedules(db);
    expect(schedule).toMatchObject({ kind: "daily_digest", cron: "0 7 * * *", timeZone: "Europe/Berlin" });
    const runs = await listReportRuns(db, { scheduleId: schedule!.id });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.body).toContain("judgments");
  });

  it("keeps exposure budgets in force on the harmful project, some annotators near their cap", async () => {
    const [moderation] = await listProjects(database.db);
    expect(moderation!.harm.category).toBe("hate");
    const policy = await readWellbeingPolicy(database.db);
    const limit = policy.categories.hate?.itemsPerDay ?? 0;
    expect(limit).toBeGreaterThan(0);
    const today = await database.db
      .selectFrom("exposure_daily")
      .select(["user_id", ({ fn }) => fn.sum<number | string>("items").as("items")])
      .where("project_id", "=", moderation!.id)
      .where("day", "=", localDay(NOW, policy.timeZone))
      .groupBy("user_id")
      .execute();
    const counts = today.map((row) => Number(row.items));
    expect(Math.max(...counts)).toBeLessThanOrEqual(limit);
    expect(counts.filter((n) => n >= limit - 5).length).toBeGreaterThan(0);
    const checkins = await database.db.selectFrom("wellbeing_checkins").select("id").execute();
    expect(checkins.length).toBeGreaterThanOrEqual(5);
  });

  it("has support threads tied to guideline sections (answered, late, resolved, overdue) and appeals", async () => {
    const threads = await listThreads(database.db, {});
    const sla = threads.map((t) => slaState({ dueAt: t.dueAt, firstResponseAt: t.firstResponseAt }, NOW));
    expect(threads.filter((t) => t.status === "answered").length).toBeGreaterThan(0);
    expect(threads.filter((t) => t.status === "resolved").length).toBeGreaterThan(0);
    expect(threads.filter((t, i) => t.firstResponseAt === null && sla[i]!.breached).length).toBeGreaterThan(0);
    expect(threads.filter((t, i) => t.firstResponseAt !== null && sla[i]!.breached).length).toBeGreaterThan(0);
    expect(threads.filter((t) => t.section !== null).length).toBeGreaterThan(threads.length / 2);
    const appeals = await listAppeals(database.db, {});
    expect(appeals.map((a) => a.status).sort()).toEqual(["pending", "pending", "upheld"]);
  });

  it("gives the vendor lead's people threads waiting for an answer, answered and resolved, beside others'", async () => {
    const users = await database.db.selectFrom("users").select(["id", "vendor"]).execute();
    const vendorOf = new Map(users.map((u) => [u.id, u.vendor]));
    const threads = await listThreads(database.db, {});
    const lexicon = threads.filter((t) => vendorOf.get(t.annotatorId) === "Lexicon Partners");
    expect(new Set(lexicon.map((t) => t.status))).toEqual(new Set(["open", "answered", "resolved"]));
    // One waits for its first answer still inside the one-day SLA, so the lead sees it waiting, not overdue.
    const waiting = lexicon.filter(
      (t) =>
        t.status === "open" &&
        t.firstResponseAt === null &&
        !slaState({ dueAt: t.dueAt, firstResponseAt: null }, NOW).breached,
    );
    expect(waiting.length).toBeGreaterThan(0);
    // The lead's threads come from several of their people; staff also have threads from outside the vendor.
    expect(new Set(lexicon.map((t) => t.annotatorId)).size).toBeGreaterThanOrEqual(3);
    expect(threads.some((t) => vendorOf.get(t.annotatorId) !== "Lexicon Partners")).toBe(true);
  });

  it("prints working logins for every role, which sign straight in (no password change asked)", async () => {
    expect(new Set(logins.map((l) => l.role))).toEqual(
      new Set(["manager", "reviewer", "analyst", "finance", "vendor_lead", "annotator"]),
    );
    for (const login of logins) {
      const found = await findUserWithPassword(database.db, login.email);
      expect(found?.user.role).toBe(login.role);
      expect(await verifyPassword(login.password, found!.passwordHash)).toBe(true);
      // The demo's password is documented, not a secret someone else holds: nobody is held at a change.
      expect(found?.user.passwordChangeRequired).toBe(false);
      expect(printed).toContain(login.email);
    }
    expect(printed).toContain("quorum-demo");
  });
});

describe("the demo workspace on sqlite, built twice", () => {
  it("is the same for the same seed, and skips a demo login whose email the admin already has", async () => {
    const sqlite = targets.find((t) => t.dialect === "sqlite")!;
    const snapshots = [];
    for (let run = 0; run < 2; run++) {
      const database = await sqlite.open();
      try {
        await insertUser(
          database.db,
          { email: "manager@quorum.local", name: "Admin", passwordHash: "x", role: "admin" },
          NOW,
        );
        const { logins } = await buildDemoWorkspace(database, recordingIo().io, { now: NOW, seed: 3, scale: 0.05 });
        expect(logins.map((l) => l.role)).not.toContain("manager");
        snapshots.push(
          await database.db
            .selectFrom("judgments")
            .innerJoin("users", "users.id", "judgments.annotator_id")
            .select([
              "users.email",
              "judgments.task_id",
              "judgments.value",
              "judgments.created_at",
              "judgments.active_ms",
            ])
            .orderBy("judgments.id")
            .execute(),
        );
      } finally {
        await database.close();
      }
    }
    expect(snapshots[0]!.length).toBeGreaterThan(20);
    expect(snapshots[1]).toEqual(snapshots[0]);
  });
});
