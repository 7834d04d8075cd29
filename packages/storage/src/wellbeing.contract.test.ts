import {
  advanceSession,
  DEFAULT_WELLBEING_POLICY,
  NO_SESSION,
  type Project,
  type User,
  type WellbeingPolicy,
} from "@quorum/core";
import {
  type Database,
  getProject,
  leaseNextTaskOrReason,
  newAnnotator,
  newUser,
  readExposureDecision,
  readPersonWellbeing,
  type SeedTask,
  saveWellbeingPolicy,
  seedProject,
  setPersonWellbeing,
  submitJudgment,
  testTargets,
} from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();
const MINUTE = 60_000;
// 2027-01-06 12:00 UTC, a Wednesday.
const NOON = Date.UTC(2027, 0, 6, 12);

const policy = (itemsPerDay: number | null, session = DEFAULT_WELLBEING_POLICY.session): WellbeingPolicy => ({
  ...DEFAULT_WELLBEING_POLICY,
  defaultBudget: { itemsPerDay, minutesPerDay: null, itemsPerWeek: null, minutesPerWeek: null },
  session,
});

describe.each(targets)("wellbeing: exposure budgets in the assignment engine on $dialect", (target) => {
  let database: Database;
  let admin: User;

  beforeAll(async () => {
    database = await target.open();
    admin = await newUser(database, { now: NOON });
    await saveWellbeingPolicy(database.db, policy(3), admin.id, NOON);
  });
  afterAll(() => database.close());

  async function harmfulProject(tasks: SeedTask[], overlap = 1): Promise<Project> {
    const seeded = await seedProject(database, { admin, now: NOON, overlap, harmCategory: "violence", tasks });
    return (await getProject(database.db, seeded.project.id))!;
  }

  const annotator = (timeZone?: string) => newAnnotator(database, { now: NOON }).then((a) => withZone(a, timeZone));

  async function withZone(user: User, timeZone: string | undefined): Promise<User> {
    if (!timeZone) return user;
    await database.db.updateTable("users").set({ time_zone: timeZone }).where("id", "=", user.id).execute();
    return { ...user, timeZone };
  }

  async function work(project: Project, person: User, now: number, activeMs = 10_000) {
    const outcome = await leaseNextTaskOrReason(database, { project, annotator: person, now });
    if (!outcome.lease) return outcome;
    await submitJudgment(database, {
      project,
      assignmentId: outcome.lease.id,
      annotatorId: person.id,
      value: 1,
      activeMs,
      clientKey: `k${outcome.lease.id}`,
      now,
      annotatorTimeZone: person.timeZone ?? null,
    });
    return outcome;
  }

  it("stores each task's harm from the import (own mark, else the project's) and lists the marks on the project", async () => {
    const project = await harmfulProject([
      { data: { n: 1 } },
      { data: { n: 2 }, harm: "hate" },
      { data: { n: 3 }, harm: "none" },
    ]);
    const rows = await database.db
      .selectFrom("tasks")
      .select("harm")
      .where("project_id", "=", project.id)
      .orderBy("id")
      .execute();
    expect(rows.map((r) => r.harm)).toEqual(["violence", "hate", null]);
    expect(project.harm.present).toEqual(["hate", "none", "violence"]);
    expect(project.sensitive).toBe(true);
  });

  it("rotates a person to benign tasks once their budget is reached, then says why nothing is left", async () => {
    // Harmful tasks come first (priority), then benign ones.
    const harmful = Array.from({ length: 5 }, (_, i) => ({ data: { n: i }, priority: 10 }));
    const benign = Array.from({ length: 2 }, (_, i) => ({ data: { n: 100 + i }, harm: "none" as const }));
    const project = await harmfulProject([...harmful, ...benign]);
    const person = await annotator();
    const served: number[] = [];
    for (let i = 0; i < 5; i++) {
      const outcome = await work(project, person, NOON + i * MINUTE);
      served.push(outcome.lease?.task.data.n as number);
    }
    expect(served).toEqual([0, 1, 2, 100, 101]);
    const last = await leaseNextTaskOrReason(database, { project, annotator: person, now: NOON + 6 * MINUTE });
    expect(last).toEqual({ reason: "exposure_budget_reached" });
    // Another person's budget is their own.
    expect(
      (await leaseNextTaskOrReason(database, { project, annotator: await annotator(), now: NOON })).lease,
    ).toBeDefined();
    // A manager's override for this person reopens the category (task 3 went to the other person).
    await setPersonWellbeing(database.db, person.id, "budgets", { violence: { itemsPerDay: 4 } }, NOON);
    const reopened = await leaseNextTaskOrReason(database, { project, annotator: person, now: NOON + 7 * MINUTE });
    expect(reopened.lease?.task.data.n).toBe(4);
  });

  it("never lets racing claims across projects pass the item budget (held leases count)", async () => {
    const tasks = Array.from({ length: 10 }, (_, i) => ({ data: { n: i } }));
    const projects = [await harmfulProject(tasks), await harmfulProject(tasks)];
    const person = await annotator();
    // Invariant: judged + held items of a category never exceed its daily limit (3), however the
    // claims race; each project also lets one person hold up to MAX_ACTIVE_LEASES leases.
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        leaseNextTaskOrReason(database, { project: projects[i % 2]!, annotator: person, now: NOON }),
      ),
    );
    const leases = outcomes.flatMap((o) => (o.lease ? [o.lease] : []));
    expect(new Set(leases.map((l) => l.id)).size).toBe(3);
    const ids = new Set(leases.map((l) => l.id));
    for (const lease of leases.filter((l, i) => leases.findIndex((m) => m.id === l.id) === i))
      await submitJudgment(database, {
        project: projects.find((p) => p.id === lease.projectId)!,
        assignmentId: lease.id,
        annotatorId: person.id,
        value: 1,
        activeMs: 1000,
        clientKey: `race${lease.id}`,
        now: NOON + MINUTE,
      });
    const decision = await database.db
      .transaction()
      .execute((trx) => readExposureDecision(database, trx, person, NOON + MINUTE));
    const violence = decision.categories.find((c) => c.category === "violence")!;
    expect(violence.itemsToday).toBe(ids.size);
    expect(violence.itemsToday).toBeLessThanOrEqual(3);
    const more = await Promise.all(
      projects.map((project) =>
        leaseNextTaskOrReason(database, { project, annotator: person, now: NOON + 2 * MINUTE }),
      ),
    );
    if (violence.itemsToday === 3)
      expect(more).toEqual([{ reason: "exposure_budget_reached" }, { reason: "exposure_budget_reached" }]);
  });

  it("starts a new day at midnight where the person is", async () => {
    const tasks = Array.from({ length: 20 }, (_, i) => ({ data: { n: i } }));
    const project = await harmfulProject(tasks, 2);
    const kolkata = await annotator("Asia/Kolkata");
    const utc = await annotator();
    // 18:00 UTC is 23:30 in Kolkata; 18:40 UTC is 00:10 the next day there, still the same day in UTC.
    const evening = Date.UTC(2027, 0, 6, 18);
    for (const person of [kolkata, utc])
      for (let i = 0; i < 3; i++) expect((await work(project, person, evening + i * MINUTE)).lease).toBeDefined();
    const later = Date.UTC(2027, 0, 6, 18, 40);
    expect((await work(project, utc, later)).reason).toBe("exposure_budget_reached");
    expect((await work(project, kolkata, later)).lease).toBeDefined();
  });

  it("refuses harmful leases during the break after a session cap, and gives them again after it", async () => {
    const session = { reminderMinutes: 5, capMinutes: 10, breakMinutes: 5 };
    await saveWellbeingPolicy(database.db, policy(null, session), admin.id, NOON);
    try {
      const tasks = Array.from({ length: 30 }, (_, i) => ({ data: { n: i } }));
      const project = await harmfulProject(tasks);
      const person = await annotator();
      let t = NOON;
      for (let i = 0; i < 5; i++) {
        t += 2 * MINUTE;
        expect((await work(project, person, t, 2 * MINUTE)).lease).toBeDefined();
      }
      const refused = await leaseNextTaskOrReason(database, { project, annotator: person, now: t + 1000 });
      expect(refused).toEqual({ reason: "session_break", breakUntil: t + 5 * MINUTE });
      expect(
        (await leaseNextTaskOrReason(database, { project, annotator: person, now: t + 5 * MINUTE })).lease,
      ).toBeDefined();
    } finally {
      await saveWellbeingPolicy(database.db, policy(3), admin.id, NOON);
    }
  });

  it("advances each person's stored session as core's advanceSession does: rests, a cap, its break", async () => {
    const session = { reminderMinutes: 5, capMinutes: 10, breakMinutes: 5 };
    await saveWellbeingPolicy(database.db, policy(null, session), admin.id, NOON);
    try {
      const tasks = Array.from({ length: 20 }, (_, i) => ({ data: { n: i } }));
      const project = await harmfulProject(tasks, 2);
      // [minutes after noon, minutes of work]: going on, a rest of a break's length, the cap
      // (a break starts), work right after the break, the cap in one judgment, a new session.
      const steps: [number, number][] = [
        [0, 2],
        [2, 1],
        [8, 1],
        [11, 3],
        [14, 3],
        [17, 3],
        [22, 12],
        [27, 1],
      ];
      // The first judgment reaching the cap on its own (no stored session yet).
      const people: [User, [number, number][]][] = [
        [await annotator(), steps],
        [
          await annotator(),
          [
            [0, 10],
            [5, 1],
          ],
        ],
      ];
      for (const [person, sequence] of people) {
        let expected = NO_SESSION;
        for (const [minute, workMinutes] of sequence) {
          const now = NOON + minute * MINUTE;
          expect((await work(project, person, now, workMinutes * MINUTE)).lease, `minute ${minute}`).toBeDefined();
          expected = advanceSession(expected, { now, activeMs: workMinutes * MINUTE }, session);
          expect((await readPersonWellbeing(database.db, person.id)).session, `minute ${minute}`).toEqual(expected);
        }
      }
    } finally {
      await saveWellbeingPolicy(database.db, policy(3), admin.id, NOON);
    }
  });

  it("reads nothing of exposure in a project without harmful tasks", async () => {
    const seeded = await seedProject(database, { admin, now: NOON, tasks: [{ data: { n: 1 } }] });
    const project = (await getProject(database.db, seeded.project.id))!;
    expect(project.harm).toEqual({
      category: null,
      present: [],
      media: { blur: false, greyscale: false, mute: false },
    });
    const outcome = await leaseNextTaskOrReason(database, { project, annotator: await annotator(), now: NOON });
    expect(outcome.lease).toBeDefined();
  });
});
