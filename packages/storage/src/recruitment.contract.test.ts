import { createHash } from "node:crypto";
import {
  answerExamItem,
  answerTrainingItem,
  appendFunnelEvent,
  type Campaign,
  createExam,
  createTrainingModule,
  type Database,
  getExam,
  getPasswordTokenForTest,
  getTrainingModule,
  importPeople,
  insertCampaign,
  issuePasswordLink,
  newProject,
  newUser,
  nextExamItem,
  PASSWORD_LINK_TTL_MS,
  readRecruitmentPool,
  redeemPasswordLink,
  reportRecruitmentFunnel,
  saveReferralCode,
  seedProject,
  signUpForCampaign,
  startExamAttempt,
  TEST_NOW,
  testTargets,
} from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();
const DAY = 86_400_000;
const T0 = TEST_NOW - 60 * DAY;
const hash = (secret: string) => createHash("sha256").update(secret).digest("base64url");

const CAMPAIGN = {
  source: "",
  currency: "EUR",
  targetLanguages: ["de"],
  targetRegions: [],
  status: "open" as const,
  opensAt: T0 - DAY,
  closesAt: null,
  vendor: null,
  createdBy: null,
  createdAt: T0 - DAY,
};

describe.each(targets)("recruitment on $dialect", (target) => {
  let database: Database;
  let jobBoard: Campaign;
  let referral: Campaign;

  beforeAll(async () => {
    database = await target.open();
    jobBoard = await insertCampaign(database.db, {
      ...CAMPAIGN,
      name: "Board",
      channel: "job_board",
      spendMinor: 100_000,
      slug: "board-2027",
    });
    referral = await insertCampaign(database.db, {
      ...CAMPAIGN,
      name: "Friends",
      channel: "referral",
      spendMinor: 30_000,
      slug: "friends",
    });
  });
  afterAll(() => database.close());

  async function seedApplicant(campaign: Campaign, languages: string[], stages: Record<string, number>) {
    const user = await newUser(database, { role: "annotator", languages });
    for (const [stage, at] of Object.entries(stages))
      await appendFunnelEvent(database.db, {
        campaignId: campaign.id,
        userId: user.id,
        stage: stage as "applied",
        at,
        referrerId: null,
      });
    return user;
  }

  it("computes counts, conversions, median time to qualify and cost per qualified from a seeded log", async () => {
    // Board: 10 applied, 8 screened, 6 trained, 4 qualified (after 2, 4, 6 and 10 days), 3 active,
    // 2 retained, 1 churned. Applicants 0-4 speak de, 5-9 fr.
    const qualifyDays = [2, 4, 6, 10];
    for (let i = 0; i < 10; i++) {
      const stages: Record<string, number> = { applied: T0 };
      if (i < 8) stages.screened = T0 + 1000;
      if (i < 6) stages.trained = T0 + DAY;
      if (i < 4) stages.qualified = T0 + qualifyDays[i]! * DAY;
      if (i < 3) stages.active = T0 + 12 * DAY;
      if (i < 2) stages.retained = T0 + 40 * DAY;
      if (i < 1) stages.churned = T0 + 50 * DAY;
      await seedApplicant(jobBoard, i < 5 ? ["de"] : ["fr"], stages);
    }
    // Friends: 4 applied (de), 2 screened, 1 qualified after 3 days, who then judged on days 5 and 40.
    const star = await seedApplicant(referral, ["de"], { applied: T0, screened: T0, qualified: T0 + 3 * DAY });
    await seedApplicant(referral, ["de"], { applied: T0, screened: T0 });
    await seedApplicant(referral, ["de"], { applied: T0 });
    await seedApplicant(referral, ["de"], { applied: T0 });
    const project = await newProject(database, { id: star.id });
    for (const hour of [T0 + 5 * DAY, T0 + 40 * DAY])
      await database.db
        .insertInto("activity_hourly")
        .values({
          project_id: project.id,
          hour,
          annotator_id: star.id,
          judgments: 3,
          active_ms: 90_000,
          gold_answered: 0,
          gold_correct: 0,
        })
        .execute();

    const report = await reportRecruitmentFunnel(database.db, { now: T0 + 50 * DAY });
    const board = report.campaigns.find((c) => c.campaignId === jobBoard.id)!;
    expect(board.figures.stages.map((s) => [s.stage, s.count])).toEqual([
      ["applied", 10],
      ["screened", 8],
      ["trained", 6],
      ["qualified", 4],
      ["active", 3],
      ["retained", 2],
      ["churned", 1],
    ]);
    const conversion = Object.fromEntries(board.figures.stages.map((s) => [s.stage, [s.ofApplied, s.ofPrevious]]));
    expect(conversion.applied).toEqual([1, null]);
    expect(conversion.screened).toEqual([0.8, 0.8]);
    expect(conversion.trained).toEqual([0.6, 0.75]);
    expect(conversion.qualified![0]).toBe(0.4);
    expect(conversion.qualified![1]).toBeCloseTo(4 / 6, 10);
    expect(conversion.active).toEqual([0.3, 0.75]);
    expect(conversion.retained![1]).toBeCloseTo(2 / 3, 10);
    expect(conversion.churned).toEqual([0.1, 1 / 3]);
    // Median of 2, 4, 6, 10 days: 5 days. €1000 over 4 qualified: €250.
    expect(board.figures.medianTimeToQualifyMs).toBe(5 * DAY);
    expect(board.costPerQualified).toEqual([{ currency: "EUR", amountMinor: 25_000 }]);

    // The late stages were filled from the activity roll-up when read: active at the first
    // judgment (day 5), retained 28 days later (still judging on day 40), not churned by day 50.
    const friends = report.campaigns.find((c) => c.campaignId === referral.id)!;
    expect(friends.figures.stages.map((s) => s.count)).toEqual([4, 2, 0, 1, 1, 1, 0]);
    expect(friends.figures.medianTimeToQualifyMs).toBe(3 * DAY);
    expect(friends.costPerQualified).toEqual([{ currency: "EUR", amountMinor: 30_000 }]);
    const events = await database.db.selectFrom("funnel_events").selectAll().where("user_id", "=", star.id).execute();
    expect(Object.fromEntries(events.map((e) => [e.stage, Number(e.at)]))).toMatchObject({
      active: T0 + 5 * DAY,
      retained: T0 + 33 * DAY,
    });

    expect(report.byChannel.map((c) => [c.channel, c.figures.applicants, c.costPerQualified[0]!.amountMinor])).toEqual([
      ["job_board", 10, 25_000],
      ["referral", 4, 30_000],
    ]);
    const de = report.byLanguage.find((l) => l.language === "de")!;
    // de: board 0-4 (4 qualified among them) and all 4 of Friends (1 qualified).
    expect(de.figures.applicants).toBe(9);
    expect(de.figures.stages.find((s) => s.stage === "qualified")!.count).toBe(5);
    expect(report.byLanguage.find((l) => l.language === "fr")!.figures.applicants).toBe(5);

    // Reading again appends nothing new: one row per person and stage.
    const before = await database.db
      .selectFrom("funnel_events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    await reportRecruitmentFunnel(database.db, { now: T0 + 50 * DAY });
    const after = await database.db
      .selectFrom("funnel_events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("signs a candidate up with applied and screened rows, crediting their referrer; a refusal writes nothing", async () => {
    const referrer = await newUser(database, { role: "annotator" });
    const code = await saveReferralCode(database.db, referrer.id, `REF${referrer.id}`, TEST_NOW);
    const application = {
      name: "Ana",
      email: "ana@example.org",
      languages: ["de-AT"],
      region: "EU",
      timeZone: "Europe/Vienna",
      referralCode: code.toLowerCase(),
    };
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom("users")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const users = await count();
    await expect(
      signUpForCampaign(database, {
        slug: "friends",
        application: { ...application, referralCode: "NOPE" },
        tokenHash: hash("a"),
        tokenTtlMs: DAY,
        now: TEST_NOW,
      }),
    ).rejects.toMatchObject({ code: "invalid_input", details: [{ path: "referralCode" }] });
    expect(await count()).toBe(users);

    const { user, screened } = await signUpForCampaign(database, {
      slug: "friends",
      application,
      tokenHash: hash("secret-1"),
      tokenTtlMs: DAY,
      now: TEST_NOW,
    });
    expect(screened).toBe(true);
    expect(user).toMatchObject({ role: "annotator", status: "active", languages: ["de-AT"], skills: {} });
    const row = await database.db
      .selectFrom("users")
      .select(["time_zone", "region"])
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ time_zone: "Europe/Vienna", region: "EU" });
    const events = await database.db
      .selectFrom("funnel_events")
      .selectAll()
      .where("user_id", "=", user.id)
      .orderBy("id")
      .execute();
    expect(events.map((e) => [e.stage, e.referrer_id === null ? null : Number(e.referrer_id)])).toEqual([
      ["applied", referrer.id],
      ["screened", null],
    ]);
    const report = await reportRecruitmentFunnel(database.db, { now: TEST_NOW });
    expect(report.referrers).toContainEqual({ userId: referrer.id, name: referrer.name, applied: 1, qualified: 0 });

    // The same email again: email_taken, and still one account.
    await expect(
      signUpForCampaign(database, {
        slug: "friends",
        application,
        tokenHash: hash("secret-2"),
        tokenTtlMs: DAY,
        now: TEST_NOW,
      }),
    ).rejects.toMatchObject({ code: "email_taken", details: [{ path: "email" }] });
    expect(await count()).toBe(users + 1);
  });

  it("uses a password link once, and never after it expires or a newer one is issued", async () => {
    const person = await newUser(database, { role: "annotator" });
    await issuePasswordLink(database, {
      userId: person.id,
      tokenHash: hash("old"),
      purpose: "reset",
      createdBy: null,
      now: TEST_NOW,
    });
    await issuePasswordLink(database, {
      userId: person.id,
      tokenHash: hash("new"),
      purpose: "reset",
      createdBy: null,
      now: TEST_NOW,
    });
    await expect(
      redeemPasswordLink(database, { tokenHash: hash("old"), passwordHash: "h1", now: TEST_NOW + 1 }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await redeemPasswordLink(database, { tokenHash: hash("new"), passwordHash: "h2", now: TEST_NOW + 1 });
    const stored = await database.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", person.id)
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toBe("h2");
    await expect(
      redeemPasswordLink(database, { tokenHash: hash("new"), passwordHash: "h3", now: TEST_NOW + 2 }),
    ).rejects.toMatchObject({
      code: "not_found",
    });

    await issuePasswordLink(database, {
      userId: person.id,
      tokenHash: hash("late"),
      purpose: "reset",
      createdBy: null,
      now: TEST_NOW,
    });
    await expect(
      redeemPasswordLink(database, {
        tokenHash: hash("late"),
        passwordHash: "h4",
        now: TEST_NOW + PASSWORD_LINK_TTL_MS,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await getPasswordTokenForTest(database.db, hash("late"))).toMatchObject({ usedAt: null });
    const still = await database.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", person.id)
      .executeTakeFirstOrThrow();
    expect(still.password_hash).toBe("h2");
  });

  it("imports people from CSV all or nothing, naming line and field", async () => {
    const admin = await newUser(database);
    let n = 0;
    const makeToken = () => {
      const secret = `s${++n}`;
      return { secret, hash: hash(`${secret}-${Math.random()}`) };
    };
    const header = "name,email,role,languages,region,time_zone,vendor\n";
    const bad = `${header}Bo,bo@x.io,annotator,de;fr,EU,Europe/Berlin,Acme\nCy,not-an-email,annotator,de,EU,Mars/Olympus,\nDi,bo@x.io,wizard,12345,EU,UTC,\n`;
    await expect(
      importPeople(database, { chunks: [bad], actor: admin, makeToken, now: TEST_NOW }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      details: [
        { path: "line 3: email" },
        { path: "line 3: time_zone" },
        { path: "line 4: email" },
        { path: "line 4: role" },
        { path: "line 4: languages" },
      ],
    });
    const none = await database.db
      .selectFrom("users")
      .select("id")
      .where("email", "in", ["bo@x.io", "di@x.io"])
      .execute();
    expect(none).toEqual([]);

    // Streamed in odd-sized chunks, with a quoted field.
    const good = `${header}Bo,bo@x.io,annotator,de;fr,EU,Europe/Berlin,Acme\n"Cy, Jr.",cy@x.io,reviewer,pt-br,LATAM,America/Sao_Paulo,\n`;
    const chunks = good.match(/[\s\S]{1,7}/g)!;
    const imported = await importPeople(database, { chunks, actor: admin, makeToken, now: TEST_NOW });
    expect(imported.map((p) => [p.user.name, p.user.email, p.user.role, p.user.languages, p.user.vendor])).toEqual([
      ["Bo", "bo@x.io", "annotator", ["de", "fr"], "Acme"],
      ["Cy, Jr.", "cy@x.io", "reviewer", ["pt-BR"], null],
    ]);
    expect(imported.every((p) => p.expiresAt === TEST_NOW + PASSWORD_LINK_TTL_MS)).toBe(true);
    // Again: both emails are taken now, so nothing more is written.
    await expect(
      importPeople(database, { chunks: [good], actor: admin, makeToken, now: TEST_NOW }),
    ).rejects.toMatchObject({
      details: [{ path: "line 2: email" }, { path: "line 3: email" }],
    });
  });

  it("notes trained when a module's every item is answered and qualified when an exam is passed", async () => {
    const seeded = await seedProject(database, {
      name: "Hooks",
      guidelines: "# Scale\nRate 0 to 4.",
      requirements: { languages: [], skills: { hooks: 1 } },
      tasks: Array.from({ length: 20 }, (_, i) => ({ data: { text: `g${i}` }, gold: i % 5, goldExplanation: "x" })),
    });
    const gold = new Map(seeded.taskIds.map((id, i) => [id, i % 5]));
    const { user } = await signUpForCampaign(database, {
      slug: "board-2027",
      application: { name: "Hook", email: "hook@example.org", languages: ["de"], region: "EU", timeZone: "UTC" },
      tokenHash: hash("hook"),
      tokenTtlMs: DAY,
      now: TEST_NOW,
    });
    const stagesOf = async () =>
      (
        await database.db
          .selectFrom("funnel_events")
          .select("stage")
          .where("user_id", "=", user.id)
          .orderBy("id")
          .execute()
      ).map((r) => r.stage);
    const moduleId = await createTrainingModule(database.db, {
      project: seeded.project,
      title: "Scale",
      section: "Scale",
      items: seeded.taskIds.slice(0, 2).map((taskId) => ({ taskId, hint: "h" })),
      actorId: seeded.admin.id,
      now: TEST_NOW,
    });
    const module = (await getTrainingModule(database.db, moduleId))!;
    const practise = (itemId: number) =>
      answerTrainingItem(database.db, {
        module,
        project: seeded.project,
        annotatorId: user.id,
        itemId,
        value: 0,
        now: TEST_NOW + 1,
      });
    await practise(seeded.taskIds[0]!);
    await practise(seeded.taskIds[0]!);
    expect(await stagesOf()).toEqual(["applied", "screened"]);
    await practise(seeded.taskIds[1]!);
    expect(await stagesOf()).toEqual(["applied", "screened", "trained"]);

    const examId = await createExam(database.db, {
      project: seeded.project,
      input: {
        name: "Hooks",
        skill: "hooks",
        level: 1,
        test: { p0: 0.7, p1: 0.9, alpha: 0.05, beta: 0.05, maxItems: 18 },
        retryDelayMs: DAY,
        validityMs: 90 * DAY,
        feedback: false,
      },
      actorId: seeded.admin.id,
      now: TEST_NOW,
    });
    const exam = (await getExam(database.db, examId))!;
    const { attempt } = await startExamAttempt(database, {
      exam,
      project: seeded.project,
      annotator: user,
      now: TEST_NOW + 2,
    });
    for (let i = 0; ; i++) {
      const item = await nextExamItem(database, {
        attemptId: attempt.id,
        annotatorId: user.id,
        now: TEST_NOW + 10 + i,
      });
      if (!item) break;
      await answerExamItem(database, {
        attemptId: attempt.id,
        annotatorId: user.id,
        itemId: item.id,
        value: gold.get(item.id)!,
        now: TEST_NOW + 10 + i,
      });
    }
    expect(await stagesOf()).toEqual(["applied", "screened", "trained", "qualified"]);
  });

  it("measures the pool gap per language against the active pool, and its diversity", async () => {
    const owner = await newUser(database);
    // Later than the other tests' activity, which falls out of the 28-day window.
    const now = TEST_NOW + 100 * DAY;
    const project = await newProject(database, owner, { name: "gap" });
    // 3 annotators active in the last 28 days: two de-AT (EU), one fr (AF); 100 judgments at 36 s each.
    const people = [
      { languages: ["de-AT"], region: "EU" },
      { languages: ["de-AT"], region: "EU" },
      { languages: ["fr"], region: "AF" },
    ];
    for (const [i, p] of people.entries()) {
      const u = await newUser(database, { role: "annotator", languages: p.languages });
      await database.db.updateTable("users").set({ region: p.region }).where("id", "=", u.id).execute();
      await database.db
        .insertInto("activity_hourly")
        .values({
          project_id: project.id,
          hour: now - (i + 1) * 3_600_000,
          annotator_id: u.id,
          judgments: i === 0 ? 50 : 25,
          active_ms: (i === 0 ? 50 : 25) * 36_000,
          gold_answered: 0,
          gold_correct: 0,
        })
        .execute();
    }
    // Open de work: 2720 judgments due in 2 days. A person gives 8 × 0.8 × 0.85 = 5.44 h a day,
    // 10.88 h by then, 1088 judgments at 36 s: 2720 / 1088 = 2.5, so 3 people.
    const batch = await database.db
      .insertInto("batches")
      .values({
        project_id: project.id,
        name: "b",
        priority: 0,
        deadline: null,
        task_count: 1,
        created_by: null,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto("tasks")
      .values({
        project_id: project.id,
        batch_id: batch.id,
        external_id: null,
        language: "de",
        data: "{}",
        gold: null,
        gold_explanation: null,
        priority: 0,
        deadline_key: now + 2 * DAY,
        required: 2720,
        slots_taken: 0,
        judgment_count: 0,
        status: "open",
        aggregate: null,
        confidence: null,
        posterior: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const pool = await readRecruitmentPool(database.db, { now });
    expect(pool.secondsPerJudgment).toBeCloseTo(36, 9);
    expect(pool.gap.find((g) => g.language === "de")).toEqual({
      language: "de",
      judgmentsLeft: 2720,
      needed: 3,
      active: 2,
      gap: 1,
    });
    expect(pool.gap.find((g) => g.language === "fr")).toMatchObject({ needed: 0, active: 1, gap: -1 });
    expect(pool.byRegion).toEqual([
      { region: "EU", people: 2 },
      { region: "AF", people: 1 },
    ]);
    expect(pool.byLanguage).toEqual([
      { language: "de-AT", people: 2 },
      { language: "fr", people: 1 },
    ]);
  });
});
