import type { LabelValue, Project, User } from "@quorum/core";
import {
  addGuidelineVersion,
  answerExamItem,
  answerTrainingItem,
  checkProductionAccess,
  createExam,
  createTrainingModule,
  type Database,
  type ExamInput,
  examGoldTasks,
  getExam,
  getTrainingModule,
  insertRateCard,
  listQualityActions,
  listUserSkills,
  newAnnotator,
  nextExamItem,
  readTrainingModule,
  requireProductionAccess,
  reverseQualityAction,
  seedProject,
  setAnnotatorStatus,
  setGuidelineRecertification,
  startExamAttempt,
  TEST_NOW,
  testTargets,
  withCertifiedSkills,
} from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();
const DAY = 86_400_000;
const GUIDE = "# Scale\nRate 0 to 4.\n## Spam\nAds only: rate 0.\n# Language\nUse the query's language.";

const STANDARD: ExamInput = {
  name: "Relevance basics",
  skill: "relevance",
  level: 2,
  test: { p0: 0.7, p1: 0.9, alpha: 0.05, beta: 0.05, maxItems: 40 },
  retryDelayMs: DAY,
  validityMs: 180 * DAY,
  feedback: false,
};

describe.each(targets)("onboarding and certification on $dialect", (target) => {
  let database: Database;
  let project: Project;
  let admin: User;
  /** Gold answer of every gold task, by id. */
  const gold = new Map<number, number>();

  beforeAll(async () => {
    database = await target.open();
    const seeded = await seedProject(database, {
      name: "Relevance",
      guidelines: GUIDE,
      requirements: { languages: [], skills: { relevance: 2 } },
      // 30 gold tasks (answers 0..4) and 5 plain ones.
      tasks: Array.from({ length: 35 }, (_, i) =>
        i < 30
          ? { data: { text: `g${i}` }, gold: i % 5, goldExplanation: `because ${i % 5}` }
          : { data: { text: `p${i}` } },
      ),
    });
    project = seeded.project;
    admin = seeded.admin;
    for (const [i, id] of seeded.taskIds.slice(0, 30).entries()) gold.set(id, i % 5);
  });
  afterAll(() => database.close());

  const wrong = (taskId: number) => ((gold.get(taskId)! + 1) % 5) as LabelValue;

  async function newExam(input: Partial<ExamInput> = {}) {
    const id = await createExam(database.db, {
      project,
      input: { ...STANDARD, ...input },
      actorId: admin.id,
      now: TEST_NOW,
    });
    return (await getExam(database.db, id))!;
  }

  /** Takes items until the exam is decided, answering right while `right(i)`; returns the statuses after each answer. */
  async function take(
    annotator: User,
    exam: Awaited<ReturnType<typeof newExam>>,
    right: (i: number) => boolean,
    now = TEST_NOW,
  ) {
    const { attempt } = await startExamAttempt(database, { exam, project, annotator, now });
    const statuses: string[] = [];
    const seen: number[] = [];
    for (let i = 0; ; i++) {
      const item = await nextExamItem(database, {
        attemptId: attempt.id,
        annotatorId: annotator.id,
        now: now + i * 1000,
      });
      if (!item) break;
      expect(Object.keys(item).sort()).toEqual(["data", "id"]);
      seen.push(item.id);
      const value = right(i) ? gold.get(item.id)! : wrong(item.id);
      const result = await answerExamItem(database, {
        attemptId: attempt.id,
        annotatorId: annotator.id,
        itemId: item.id,
        value,
        activeMs: 4000,
        now: now + i * 1000 + 800,
      });
      statuses.push(result.status);
      expect(result.feedback).toBeUndefined();
    }
    return { attempt, statuses, seen };
  }

  it("passes a flawless candidate after 12 straight correct answers and grants the skill with its expiry", async () => {
    const exam = await newExam();
    const ana = await newAnnotator(database);
    const before = await checkProductionAccess(database.db, { project, annotator: ana, now: TEST_NOW });
    expect(before).toEqual({ allowed: false, needs: [{ skill: "relevance", level: 2, reason: "missing" }] });

    const { statuses, seen } = await take(ana, exam, () => true);
    expect(statuses).toEqual([...Array(11).fill("in_progress"), "passed"]);
    expect(new Set(seen).size).toBe(12);
    for (const id of seen) expect(gold.has(id)).toBe(true);

    expect(await listUserSkills(database.db, ana.id, TEST_NOW + DAY)).toEqual([
      {
        skill: "relevance",
        level: 2,
        grantedAt: TEST_NOW + 11_800,
        expiresAt: TEST_NOW + 11_800 + 180 * DAY,
        idleAt: TEST_NOW + 11_800 + 90 * DAY,
        state: "active",
      },
    ]);
    expect(await checkProductionAccess(database.db, { project, annotator: ana, now: TEST_NOW + DAY })).toEqual({
      allowed: true,
      needs: [],
    });
    expect((await withCertifiedSkills(database.db, ana, TEST_NOW + DAY)).skills).toEqual({ relevance: 2 });
  });

  it("records the attempt's answers and credits active time as paid time", async () => {
    const exam = await newExam();
    const bo = await newAnnotator(database);
    const { attempt } = await take(bo, exam, () => true);
    const row = await database.db
      .selectFrom("exam_attempts")
      .selectAll()
      .where("id", "=", attempt.id)
      .executeTakeFirstOrThrow();
    // Each item was shown 800 ms before its answer: the client's 4000 ms are capped at 800.
    expect(row).toMatchObject({
      status: "passed",
      answered: 12,
      correct: 12,
      active_ms: 12 * 800,
      decided_at: TEST_NOW + 11_800,
    });
    const answers = await database.db
      .selectFrom("exam_answers")
      .selectAll()
      .where("attempt_id", "=", attempt.id)
      .execute();
    expect(answers).toHaveLength(12);
    expect(answers.every((a) => a.correct === 1)).toBe(true);
  });

  it("fails one who misses the first 3, then holds the retry back for the exam's delay", async () => {
    const exam = await newExam();
    const cy = await newAnnotator(database);
    const { statuses } = await take(cy, exam, () => false);
    expect(statuses).toEqual(["in_progress", "in_progress", "failed"]);
    expect(await listUserSkills(database.db, cy.id, TEST_NOW)).toEqual([]);
    const tooSoon = startExamAttempt(database, { exam, project, annotator: cy, now: TEST_NOW + DAY - 1 });
    await expect(tooSoon).rejects.toMatchObject({ code: "exam_retry_wait" });
    await expect(tooSoon).rejects.toThrow(new Date(TEST_NOW + 2 * 800 + DAY).toISOString().slice(0, 16));
    const later = await startExamAttempt(database, { exam, project, annotator: cy, now: TEST_NOW + 2 * DAY });
    expect(later).toMatchObject({ created: true, attempt: { status: "in_progress" } });
  });

  it("orders items by the attempt's seed, shows the same item until it is answered, and keeps one attempt running", async () => {
    const exam = await newExam();
    const di = await newAnnotator(database);
    const first = await startExamAttempt(database, { exam, project, annotator: di, now: TEST_NOW, seed: 7 });
    const again = await startExamAttempt(database, { exam, project, annotator: di, now: TEST_NOW, seed: 8 });
    expect(again).toMatchObject({ created: false, attempt: { id: first.attempt.id } });
    expect(first.attempt.items).toHaveLength(30);
    expect(new Set(first.attempt.items)).toEqual(new Set(gold.keys()));
    const ed = await newAnnotator(database);
    const other = await startExamAttempt(database, { exam, project, annotator: ed, now: TEST_NOW, seed: 7 });
    expect(other.attempt.items).toEqual(first.attempt.items);
    const third = await startExamAttempt(database, {
      exam,
      project,
      annotator: await newAnnotator(database),
      now: TEST_NOW,
      seed: 8,
    });
    expect(third.attempt.items).not.toEqual(first.attempt.items);

    const options = { attemptId: first.attempt.id, annotatorId: di.id, now: TEST_NOW };
    const shown = await nextExamItem(database, options);
    expect(shown?.id).toBe(first.attempt.items[0]);
    expect(JSON.stringify(shown)).not.toContain("because");
    expect((await nextExamItem(database, options))?.id).toBe(shown?.id);
  });

  it("refuses an answer to an item not shown, an answer off the schema and someone else's attempt; replays are idempotent", async () => {
    const exam = await newExam({ feedback: true });
    const fa = await newAnnotator(database);
    const gu = await newAnnotator(database);
    const { attempt } = await startExamAttempt(database, { exam, project, annotator: fa, now: TEST_NOW });
    const answer = (itemId: number, value: unknown, annotatorId = fa.id) =>
      answerExamItem(database, { attemptId: attempt.id, annotatorId, itemId, value, now: TEST_NOW + 5000 });
    await expect(answer(attempt.items[0]!, 1)).rejects.toMatchObject({
      code: "invalid_input",
      details: [{ path: "itemId" }],
    });
    await expect(
      nextExamItem(database, { attemptId: attempt.id, annotatorId: gu.id, now: TEST_NOW }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    const item = (await nextExamItem(database, { attemptId: attempt.id, annotatorId: fa.id, now: TEST_NOW }))!;
    await expect(answer(item.id, 9)).rejects.toMatchObject({ code: "invalid_input", details: [{ path: "value" }] });
    await expect(answer(attempt.items[1]!, 1)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(answer(item.id, gold.get(item.id)!, gu.id)).rejects.toMatchObject({ code: "not_found" });

    const first = await answer(item.id, gold.get(item.id)!);
    // This exam gives feedback: the answer and its explanation.
    expect(first).toEqual({
      status: "in_progress",
      feedback: { correct: true, answer: gold.get(item.id), explanation: `because ${gold.get(item.id)}` },
    });
    expect(await answer(item.id, gold.get(item.id)!)).toEqual(first);
    // The rating arrives as "3" or 3 alike; a different value is refused.
    await expect(answer(item.id, wrong(item.id))).rejects.toMatchObject({ code: "already_submitted" });
    const rows = await database.db
      .selectFrom("exam_answers")
      .select("id")
      .where("attempt_id", "=", attempt.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it("starts one attempt when the same person starts several at once", async () => {
    const exam = await newExam();
    const oz = await newAnnotator(database);
    const started = await Promise.all(
      Array.from({ length: 4 }, () => startExamAttempt(database, { exam, project, annotator: oz, now: TEST_NOW })),
    );
    expect(new Set(started.map((s) => s.attempt.id)).size).toBe(1);
    expect(started.filter((s) => s.created)).toHaveLength(1);
  });

  it("answers the same item at once only once", async () => {
    const exam = await newExam();
    const ha = await newAnnotator(database);
    const { attempt } = await startExamAttempt(database, { exam, project, annotator: ha, now: TEST_NOW });
    const item = (await nextExamItem(database, { attemptId: attempt.id, annotatorId: ha.id, now: TEST_NOW }))!;
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () =>
        answerExamItem(database, {
          attemptId: attempt.id,
          annotatorId: ha.id,
          itemId: item.id,
          value: gold.get(item.id)!,
          now: TEST_NOW + 100,
        }),
      ),
    );
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    const row = await database.db
      .selectFrom("exam_attempts")
      .selectAll()
      .where("id", "=", attempt.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ answered: 1, correct: 1 });
  });

  it("returns a retraining annotator to ok on a pass, as a reversible quality action", async () => {
    const exam = await newExam();
    const io = await newAnnotator(database);
    await setAnnotatorStatus(database.db, {
      projectId: project.id,
      annotatorId: io.id,
      status: "retrain",
      reason: "gold accuracy low",
      actorId: admin.id,
      now: TEST_NOW,
    });
    await take(io, exam, () => true, TEST_NOW + 1000);
    const status = async () =>
      (
        await database.db
          .selectFrom("annotator_quality")
          .select("status")
          .where("project_id", "=", project.id)
          .where("annotator_id", "=", io.id)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await status()).toBe("ok");
    const actions = (await listQualityActions(database.db, project.id)).filter((a) => a.annotator_id === io.id);
    expect(actions.map((a) => [a.action, a.actor_id])).toEqual([
      ["exam_passed", null],
      ["retrain", admin.id],
    ]);
    expect(actions[0]!.reason).toContain("Relevance basics");
    expect(await reverseQualityAction(database.db, project.id, actions[0]!.id, admin.id, TEST_NOW + DAY)).toBe(true);
    expect(await status()).toBe("retrain");
  });

  it("asks for a delta exam after a guideline version that requires re-certification", async () => {
    const exam = await newExam();
    const ja = await newAnnotator(database);
    await take(ja, exam, () => true);
    await addGuidelineVersion(database.db, project.id, `${GUIDE}\n# New rule\nDates count.`, admin.id, TEST_NOW + DAY);
    const current = { ...project, guidelineVersion: 2 };
    const check = (now: number) => checkProductionAccess(database.db, { project: current, annotator: ja, now });
    expect((await check(TEST_NOW + 2 * DAY)).allowed).toBe(true);
    await setGuidelineRecertification(database.db, {
      projectId: project.id,
      version: 2,
      required: true,
      actorId: admin.id,
      now: TEST_NOW + DAY,
    });
    expect((await check(TEST_NOW + 2 * DAY)).needs).toEqual([
      { skill: "relevance", level: 2, reason: "recertification" },
    ]);
    await expect(
      requireProductionAccess(database.db, { project: current, annotator: ja, now: TEST_NOW + 2 * DAY }),
    ).rejects.toMatchObject({
      code: "certification_required",
      details: [{ path: "skills.relevance", message: "recertification" }],
    });
    const delta = await newExam({ name: "Dates delta", test: { ...STANDARD.test, maxItems: 5 } });
    const { statuses } = await take(ja, delta, () => true, TEST_NOW + 2 * DAY);
    expect(statuses).toEqual(["in_progress", "in_progress", "in_progress", "in_progress", "passed"]);
    expect((await check(TEST_NOW + 3 * DAY)).allowed).toBe(true);
    await expect(
      setGuidelineRecertification(database.db, {
        projectId: project.id,
        version: 9,
        required: true,
        actorId: admin.id,
        now: 0,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("lapses a skill left unused for 90 days; production work on a project that needs it keeps it", async () => {
    const exam = await newExam();
    const [ka, lu] = [await newAnnotator(database), await newAnnotator(database)];
    await take(ka, exam, () => true);
    await take(lu, exam, () => true);
    // Lu labeled on the project 60 days later (the hourly roll-up every judgment feeds).
    await database.db
      .insertInto("activity_hourly")
      .values({
        project_id: project.id,
        hour: TEST_NOW + 60 * DAY,
        annotator_id: lu.id,
        judgments: 3,
        active_ms: 9000,
        gold_answered: 0,
        gold_correct: 0,
      })
      .execute();
    const at = TEST_NOW + 95 * DAY;
    expect((await checkProductionAccess(database.db, { project, annotator: ka, now: at })).needs).toEqual([
      { skill: "relevance", level: 2, reason: "idle" },
    ]);
    expect((await checkProductionAccess(database.db, { project, annotator: lu, now: at })).allowed).toBe(true);
    expect((await listUserSkills(database.db, ka.id, at))[0]?.state).toBe("idle");
  });

  it("needs no reads for a project without skill requirements or a profile that covers them", async () => {
    const open = { ...project, requirements: { languages: [], skills: {} } };
    const mo = await newAnnotator(database, { skills: { relevance: 3 } });
    expect(await checkProductionAccess(database.db, { project: open, annotator: mo, now: TEST_NOW })).toEqual({
      allowed: true,
      needs: [],
    });
    expect(await checkProductionAccess(database.db, { project, annotator: mo, now: TEST_NOW })).toEqual({
      allowed: true,
      needs: [],
    });
  });

  it("refuses an exam the project's gold cannot support", async () => {
    await expect(newExam({ test: { ...STANDARD.test, p0: 0.89, p1: 0.9 } })).rejects.toMatchObject({
      code: "invalid_input",
      details: [{ path: "projectId" }],
    });
  });

  it("builds training from a guideline section and practice tasks, shows the hint after answering, and keeps practice out of exams", async () => {
    const practice = [...gold.keys()].slice(-2);
    await expect(
      createTrainingModule(database.db, {
        project,
        title: "Spam",
        section: "Tone",
        items: [],
        actorId: admin.id,
        now: TEST_NOW,
      }),
    ).rejects.toMatchObject({ code: "invalid_input", details: [{ path: "section" }] });
    const plain = (
      await database.db.selectFrom("tasks").select("id").where("gold", "is", null).executeTakeFirstOrThrow()
    ).id;
    await expect(
      createTrainingModule(database.db, {
        project,
        title: "Spam",
        section: "spam",
        items: [{ taskId: plain, hint: "x" }],
        actorId: admin.id,
        now: TEST_NOW,
      }),
    ).rejects.toMatchObject({ code: "invalid_input", details: [{ path: "items[0].taskId" }] });

    const goldBefore = (await examGoldTasks(database.db, project.id)).length;
    const id = await createTrainingModule(database.db, {
      project,
      title: "Spotting spam",
      section: "spam",
      items: practice.map((taskId) => ({ taskId, hint: `Look at the ads (${taskId})` })),
      actorId: admin.id,
      now: TEST_NOW,
    });
    const module = (await getTrainingModule(database.db, id))!;
    expect(module).toMatchObject({ section: "Spam", body: "## Spam\nAds only: rate 0.", guidelineVersion: 1 });
    const exams = (await examGoldTasks(database.db, project.id)).map((t) => t.id);
    expect(exams).toHaveLength(goldBefore - 2);
    for (const taskId of practice) expect(exams).not.toContain(taskId);

    const ne = await newAnnotator(database);
    const unseen = await readTrainingModule(database.db, { module, annotatorId: ne.id });
    expect(unseen.items.map((i) => Object.keys(i).sort())).toEqual([
      ["data", "id"],
      ["data", "id"],
    ]);
    const feedback = await answerTrainingItem(database.db, {
      module,
      project,
      annotatorId: ne.id,
      itemId: practice[0]!,
      value: wrong(practice[0]!),
      now: TEST_NOW,
    });
    expect(feedback).toEqual({
      correct: false,
      answer: gold.get(practice[0]!),
      explanation: `because ${gold.get(practice[0]!)}`,
      hint: `Look at the ads (${practice[0]})`,
    });
    const seen = await readTrainingModule(database.db, { module, annotatorId: ne.id });
    expect(seen.items[0]).toMatchObject({ hint: `Look at the ads (${practice[0]})`, yours: { correct: false } });
    expect(seen.items[1]!.hint).toBeUndefined();
    await expect(
      answerTrainingItem(database.db, { module, project, annotatorId: ne.id, itemId: plain, value: 1, now: TEST_NOW }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("pays exam time and an item's first practice by the card's training rate, once each", async () => {
    await insertRateCard(
      database,
      {
        currency: "EUR",
        effectiveFrom: TEST_NOW - DAY,
        effectiveTo: null,
        projectId: project.id,
        taskType: null,
        language: null,
        vendor: null,
        payPerJudgmentMinor: 0,
        payPerActiveHourMinor: 0,
        reviewPayPerReviewMinor: 0,
        reviewPayPerHourMinor: 0,
        trainingPayPerHourMinor: 36_000,
        platformFeeBps: 0,
        vendorMarkupBps: 0,
        payRejected: true,
      },
      { id: admin.id, now: TEST_NOW },
    );
    const paidOf = (annotatorId: number) =>
      database.db
        .selectFrom("cost_ledger")
        .select(["kind", "component", "amount_minor", "active_ms", "currency"])
        .where("annotator_id", "=", annotatorId)
        .orderBy("id")
        .execute();
    const eve = await newAnnotator(database);
    const { statuses } = await take(eve, await newExam({ level: 3 }), () => true, TEST_NOW + 30 * DAY);
    // Each answer is credited 800 ms (the time since the item was served): 10¢ a second.
    expect(await paidOf(eve.id)).toEqual(
      statuses.map(() => ({ kind: "exam", component: "gold", amount_minor: 8, active_ms: 800, currency: "EUR" })),
    );

    const practice = [...gold.keys()].slice(-4, -2);
    const id = await createTrainingModule(database.db, {
      project,
      title: "Paid practice",
      section: "spam",
      items: practice.map((taskId) => ({ taskId, hint: "ads" })),
      actorId: admin.id,
      now: TEST_NOW,
    });
    const module = (await getTrainingModule(database.db, id))!;
    const fay = await newAnnotator(database);
    for (const value of [wrong(practice[0]!), gold.get(practice[0]!)!])
      await answerTrainingItem(database.db, {
        module,
        project,
        annotatorId: fay.id,
        itemId: practice[0]!,
        value,
        activeMs: 5000,
        now: TEST_NOW,
      });
    expect(await paidOf(fay.id)).toEqual([
      { kind: "training", component: "gold", amount_minor: 50, active_ms: 5000, currency: "EUR" },
    ]);
  });
});
