import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ImportItem, ImportRejected, type Project, parseLabelSchema, parseTasks } from "@quorum/core";
import {
  type Database,
  importTasks,
  recountTaskCounters,
  seedProject,
  storedTaskCounters,
  TEST_NOW,
  testTargets,
} from "@quorum/storage";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

const targets = await testTargets();
const schema = parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] });

/** JSONL of `count` tasks with ids `w1`, `w2`, ..., every tenth gold. */
function lines(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({ id: `w${i + 1}`, data: { text: `t${i + 1}\t\\N` }, ...(i % 10 === 3 ? { gold: "ok" } : {}) }),
  );
}

// `records`: SQLite stages such a file as any other (see `ImportOptions.writeWhileReading`);
// `localFile`: a worker thread reads and checks the file while the main thread writes (inserts on
// SQLite, COPY text the worker renders on PostgreSQL). The same promises hold for each.
const cases = targets.flatMap((target) =>
  (["records", "localFile"] as const).map((source) => ({ target, dialect: target.dialect, source })),
);

describe.each(cases)("importing a local file while reading it on $dialect from $source", ({ target, source }) => {
  let database: Database;
  let temporary: string;
  let previousTmpdir: string | undefined;
  let inputs: string;
  let bytesRead: number[];
  let recordsRead: boolean;

  /** `records`, noting in `recordsRead` whether they are read (the worker reads the file itself). */
  async function* noted(records: AsyncIterable<ImportItem>): AsyncGenerator<ImportItem> {
    recordsRead = true;
    yield* records;
  }

  beforeAll(async () => {
    database = await target.open();
    inputs = mkdtempSync(join(tmpdir(), "quorum-input-"));
  });
  afterAll(async () => {
    await database.close();
    rmSync(inputs, { recursive: true, force: true });
  });
  beforeEach(() => {
    temporary = mkdtempSync(join(tmpdir(), "quorum-tmp-"));
    previousTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = temporary;
  });
  afterEach(() => {
    if (previousTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmpdir;
    rmSync(temporary, { recursive: true, force: true });
  });

  function importWhileReading(project: Project, text: string) {
    const options = { project, batchName: "local file", actorId: 0, now: TEST_NOW, writeWhileReading: true };
    const records = parseTasks("jsonl", [text], project.schema);
    if (source === "records") return importTasks(database.db, { ...options, records });
    const path = join(inputs, "tasks.jsonl");
    writeFileSync(path, text);
    bytesRead = [];
    recordsRead = false;
    return importTasks(database.db, {
      ...options,
      records: noted(records),
      localFile: { path, format: "jsonl", onBytes: (bytes) => bytesRead.push(bytes) },
    });
  }

  /** What an import may change, to compare before and after a refused one. */
  async function state(project: Project) {
    const count = async (table: "tasks" | "batches" | "audit_log") =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("project_id", "=", project.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      tasks: await count("tasks"),
      batches: await count("batches"),
      audit: await count("audit_log"),
      counters: await storedTaskCounters(database.db, project.id),
    };
  }

  async function expectRefused(project: Project, text: string, problems: unknown[]): Promise<void> {
    const before = await state(project);
    const error = await importWhileReading(project, text).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportRejected);
    expect((error as ImportRejected).problems).toEqual(problems);
    expect(await state(project)).toEqual(before);
    expect(readdirSync(temporary)).toEqual([]);
    // The database is still usable: the next import goes in.
    await importWhileReading(project, Array(3).fill('{"data":{"text":"after"}}').join("\n"));
    expect((await state(project)).tasks).toBe(before.tasks + 3);
  }

  it("writes every task of the file, counts them once, and leaves no temporary file", async () => {
    const { project } = await seedProject(database, { schema, tasks: [{ data: { text: "no id" } }] });
    const result = await importWhileReading(project, lines(1001).join("\n"));
    expect(result).toMatchObject({ imported: 1001, skippedCount: 0 });
    const stored = await database.db
      .selectFrom("tasks")
      .select(["external_id", "data", "gold"])
      .where("batch_id", "=", result.batchId)
      .orderBy("id")
      .execute();
    expect(stored).toHaveLength(1001);
    expect(stored[1000]).toEqual({ external_id: "w1001", data: '{"text":"t1001\\t\\\\N"}', gold: null });
    expect(stored.filter((row) => row.gold === '"ok"')).toHaveLength(100);
    const batch = await database.db
      .selectFrom("batches")
      .select("task_count")
      .where("id", "=", result.batchId)
      .executeTakeFirstOrThrow();
    expect(batch.task_count).toBe(1001);
    expect(await storedTaskCounters(database.db, project.id)).toEqual(
      await recountTaskCounters(database.db, project.id, 0),
    );
    expect(readdirSync(temporary)).toEqual([]);
    // With the worker, the file was read there.
    if (source === "localFile") {
      expect(recordsRead).toBe(false);
      expect(bytesRead.at(-1)).toBe(statSync(join(inputs, "tasks.jsonl")).size);
    }
  });

  it("leaves the data exactly as it was when a line far into the file is bad, naming its line and field", async () => {
    const { project } = await seedProject(database, { schema, tasks: [{ data: { text: "no id" } }] });
    const file = lines(1200);
    file[1099] = '{"id":"bad","data":5}';
    await expectRefused(project, file.join("\n"), [{ line: 1100, path: "data", message: "must be an object" }]);
  });

  it("leaves the data exactly as it was when an id repeats an earlier line", async () => {
    const { project } = await seedProject(database, { schema, tasks: [{ data: { text: "no id" } }] });
    const file = lines(1200);
    file[1149] = JSON.stringify({ id: "w7", data: { text: "again" } });
    await expectRefused(project, file.join("\n"), [{ line: 1150, path: "id", message: 'id "w7" repeats line 7' }]);
  });

  it("still finds the project's own ids when it holds some (such a file is staged first)", async () => {
    const seeded = await seedProject(database, { schema, tasks: [{ data: { text: "a" }, externalId: "w2" }] });
    const taskW2 = seeded.taskIds[0]!;
    await expectRefused(seeded.project, lines(5).join("\n").replace('"w3"', '"w1"'), [
      { line: 2, path: "id", message: `id "w2" already exists in this project (task #${taskW2})` },
      { line: 3, path: "id", message: 'id "w1" repeats line 1' },
    ]);
  });

  it("writes every column as the staged import of the same file does", async () => {
    const file = [
      JSON.stringify({ id: "c1", data: { text: "plain" } }),
      JSON.stringify({ data: { text: "no id, tab\there, é \\N" }, priority: 7 }),
      JSON.stringify({ id: "c3", data: { text: "gold" }, gold: "spam", goldExplanation: "says buy now" }),
      JSON.stringify({ id: "c4", data: { nested: { list: [1, 2] } }, harm: "violence", priority: -2 }),
      JSON.stringify({ id: "c5", data: { text: "benign" }, harm: "none" }),
      ...lines(800),
    ].join("\n");
    const rows = async (batchId: number) =>
      (await database.db.selectFrom("tasks").selectAll().where("batch_id", "=", batchId).orderBy("id").execute()).map(
        ({ id: _id, project_id, batch_id, ...row }) => ({ ...row, project_id: project_id > 0, batch_id: batch_id > 0 }),
      );
    const read = await seedProject(database, { schema, tasks: [] });
    const whileReading = await importWhileReading(read.project, file);
    const staged = await seedProject(database, { schema, tasks: [] });
    const reference = await importTasks(database.db, {
      project: staged.project,
      records: parseTasks("jsonl", [file], schema),
      batchName: "staged",
      actorId: 0,
      now: TEST_NOW,
    });
    const written = await rows(whileReading.batchId);
    expect(written).toHaveLength(805);
    expect(written).toEqual(await rows(reference.batchId));
    const owners = await database.db
      .selectFrom("tasks")
      .select(["project_id", "batch_id"])
      .where("batch_id", "=", whileReading.batchId)
      .distinct()
      .execute();
    expect(owners).toEqual([{ project_id: read.project.id, batch_id: whileReading.batchId }]);
    expect(await storedTaskCounters(database.db, read.project.id)).toEqual(
      await storedTaskCounters(database.db, staged.project.id),
    );
  });

  it("lists a bad line and the ids repeated after it (never written) together in line order, writing nothing", async () => {
    const { project } = await seedProject(database, { schema, tasks: [{ data: { text: "no id" } }] });
    const file = lines(1200);
    file[99] = '{"id":"bad","data":5}';
    file[599] = JSON.stringify({ id: "w7", data: { text: "again" } });
    file[1149] = JSON.stringify({ id: "w8", data: { text: "again" } });
    await expectRefused(project, file.join("\n"), [
      { line: 100, path: "data", message: "must be an object" },
      { line: 600, path: "id", message: 'id "w7" repeats line 7' },
      { line: 1150, path: "id", message: 'id "w8" repeats line 8' },
    ]);
  });

  it.runIf(source === "localFile")("leaves the data as it was when the worker cannot read the file", async () => {
    const { project } = await seedProject(database, { schema, tasks: [{ data: { text: "no id" } }] });
    const before = await state(project);
    const error = await importTasks(database.db, {
      project,
      records: parseTasks("jsonl", [lines(3).join("\n")], project.schema),
      batchName: "a directory",
      actorId: 0,
      now: TEST_NOW,
      localFile: { path: inputs, format: "jsonl" },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "EISDIR" });
    expect(await state(project)).toEqual(before);
    expect(readdirSync(temporary)).toEqual([]);
  });
});
