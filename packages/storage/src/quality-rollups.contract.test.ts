import {
  agreementReport,
  type KeyedAnswer,
  labelKey,
  mulberry32,
  type Project,
  parseLabelSchema,
  type RollupCell,
  type User,
} from "@quorum/core";
import {
  answersAfter,
  answersAfterQuery,
  claimNextReview,
  type Database,
  decideReview,
  enqueueForReview,
  leaseNextTask,
  newUser,
  projectQuality,
  readQualityRollups,
  recomputeQualityRollups,
  refitProject,
  seedProject,
  submitJudgment,
  testTargets,
  undoReview,
} from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();
const LABELS = ["rel", "partial", "irrel"];

/** The cells sorted by kind and key, values rounded (floats summed in another order differ in the last bits). */
function normalised(cells: readonly RollupCell[]) {
  return cells
    .filter((c) => c.values.some((v) => Math.abs(v) > 1e-9))
    .map((c) => ({ id: `${c.kind} ${c.key}`, values: c.values.map((v) => Math.round(v * 1e6) / 1e6) }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe.each(targets)("quality roll-ups on $dialect", (target) => {
  let database: Database;
  const now = 1_800_000_000_000;

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  /** A search-relevance project in two languages, a quarter of its tasks gold, and `judgments` random answers. */
  async function judgedProject(seed: number, judgments: number) {
    const next = mulberry32(seed);
    const { project, annotators } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: LABELS }),
      overlap: 3,
      tasks: Array.from({ length: 30 }, (_, i) => ({
        data: { q: `query ${i}`, language: i % 3 === 0 ? "de" : "en" },
        ...(i % 4 === 0 ? { gold: LABELS[i % 3]! } : {}),
      })),
      annotators: Array.from({ length: 6 }, () => ({ languages: ["en", "de"] })),
      now,
    });
    let given = 0;
    for (let round = 0; given < judgments && round < judgments * 10; round++) {
      const annotator = annotators[Math.floor(next() * annotators.length)]!;
      const lease = await leaseNextTask(database, { project, annotator, now: now + round });
      if (!lease) continue;
      await submitJudgment(database, {
        project,
        assignmentId: lease.id,
        annotatorId: annotator.id,
        value: LABELS[Math.floor(next() * LABELS.length)]!,
        activeMs: 5000,
        clientKey: `s${seed}-${round}`,
        now: now + round,
      });
      given++;
    }
    return { project, annotators, given };
  }

  async function expectRollupsRecomputed(project: Project) {
    const stored = await readQualityRollups(database.db, project.id);
    const { cells } = await recomputeQualityRollups(database.db, project);
    expect(normalised(stored)).toEqual(normalised(cells));
  }

  it.each([1, 2, 3])(
    "moved judgment by judgment, equal their recomputation from the judgments (seed %i)",
    async (seed) => {
      const { project, given } = await judgedProject(seed, 45);
      expect(given).toBeGreaterThan(30);
      await expectRollupsRecomputed(project);
    },
  );

  it("stay equal to the recomputation when annotators submit at the same time", async () => {
    const { project, annotators } = await judgedProject(5, 0);
    for (let round = 0; round < 6; round++)
      await Promise.all(
        annotators.map(async (annotator, n) => {
          const at = now + 1000 + round * 10 + n;
          const lease = await leaseNextTask(database, { project, annotator, now: at });
          if (!lease) return;
          await submitJudgment(database, {
            project,
            assignmentId: lease.id,
            annotatorId: annotator.id,
            value: LABELS[(round + n) % LABELS.length]!,
            activeMs: 5000,
            clientKey: `together-${round}-${n}`,
            now: at,
          });
        }),
      );
    const count = await database.db
      .selectFrom("judgments")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("project_id", "=", project.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBeGreaterThan(20);
    await expectRollupsRecomputed(project);
  });

  it("stay equal to the recomputation through review verdicts, their undo, and a re-fit", async () => {
    const { project } = await judgedProject(7, 60);
    const reviewer: User = await newUser(database, { role: "reviewer", now });
    await enqueueForReview(database.db, {
      projectId: project.id,
      source: "low_confidence",
      threshold: 1.01,
      limit: 10,
      actorId: reviewer.id,
      now,
    });
    const work = await claimNextReview(database, { projectId: project.id, reviewerId: reviewer.id, now: now + 5_000 });
    expect(work).toBeDefined();
    await decideReview(database, {
      itemId: work!.item.id,
      reviewerId: reviewer.id,
      verdict: "correct",
      value: "irrel",
      override: false,
      now: now + 10_000,
    });
    await expectRollupsRecomputed(project);
    await undoReview(database, { itemId: work!.item.id, reviewerId: reviewer.id, now: now + 11_000 });
    await expectRollupsRecomputed(project);
    await refitProject(database.db, project, now + 20_000);
    await expectRollupsRecomputed(project);
  });

  it("report every judgment: the quality report's agreement is the one over all judgments", async () => {
    const { project, given } = await judgedProject(11, 60);
    const report = await projectQuality(database.db, project, now + 100_000);
    expect(report.judgments).toBe(given);
    const answers = await answersAfter(database.db, project.id, { after: 0, limit: 1_000_000 });
    const keyed: KeyedAnswer[] = answers.map((a) => ({
      task: String(a.taskId),
      worker: String(a.annotatorId),
      label: labelKey(a.value),
      value: a.value,
      language: a.language || "any",
      version: `v${a.guidelineVersion}`,
      gold: a.gold === null ? null : labelKey(a.gold),
      aggregate: a.aggregate === null ? null : labelKey(a.aggregate.value),
    }));
    expect(report.agreement).toEqual(agreementReport(project.schema, keyed, LABELS));
    expect(report.languages.map((l) => [l.language, l.judgments])).toEqual([
      ["de", keyed.filter((a) => a.language === "de").length],
      ["en", keyed.filter((a) => a.language === "en").length],
    ]);
    const goldAnswers = keyed.filter((a) => a.gold !== null);
    expect(report.languages.reduce((n, l) => n + l.goldAccuracy.n, 0)).toBe(goldAnswers.length);
    expect(report.reliability.tasks).toBeGreaterThan(0);
    expect(report.reliability.bins).toHaveLength(10);
    for (const a of report.annotators) expect(a.kappa?.items ?? 0).toBeGreaterThan(0);
  });
});

describe.each(targets.filter((t) => t.dialect === "sqlite"))("a re-fit's pages on $dialect", (target) => {
  it("walk the project's judgments in id order through judgments_project, without sorting the project", async () => {
    const database = await target.open();
    try {
      const query = answersAfterQuery(database.db, 1, { after: 5, limit: 1000 }).compile();
      const rows = (
        await sql.raw(`explain query plan ${inlineNumbers(query.sql, query.parameters)}`).execute(database.db)
      ).rows as { detail: string }[];
      const plan = rows.map((r) => r.detail).join("\n");
      expect(plan).toMatch(/SEARCH judgments USING INDEX judgments_project \(project_id=\? AND rowid>\?\)/);
      expect(plan).not.toContain("TEMP B-TREE");
    } finally {
      await database.close();
    }
  });
});

function inlineNumbers(text: string, parameters: readonly unknown[]): string {
  let i = 0;
  return text.replace(/\?/g, () => String(parameters[i++]));
}
