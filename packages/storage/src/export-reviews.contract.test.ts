import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ExportFileOptions, parseCsv, parseLabelSchema, type ReviewSource } from "@quorum/core";
import {
  type Database,
  decideReview,
  exportProjectText,
  leaseNextTask,
  migrateToLatest,
  newUser,
  openDatabase,
  pgExportedReviews,
  REVIEW_ORDER,
  seedProject,
  submitJudgment,
  type TestTarget,
  testTargets,
} from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** SQLite in a file: its exports are rendered by worker threads. */
const sqliteFile: TestTarget = {
  dialect: "sqlite",
  async open() {
    const dir = mkdtempSync(join(tmpdir(), "quorum-export-reviews-"));
    const database = await openDatabase({ url: join(dir, "quorum.db") });
    await migrateToLatest(database.db);
    return {
      ...database,
      close: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const targets = [
  ...(await testTargets()).map((t) => ({ name: t.dialect === "sqlite" ? "SQLite in memory" : "PostgreSQL", t })),
  { name: "SQLite file", t: sqliteFile },
];

const schema = parseLabelSchema({
  type: "single_choice",
  options: [
    { value: "ok", label: "Fine" },
    { value: "spam", label: "Spam" },
  ],
});
const now = 1_800_000_000_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(targets)("review outcome in exports on $name", ({ t }) => {
  let database: Database;

  beforeAll(async () => {
    database = await t.open();
  });
  afterAll(() => database.close());

  /**
   * Six done tasks, each judged "ok" once: accepted, corrected to spam, rejected (back to the
   * queue), pending, never reviewed, and corrected then queued again (the verdict is exported).
   */
  async function reviewedProject() {
    const { project, annotators, taskIds, admin } = await seedProject(database, {
      now,
      schema,
      overlap: 1,
      annotators: 1,
      tasks: Array.from({ length: 6 }, (_, i) => ({ data: { text: `t${i}` }, externalId: `doc-${i}` })),
    });
    const [annotator] = annotators;
    for (let i = 0; i < 6; i++) {
      const lease = await leaseNextTask(database, { project, annotator: annotator!, now });
      await submitJudgment(database, {
        project,
        assignmentId: lease!.id,
        annotatorId: annotator!.id,
        value: "ok",
        activeMs: 100,
        clientKey: `k${i}`,
        now: now + i,
      });
    }
    const reviewer = await newUser(database, { role: "reviewer", now });
    const queue = async (task: number, source: ReviewSource, at: number) =>
      (
        await database.db
          .insertInto("review_items")
          .values({
            project_id: project.id,
            task_id: taskIds[task]!,
            source,
            plan_id: null,
            status: "pending",
            reviewer_id: null,
            created_at: at,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const decide = async (itemId: number, verdict: "accept" | "reject" | "correct", at: number) =>
      decideReview(database, {
        itemId,
        reviewerId: reviewer.id,
        verdict,
        ...(verdict === "correct" ? { value: "spam" } : {}),
        override: true,
        now: at,
      });
    await decide(await queue(0, "sample", now + 10), "accept", now + 1000);
    await decide(await queue(1, "low_confidence", now + 10), "correct", now + 2000);
    await decide(await queue(2, "disagreement", now + 10), "reject", now + 3000);
    await queue(3, "dispute", now + 10);
    await decide(await queue(5, "sample", now + 10), "correct", now + 5000);
    // Claimed by a reviewer, still undecided: the export names no reviewer for it.
    const again = await queue(5, "low_confidence", now + 6000);
    await database.db.updateTable("review_items").set({ reviewer_id: admin.id }).where("id", "=", again).execute();
    return { project, taskIds, reviewer: String(reviewer.id), annotator: String(annotator!.id) };
  }

  async function exportText(projectId: number, options: Omit<ExportFileOptions, "schema">, threads: number) {
    const decoder = new TextDecoder();
    let text = "";
    for await (const piece of exportProjectText(database.db, projectId, { ...options, schema, threads, rangeTasks: 2 }))
      text += typeof piece.text === "string" ? piece.text : decoder.decode(piece.text);
    return text;
  }

  /** Every format's text, the same from worker threads as from here. */
  async function exported(projectId: number, options: Omit<ExportFileOptions, "schema">) {
    const here = await exportText(projectId, options, 0);
    if (options.format !== "label-studio") expect(await exportText(projectId, options, 2)).toBe(here);
    return here;
  }

  async function csvRecords(text: string): Promise<Record<string, string>[]> {
    const rows: string[][] = [];
    for await (const record of parseCsv([text])) rows.push(record.fields);
    const [header, ...rest] = rows;
    return rest.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
  }

  it("writes each task's latest verdict (or pending review) and where its label came from, in every format", async () => {
    const { project, reviewer, annotator } = await reviewedProject();
    const decided = (status: string, source: string, at: number) => ({
      status,
      source,
      reviewerId: reviewer,
      reviewedAt: iso(at),
    });
    const reviews = [
      decided("accepted", "sample", now + 1000),
      decided("corrected", "low_confidence", now + 2000),
      decided("rejected", "disagreement", now + 3000),
      { status: "pending", source: "dispute", reviewerId: null, reviewedAt: null },
      null,
      decided("corrected", "sample", now + 5000),
    ];

    const lines = (await exported(project.id, { format: "jsonl", per: "judgment" }))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.review)).toEqual(reviews);
    expect(lines.map((line) => [line.status, line.aggregate?.value, line.labelSource])).toEqual([
      ["done", "ok", "consensus"],
      ["done", "spam", "review"],
      ["open", "ok", "consensus"],
      ["done", "ok", "consensus"],
      ["done", "ok", "consensus"],
      ["done", "spam", "review"],
    ]);

    const cells = (review: (typeof reviews)[number]) => ({
      review_status: review?.status ?? "",
      review_source: review?.source ?? "",
      reviewer_id: review?.reviewerId ?? "",
      reviewed_at: review?.reviewedAt ?? "",
    });
    const perTask = await csvRecords(await exported(project.id, { format: "csv", per: "task" }));
    expect(perTask.map((row) => [row.label, row.label_name, row.status, row.label_source])).toEqual([
      ["ok", "Fine", "done", "consensus"],
      ["spam", "Spam", "done", "review"],
      // A rejected task is labeled anew: until then it has no label, nor a source for one.
      ["", "", "open", ""],
      ["ok", "Fine", "done", "consensus"],
      ["ok", "Fine", "done", "consensus"],
      ["spam", "Spam", "done", "review"],
    ]);
    for (const [i, row] of perTask.entries()) expect(row).toMatchObject(cells(reviews[i]!));

    const perJudgment = await csvRecords(await exported(project.id, { format: "csv", per: "judgment" }));
    expect(perJudgment.map((row) => [row.external_id, row.annotator_id, row.label, row.label_name])).toEqual(
      Array.from({ length: 6 }, (_, i) => [`doc-${i}`, annotator, "ok", "Fine"]),
    );
    for (const [i, row] of perJudgment.entries()) expect(row).toMatchObject(cells(reviews[i]!));

    const studio = JSON.parse(await exported(project.id, { format: "label-studio", per: "judgment" }));
    expect(studio.map((task: { meta: unknown }) => task.meta)).toEqual(
      reviews.map((review, i) => ({
        external_id: `doc-${i}`,
        ...(review && {
          review: {
            status: review.status,
            source: review.source,
            reviewer: review.reviewerId,
            reviewed_at: review.reviewedAt,
          },
        }),
        label_source: i === 1 || i === 5 ? "review" : "consensus",
      })),
    );
  });

  it("gives the review to the right task when a labeled-only export leaves tasks out", async () => {
    const { project, taskIds } = await reviewedProject();
    // The pending task made unlabeled: its review item is in the range read, its line is not.
    await database.db.deleteFrom("judgments").where("task_id", "=", taskIds[3]!).execute();
    await database.db.updateTable("tasks").set({ judgment_count: 0 }).where("id", "=", taskIds[3]!).execute();
    const options = { format: "jsonl", per: "judgment", onlyLabeled: true } as const;
    const lines = (await exported(project.id, options))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.task.externalId, line.review?.status ?? null])).toEqual([
      ["doc-0", "accepted"],
      ["doc-1", "corrected"],
      ["doc-2", "rejected"],
      ["doc-4", null],
      ["doc-5", "corrected"],
    ]);
  });

  // Review times at the edges of what a renderer might get wrong (before 1970, the last exact
  // millisecond of a double's microseconds), the same from worker threads as from here.
  it("writes odd review times alike in worker threads and here", async () => {
    const { project, taskIds } = await reviewedProject();
    // The decided items' tasks: 0, 1, 2 and 5.
    const times: [number, number][] = [
      [0, 0],
      [1, 86_399_999],
      [2, -1],
      [5, 9_007_199_254_739],
    ];
    for (const [task, at] of times)
      await database.db
        .updateTable("review_items")
        .set({ reviewed_at: at })
        .where("task_id", "=", taskIds[task]!)
        .where("status", "<>", "pending")
        .execute();
    const options = { format: "jsonl", per: "judgment" } as const;
    const here = await exportText(project.id, options, 0);
    expect(here).toContain('"reviewedAt":"1970-01-01T23:59:59.999Z"');
    expect(here).toContain('"reviewedAt":"1969-12-31T23:59:59.999Z"');
    expect(here).toContain(`"reviewedAt":"${iso(9_007_199_254_739)}"`);
    expect(await exportText(project.id, options, 2)).toBe(here);
  });

  // A range of tasks' review items is one range of `review_items_task`, never a scan of the project's items.
  it("reads a range's review items through the index by task", async () => {
    const select = `select task_id, status, source, reviewer_id, reviewed_at from review_items
      where project_id = 1 and task_id >= 1 and task_id <= 1000 order by ${REVIEW_ORDER}`;
    const plan = await database.db.transaction().execute(async (trx) => {
      if (t.dialect === "postgres") {
        // The test's tables are tiny: a sequential scan would be cheaper there, not at scale.
        await sql`set local enable_seqscan = off`.execute(trx);
        const joined = pgExportedReviews(1, 1, 1000);
        const { rows } = await sql.raw<{ "QUERY PLAN": string }>(`explain ${joined}`).execute(trx);
        return rows.map((row) => row["QUERY PLAN"]).join("\n");
      }
      const { rows } = await sql.raw<{ detail: string }>(`explain query plan ${select}`).execute(trx);
      return rows.map((row) => row.detail).join("\n");
    });
    expect(plan).toMatch(/review_items_task/);
  });
});
