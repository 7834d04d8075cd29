import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ImportItem, ImportRejected, type Project, parseLabelSchema, parseTasks } from "@quorum/core";
import { type Database, type ImportOptions, importTasks, seedProject, TEST_NOW, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();
const schema = parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] });

/** JSONL lines of tasks with these ids (null: no id), numbered in `text`. */
function jsonl(ids: (string | null)[]): string {
  return ids.map((id, i) => JSON.stringify({ data: { text: `t${i + 1}` }, ...(id === null ? {} : { id }) })).join("\n");
}

describe.each(targets)("importing tasks with ids on $dialect", (target) => {
  let database: Database;

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  /** A project holding tasks with ids "a" and "b"; the id of the task with "a". */
  async function projectWithIds(): Promise<{ project: Project; taskA: number }> {
    const seeded = await seedProject(database, {
      schema,
      tasks: [
        { data: { text: "a" }, externalId: "a" },
        { data: { text: "b" }, externalId: "b" },
      ],
    });
    return { project: seeded.project, taskA: seeded.taskIds[0]! };
  }

  function importFile(project: Project, text: string, extra: Partial<ImportOptions> = {}) {
    return importTasks(database.db, {
      project,
      records: parseTasks("jsonl", [text], project.schema),
      batchName: "file",
      actorId: 0,
      now: TEST_NOW,
      ...extra,
    });
  }

  async function counts(project: Project) {
    const tasks = await database.db
      .selectFrom("tasks")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("project_id", "=", project.id)
      .executeTakeFirstOrThrow();
    const batches = await database.db
      .selectFrom("batches")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("project_id", "=", project.id)
      .executeTakeFirstOrThrow();
    return { tasks: Number(tasks.n), batches: Number(batches.n) };
  }

  async function rejection(promise: Promise<unknown>): Promise<ImportRejected> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportRejected);
    return error as ImportRejected;
  }

  it("refuses by default a file whose ids repeat within it or among the project's tasks, by line, writing nothing", async () => {
    const { project, taskA } = await projectWithIds();
    const before = await counts(project);
    const refused = await rejection(importFile(project, jsonl(["x", "a", null, "y", "x", "y", "x"])));
    expect(refused.problems).toEqual([
      { line: 2, path: "id", message: `id "a" already exists in this project (task #${taskA})` },
      { line: 5, path: "id", message: 'id "x" repeats line 1' },
      { line: 6, path: "id", message: 'id "y" repeats line 4' },
      { line: 7, path: "id", message: 'id "x" repeats line 1' },
    ]);
    expect(await counts(project)).toEqual(before);
  });

  it("lists duplicates and other problems together, in line order, across chunks", async () => {
    const { project, taskA } = await projectWithIds();
    const ids = Array.from({ length: 1000 }, (_, i) => `id-${i}`);
    ids[449] = "a";
    ids[899] = "id-9";
    const lines = jsonl(ids).split("\n");
    lines[599] = '{"data": 5}';
    const refused = await rejection(importFile(project, lines.join("\n")));
    expect(refused.problems).toEqual([
      { line: 450, path: "id", message: `id "a" already exists in this project (task #${taskA})` },
      { line: 600, path: "data", message: "must be an object" },
      { line: 900, path: "id", message: 'id "id-9" repeats line 10' },
    ]);
  });

  it("skips duplicates on request, imports the rest and reports what it left out", async () => {
    const { project, taskA } = await projectWithIds();
    const before = await counts(project);
    const result = await importFile(project, jsonl(["a", "c", "c", null, "d", "a"]), { duplicates: "skip" });
    expect(result.imported).toBe(3);
    expect(result.skippedCount).toBe(3);
    expect(result.skipped).toEqual([
      { line: 1, id: "a", reason: `id "a" already exists in this project (task #${taskA})` },
      { line: 3, id: "c", reason: 'id "c" repeats line 2' },
      { line: 6, id: "a", reason: 'id "a" repeats line 1' },
    ]);
    const stored = await database.db
      .selectFrom("tasks")
      .select(["external_id", "data"])
      .where("batch_id", "=", result.batchId)
      .orderBy("id")
      .execute();
    expect(stored.map((row) => [row.external_id, JSON.parse(row.data).text])).toEqual([
      ["c", "t2"],
      [null, "t4"],
      ["d", "t5"],
    ]);
    expect(await counts(project)).toEqual({ tasks: before.tasks + 3, batches: before.batches + 1 });
    const batch = await database.db
      .selectFrom("batches")
      .select("task_count")
      .where("id", "=", result.batchId)
      .executeTakeFirstOrThrow();
    expect(batch.task_count).toBe(3);
  });

  it("lists at most 100 skipped tasks but counts them all", async () => {
    const { project } = await projectWithIds();
    const result = await importFile(project, jsonl([...Array(150).fill("a"), "new"]), { duplicates: "skip" });
    expect(result).toMatchObject({ imported: 1, skippedCount: 150 });
    expect(result.skipped).toHaveLength(100);
  });

  it("refuses a file whose every task is skipped, naming them, rather than making an empty batch", async () => {
    const { project } = await projectWithIds();
    const before = await counts(project);
    const refused = await rejection(importFile(project, jsonl(["a", "b"]), { duplicates: "skip" }));
    expect(refused.message).toBe("All 2 tasks were skipped as duplicates; nothing was imported");
    expect(refused.problems.map((p) => [p.line, p.path])).toEqual([
      [1, "id"],
      [2, "id"],
    ]);
    expect(await counts(project)).toEqual(before);
  });

  it("checks the ids again when writing, against tasks another import stored after the file was read", async () => {
    const { project } = await projectWithIds();
    const rival = (): Promise<unknown> =>
      importFile(project, jsonl(["late"]), { batchName: "rival" }).then(() => undefined);
    // 401 tasks: the first 400 (with "late" first) are staged before the rival import runs.
    async function* records(): AsyncGenerator<ImportItem> {
      const parsed = parseTasks("jsonl", [jsonl(["late", ...Array.from({ length: 400 }, (_, i) => `n${i}`)])], schema);
      let count = 0;
      for await (const item of parsed) {
        if (++count === 401) await rival();
        yield item;
      }
    }
    const before = await counts(project);
    const options = { project, records: records(), batchName: "file", actorId: 0, now: TEST_NOW };
    const refused = await rejection(importTasks(database.db, options));
    expect(refused.problems).toEqual([
      {
        line: 1,
        path: "id",
        message: expect.stringMatching(/^id "late" already exists in this project \(task #\d+\)$/),
      },
    ]);
    // Only the rival's task and batch were written.
    expect(await counts(project)).toEqual({ tasks: before.tasks + 1, batches: before.batches + 1 });
  });

  it("finds ids that another import stored meanwhile in a project that had none (nothing looked up while reading)", async () => {
    const { project } = await seedProject(database, { schema, tasks: [{ data: { text: "no id" } }] });
    const ids = ["late", ...Array.from({ length: 400 }, (_, i) => `k${i}`)];
    async function* records(): AsyncGenerator<ImportItem> {
      let count = 0;
      for await (const item of parseTasks("jsonl", [jsonl(ids)], schema)) {
        if (++count === 401) await importFile(project, jsonl(["late"]), { batchName: "rival" });
        yield item;
      }
    }
    const options = { project, records: records(), batchName: "file", actorId: 0, now: TEST_NOW };
    const refused = await rejection(importTasks(database.db, options));
    expect(refused.problems).toEqual([
      { line: 1, path: "id", message: expect.stringMatching(/^id "late" already exists in this project/) },
    ]);
    expect(await counts(project)).toEqual({ tasks: 2, batches: 2 });
  });

  it("under skip, leaves out tasks whose id another import stored after the file was read, and writes the rest", async () => {
    const { project } = await projectWithIds();
    const rival = (): Promise<unknown> =>
      importFile(project, jsonl(["late", "late-2"]), { batchName: "rival" }).then(() => undefined);
    // "late" first, then 400 new ids, then "late" again (a repeat of line 1 whatever happens) and "late-2".
    const ids = ["late", ...Array.from({ length: 400 }, (_, i) => `m${i}`), "late", "late-2"];
    async function* records(): AsyncGenerator<ImportItem> {
      let count = 0;
      for await (const item of parseTasks("jsonl", [jsonl(ids)], schema)) {
        if (++count === 401) await rival();
        yield item;
      }
    }
    const before = await counts(project);
    const options = { project, records: records(), batchName: "file", actorId: 0, now: TEST_NOW };
    const result = await importTasks(database.db, { ...options, duplicates: "skip" });
    // Those found when the file was read come first, then those found when writing.
    expect(result.skipped).toEqual([
      { line: 402, id: "late", reason: 'id "late" repeats line 1' },
      { line: 403, id: "late-2", reason: expect.stringMatching(/^id "late-2" already exists in this project/) },
      {
        line: 1,
        id: "late",
        reason: expect.stringMatching(/^id "late" already exists in this project \(task #\d+\)$/),
      },
    ]);
    expect(result).toMatchObject({ imported: 400, skippedCount: 3 });
    const stored = await database.db
      .selectFrom("tasks")
      .select("external_id")
      .where("batch_id", "=", result.batchId)
      .orderBy("id")
      .execute();
    expect(stored.map((row) => row.external_id)).toEqual(ids.slice(1, 401));
    expect(await counts(project)).toEqual({ tasks: before.tasks + 402, batches: before.batches + 2 });
  });

  it("tells apart tasks that share a line (a Label Studio array on one line)", async () => {
    const { project } = await projectWithIds();
    const array = JSON.stringify([
      { data: { text: "p1" }, id: "p" },
      { data: { text: "p2" }, id: "p" },
      { data: { text: "q" }, id: "q" },
      { data: { text: "a" }, id: "a" },
    ]);
    const result = await importTasks(database.db, {
      project,
      records: parseTasks("label-studio", [array], project.schema),
      batchName: "ls",
      actorId: 0,
      now: TEST_NOW,
      duplicates: "skip",
    });
    expect(result.skipped.map((s) => [s.item, s.line, s.reason.slice(0, 33)])).toEqual([
      [2, 1, 'id "p" repeats item 1 (line 1)'],
      [4, 1, 'id "a" already exists in this pro'],
    ]);
    const stored = await database.db
      .selectFrom("tasks")
      .select("data")
      .where("batch_id", "=", result.batchId)
      .orderBy("id")
      .execute();
    expect(stored.map((row) => JSON.parse(row.data).text)).toEqual(["p1", "q"]);
  });

  it("refuses a one-line Label Studio file whose ids repeat, naming both tasks by their place in the array", async () => {
    const { project, taskA } = await projectWithIds();
    const array = JSON.stringify([
      { data: { text: "p1" }, id: "p" },
      { data: "q", id: "q" },
      { data: { text: "p2" }, id: "p" },
      { data: { text: "a" }, id: "a" },
      { data: "r", id: "r" },
    ]);
    const before = await counts(project);
    const refused = await rejection(
      importTasks(database.db, {
        project,
        records: parseTasks("label-studio", [array], project.schema),
        batchName: "ls",
        actorId: 0,
        now: TEST_NOW,
      }),
    );
    // In the order of the array, the problems of the tasks themselves among the repeated ids.
    expect(refused.details.map((d) => `${d.path}: ${d.message}`)).toEqual([
      "item 2 (line 1): data: must be an object",
      'item 3 (line 1): id: id "p" repeats item 1 (line 1)',
      `item 4 (line 1): id: id "a" already exists in this project (task #${taskA})`,
      "item 5 (line 1): data: must be an object",
    ]);
    expect(refused.problems.map((p) => p.item)).toEqual([2, 3, 4, 5]);
    expect(await counts(project)).toEqual(before);
  });

  it("names by its place in the array a task of a one-line Label Studio file whose id another import stored meanwhile", async () => {
    const { project } = await projectWithIds();
    const array = JSON.stringify(
      ["n0", "late", ...Array.from({ length: 400 }, (_, i) => `n${i + 1}`)].map((id) => ({ data: { text: id }, id })),
    );
    async function* records(): AsyncGenerator<ImportItem> {
      let count = 0;
      for await (const item of parseTasks("label-studio", [array], schema)) {
        if (++count === 401) await importFile(project, jsonl(["late"]), { batchName: "rival" });
        yield item;
      }
    }
    const options = { project, records: records(), batchName: "file", actorId: 0, now: TEST_NOW };
    const refused = await rejection(importTasks(database.db, options));
    expect(refused.problems).toEqual([
      {
        item: 2,
        line: 1,
        path: "id",
        message: expect.stringMatching(/^id "late" already exists in this project \(task #\d+\)$/),
      },
    ]);
  });

  it("stores text with tabs, line breaks, backslashes and \\N exactly (PostgreSQL writes by COPY)", async () => {
    const { project } = await projectWithIds();
    const awkward = "tab\there\nline\r\nback\\slash \\N \\t 🙂 \u00e9";
    const line = {
      data: { text: awkward, nested: { list: [1, null, "\\"] } },
      gold: "ok",
      goldExplanation: awkward,
      id: `x\t${awkward}`,
    };
    const result = await importFile(project, `${JSON.stringify(line)}\n${JSON.stringify({ data: { text: "\\N" } })}`);
    const rows = await database.db
      .selectFrom("tasks")
      .select(["external_id", "data", "gold", "gold_explanation", "status", "required", "slots_taken"])
      .where("batch_id", "=", result.batchId)
      .orderBy("id")
      .execute();
    expect(rows.map((row) => ({ ...row, data: JSON.parse(row.data) }))).toEqual([
      {
        external_id: line.id,
        data: line.data,
        gold: JSON.stringify("ok"),
        gold_explanation: awkward,
        status: "open",
        required: project.overlap,
        slots_taken: 0,
      },
      {
        external_id: null,
        data: { text: "\\N" },
        gold: null,
        gold_explanation: null,
        status: "open",
        required: project.overlap,
        slots_taken: 0,
      },
    ]);
  });

  it("stages the file in a temporary folder of its own and removes it, whether the import succeeds or fails", async () => {
    const { project } = await projectWithIds();
    const temporary = mkdtempSync(join(tmpdir(), "quorum-tmp-"));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = temporary;
    try {
      await importFile(project, jsonl(["s1", "s2"]));
      await rejection(importFile(project, jsonl(["s3", "s3"])));
      expect(readdirSync(temporary)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      rmSync(temporary, { recursive: true, force: true });
    }
  });
});
