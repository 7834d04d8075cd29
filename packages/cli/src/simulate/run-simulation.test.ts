import { type LabelSchema, type LabelValue, type Project, parseLabelSchema, type User } from "@quorum/core";
import { type Database, newAnnotator, newUser, type SeedTask, seedProject, testTargets } from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextShift, type SimulatedAnnotator, sampleAnnotatorModel } from "./annotator-model.js";
import { runSimulation, type SimulatedWorker } from "./run-simulation.js";

const targets = await testTargets();
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 20, 18);

describe.each(targets)("runSimulation on $dialect", (target) => {
  let database: Database;
  let admin: User;
  let seq = 0;

  beforeAll(async () => {
    database = await target.open();
    admin = await newUser(database, { now: NOW });
  });
  afterAll(() => database.close());

  async function project(schema: LabelSchema, requirements: Project["requirements"], tasks: SeedTask[], overlap = 3) {
    const seeded = await seedProject(database, {
      admin,
      name: `p${++seq}`,
      schema,
      requirements,
      overlap,
      guidelines: "# Guidelines",
      tasks,
      now: NOW - 48 * HOUR,
    });
    return seeded.project;
  }

  async function workers(
    n: number,
    options: {
      languages?: string[];
      skills?: Record<string, number>;
      model?: Partial<SimulatedAnnotator>;
      seedBase?: number;
    } = {},
  ): Promise<SimulatedWorker[]> {
    const list: SimulatedWorker[] = [];
    for (let i = 0; i < n; i++) {
      const languages = options.languages ?? ["en"];
      const user = await newAnnotator(database, { languages, skills: options.skills ?? {}, now: NOW - 72 * HOUR });
      seq++;
      const seed = options.seedBase === undefined ? seq : options.seedBase + i;
      const model = sampleAnnotatorModel({ seed, languages, accuracy: 0.8, accuracySpread: 0, shiftMinutes: 600 });
      list.push({ user, model: { ...model, worksWeekends: true, ...options.model } });
    }
    return list;
  }

  function goldTasks(n: number, gold: (i: number) => LabelValue): SeedTask[] {
    return Array.from({ length: n }, (_, i) => ({ data: { text: `item ${i}` }, gold: gold(i) }));
  }

  it("never gives a task more than its overlap nor twice to one annotator, and answers gold about as well as the model", async () => {
    const schema = parseLabelSchema({ type: "single_choice", options: ["cat", "dog", "bird", "fish"] });
    const p = await project(
      schema,
      { languages: [], skills: {} },
      goldTasks(60, (i) => ["cat", "dog", "bird", "fish"][i % 4]!),
    );
    const team = await workers(10);
    const result = await runSimulation(database, {
      projects: [p],
      workers: team,
      from: NOW - 48 * HOUR,
      to: NOW,
      seed: 1,
    });

    expect(result.judgments).toBe(180); // every slot filled
    const stored = await database.db
      .selectFrom("judgments")
      .select((eb) => [
        "task_id",
        eb.fn.countAll<number>().as("n"),
        eb.fn.count<number>("annotator_id").distinct().as("people"),
      ])
      .where("project_id", "=", p.id)
      .groupBy("task_id")
      .execute();
    expect(stored.reduce((s, r) => s + Number(r.n), 0)).toBe(result.judgments);
    for (const row of stored) {
      expect(Number(row.n)).toBeLessThanOrEqual(3);
      expect(Number(row.people)).toBe(Number(row.n));
    }
    const tasks = await database.db.selectFrom("tasks").selectAll().where("project_id", "=", p.id).execute();
    for (const task of tasks) {
      const judged = stored.find((r) => r.task_id === task.id);
      expect(task.judgment_count).toBe(Number(judged?.n ?? 0));
      expect(task.slots_taken).toBeLessThanOrEqual(task.required);
    }

    expect(result.goldAnswered).toBe(result.judgments);
    const accuracy = result.goldCorrect / result.goldAnswered;
    expect(accuracy).toBeGreaterThan(0.72);
    expect(accuracy).toBeLessThan(0.88);
  });

  it("works only during each annotator's shifts, on the simulated clock", async () => {
    const schema = parseLabelSchema({ type: "rating", min: 0, max: 4 });
    const p = await project(
      schema,
      { languages: [], skills: {} },
      goldTasks(60, (i) => i % 5),
    );
    const team = await workers(6, { model: { shift: { startMinute: 9 * 60, minutes: 90 } } });
    const from = NOW - 36 * HOUR;
    await runSimulation(database, { projects: [p], workers: team, from, to: NOW, seed: 2 });
    const leases = await database.db
      .selectFrom("assignments")
      .select(["annotator_id", "created_at", "finished_at"])
      .where("project_id", "=", p.id)
      .execute();
    expect(leases.length).toBeGreaterThan(50);
    for (const lease of leases) {
      const model = team.find((w) => w.user.id === lease.annotator_id)!.model;
      expect(lease.created_at).toBeGreaterThanOrEqual(from);
      expect(lease.created_at).toBeLessThan(NOW);
      const shift = nextShift(model, lease.created_at)!;
      expect(shift.start).toBeLessThanOrEqual(lease.created_at);
      expect(lease.finished_at ?? 0).toBeLessThanOrEqual(NOW);
    }
    const hours = await database.db
      .selectFrom("activity_hourly")
      .select("hour")
      .distinct()
      .where("project_id", "=", p.id)
      .execute();
    expect(hours.length).toBeGreaterThan(2);
  });

  it("skips, lets leases expire and releases what is in hand at the end, keeping the slot counts right", async () => {
    const schema = parseLabelSchema({ type: "pairwise" });
    const tasks: SeedTask[] = Array.from({ length: 50 }, (_, i) => ({
      data: { prompt: `p${i}`, left: "a", right: "b" },
    }));
    const p = await project(schema, { languages: [], skills: {} }, tasks, 5);
    const team = await workers(8, { model: { skipRate: 0.15, abandonRate: 0.05 } });
    const result = await runSimulation(database, {
      projects: [p],
      workers: team,
      from: NOW - 30 * HOUR,
      to: NOW,
      seed: 3,
    });
    expect(result.skipped).toBeGreaterThan(0);
    expect(result.expired).toBeGreaterThan(0);

    const statuses = await database.db
      .selectFrom("assignments")
      .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("project_id", "=", p.id)
      .groupBy("status")
      .execute();
    const count = (status: string) => Number(statuses.find((s) => s.status === status)?.n ?? 0);
    expect(count("submitted")).toBe(result.judgments);
    expect(count("skipped")).toBe(result.skipped);
    expect(count("released")).toBe(result.released);
    // Abandoned leases are either reclaimed (expired) or, near the end, still active until they run out.
    expect(count("expired") + count("active")).toBe(result.expired);

    const slots = await database.db
      .selectFrom("tasks")
      .select((eb) => [eb.fn.sum<number>("slots_taken").as("slots"), eb.fn.sum<number>("judgment_count").as("judged")])
      .where("project_id", "=", p.id)
      .executeTakeFirstOrThrow();
    expect(Number(slots.slots)).toBe(result.judgments + count("active"));
    expect(Number(slots.judged)).toBe(result.judgments);
  });

  it("routes tasks by language and leaves out annotators who miss a requirement", async () => {
    const schema = parseLabelSchema({ type: "rating", min: 0, max: 4 });
    const tasks: SeedTask[] = Array.from({ length: 60 }, (_, i) => ({
      data: { query: `q${i}`, language: i % 2 === 0 ? "de" : "ja" },
    }));
    const p = await project(schema, { languages: ["de", "ja"], skills: { relevance: 1 } }, tasks);
    const german = await workers(4, { languages: ["de"], skills: { relevance: 2 } });
    const unskilled = await workers(3, { languages: ["de", "ja"] });
    const result = await runSimulation(database, {
      projects: [p],
      workers: [...german, ...unskilled],
      from: NOW - 24 * HOUR,
      to: NOW,
      seed: 4,
    });
    expect(result.judgments).toBeGreaterThan(0);
    const rows = await sql<{ annotator_id: number; language: string }>`
      select j.annotator_id, t.language from judgments j
      join tasks t on t.project_id = j.project_id and t.id = j.task_id
      where j.project_id = ${p.id}`.execute(database.db);
    const germanIds = new Set(german.map((w) => w.user.id));
    for (const row of rows.rows) {
      expect(germanIds.has(Number(row.annotator_id))).toBe(true);
      expect(row.language).toBe("de");
    }
  });

  it("keeps going when the project's quality rules pause a careless annotator", async () => {
    const schema = parseLabelSchema({ type: "single_choice", options: ["a", "b", "c", "d"] });
    const { project: p } = await seedProject(database, {
      admin,
      name: `p${++seq}`,
      schema,
      overlap: 3,
      qualityRules: { minGoldAnswers: 8, minAccuracy: 0.6, action: "pause", minActiveMs: 0, maxFastShare: 0.5 },
      tasks: goldTasks(60, (i) => ["a", "b", "c", "d"][i % 4]!),
      now: NOW - 48 * HOUR,
    });
    // The careless one starts hours earlier, so they meet the gold tasks before the others finish them.
    const early = { utcOffsetMinutes: 0, shift: { startMinute: 6 * 60, minutes: 600 } };
    const careless = await workers(1, { model: { accuracy: 0.05, ...early } });
    const careful = await workers(4, {
      model: { accuracy: 0.95, ...early, shift: { startMinute: 10 * 60, minutes: 600 } },
    });
    const result = await runSimulation(database, {
      projects: [p],
      workers: [...careless, ...careful],
      from: NOW - 40 * HOUR,
      to: NOW,
      seed: 5,
    });
    const byCareless = await database.db
      .selectFrom("judgments")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("project_id", "=", p.id)
      .where("annotator_id", "=", careless[0]!.user.id)
      .executeTakeFirstOrThrow();
    expect(Number(byCareless.n)).toBeGreaterThanOrEqual(8);
    expect(Number(byCareless.n)).toBeLessThan(30);
    expect(result.judgments).toBeGreaterThan(160); // the others finish the work (bar tasks skipped by too many)
  });

  it("is deterministic for a seed", async () => {
    const schema = parseLabelSchema({ type: "single_choice", options: ["yes", "no"] });
    const outcomes = [];
    for (let run = 0; run < 2; run++) {
      const p = await project(
        schema,
        { languages: [], skills: {} },
        goldTasks(40, (i) => (i % 3 === 0 ? "no" : "yes")),
      );
      const team = await workers(5, { seedBase: 1000 });
      const result = await runSimulation(database, {
        projects: [p],
        workers: team,
        from: NOW - 12 * HOUR,
        to: NOW,
        seed: 9,
      });
      const values = await database.db
        .selectFrom("judgments")
        .select(["value", "active_ms", "created_at"])
        .where("project_id", "=", p.id)
        .orderBy("id")
        .execute();
      const { judgmentsByProject, ...counts } = result;
      expect(judgmentsByProject[p.id]).toBe(result.judgments);
      outcomes.push({ counts, values });
    }
    expect(outcomes[1]).toEqual(outcomes[0]);
  });
});
