import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ExportFileOptions, type ExportTask, exportFile, jsonlLine } from "@quorum/core";
import {
  connectInSnapshot,
  type Database,
  exportProjectText,
  exportWorkerFile,
  leaseNextTask,
  migrateToLatest,
  openDatabase,
  openPgExportSnapshot,
  PG_NEXT_RANGE,
  PgTaskRangeReader,
  seedProject,
  streamProjectTasks,
  submitJudgment,
  type TestTarget,
  testTargets,
} from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** SQLite in a file: exports read it through a read-only connection of their own. */
const sqliteFile: TestTarget = {
  dialect: "sqlite",
  async open() {
    const dir = mkdtempSync(join(tmpdir(), "quorum-export-"));
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

/** The task as plain values, as a reader without the stored JSON text would give it. */
function parsed(task: ExportTask): ExportTask {
  return {
    id: task.id,
    externalId: task.externalId,
    data: task.data,
    gold: task.gold,
    aggregate: task.aggregate,
    judgments: task.judgments.map((j) => ({
      id: j.id,
      annotatorId: j.annotatorId,
      value: j.value,
      guidelineVersion: j.guidelineVersion,
      activeMs: j.activeMs,
      createdAt: j.createdAt,
    })),
    status: task.status,
    required: task.required,
  };
}

describe.each(targets)("project export stream on $name", ({ name, t }) => {
  let database: Database;
  const now = 1_800_000_000_000;

  beforeAll(async () => {
    database = await t.open();
  });
  afterAll(() => database.close());

  async function collect(projectId: number, options: { onlyLabeled?: boolean; pageSize?: number } = {}) {
    const out: ExportTask[] = [];
    for await (const task of streamProjectTasks(database.db, projectId, options)) out.push(task);
    return out;
  }

  /** A project of 7 tasks (one gold), two annotators having answered three tasks each. */
  async function judgedProject() {
    const { project, annotators } = await seedProject(database, {
      now,
      overlap: 2,
      annotators: 2,
      tasks: Array.from({ length: 7 }, (_, i) => ({
        data: { text: `Ünïcode "quoted" ${i}\n`, n: i },
        externalId: `doc-${i}`,
        ...(i === 3 ? { gold: 1 } : {}),
      })),
    });
    // Each annotator answers the first three tasks served to them.
    for (const [a, person] of annotators.entries()) {
      for (let i = 0; i < 3; i++) {
        const lease = await leaseNextTask(database, { project, annotator: person, now });
        if (!lease) throw new Error("no task");
        await submitJudgment(database, {
          project,
          assignmentId: lease.id,
          annotatorId: person.id,
          value: (a + i) % 2,
          activeMs: 100 + i,
          clientKey: `${person.id}-${i}`,
          now: now + a * 1000 + i,
        });
      }
    }
    return project;
  }

  it("gives every task once, in order, with its own judgments, across page boundaries", async () => {
    const project = await judgedProject();
    const judgments = await database.db
      .selectFrom("judgments")
      .select(["id", "task_id", "annotator_id"])
      .where("project_id", "=", project.id)
      .orderBy("task_id")
      .orderBy("id")
      .execute();
    expect(judgments.length).toBe(6);

    for (const pageSize of [1, 2, 3, 1000]) {
      const tasks = await collect(project.id, { pageSize });
      expect(tasks.map((task) => task.externalId)).toEqual(Array.from({ length: 7 }, (_, i) => `doc-${i}`));
      expect(tasks.flatMap((task) => task.judgments.map((j) => [j.id, task.id, Number(j.annotatorId)]))).toEqual(
        judgments.map((j) => [j.id, j.task_id, j.annotator_id]),
      );
      expect(tasks[3]?.gold).toBe(1);
      expect(tasks[2]?.data).toEqual({ text: 'Ünïcode "quoted" 2\n', n: 2 });
      // The stored JSON text goes out byte for byte as the parsed values would.
      for (const task of tasks) expect(jsonlLine(task)).toBe(jsonlLine(parsed(task)));
    }

    const labeled = await collect(project.id, { onlyLabeled: true, pageSize: 2 });
    expect(labeled.map((task) => task.id)).toEqual([...new Set(judgments.map((j) => j.task_id))]);
  });

  // Rendered by worker threads over ranges of task ids (SQLite files; PostgreSQL, each worker a
  // connection in the export's snapshot) or here: the same bytes as `exportFile` of the stream, in
  // every format, labeled tasks only or all.
  it("renders the export file alike in worker threads and here", { timeout: 300_000 }, async () => {
    const project = await judgedProject();
    const decoder = new TextDecoder();
    const formats: Omit<ExportFileOptions, "schema">[] = [
      { format: "jsonl", per: "judgment" },
      { format: "csv", per: "judgment" },
      { format: "csv", per: "task" },
      { format: "label-studio", per: "judgment" },
    ];
    for (const onlyLabeled of [false, true]) {
      for (const format of formats) {
        const options = { ...format, schema: project.schema };
        let expected = "";
        for await (const text of exportFile(streamProjectTasks(database.db, project.id, { onlyLabeled }), options))
          expected += text;
        // Workers only where they run (a SQLite file, PostgreSQL; not Label Studio): each start loads the modules.
        const threadCounts = name !== "SQLite in memory" && format.format !== "label-studio" ? [0, 2] : [0];
        for (const threads of threadCounts) {
          let text = "";
          let last = { tasks: 0, judgments: 0 };
          const pieces = exportProjectText(database.db, project.id, {
            ...options,
            onlyLabeled,
            threads,
            rangeTasks: 1,
          });
          let handedBack = 0;
          for await (const piece of pieces) {
            text += typeof piece.text === "string" ? piece.text : decoder.decode(piece.text);
            last = { tasks: piece.tasks, judgments: piece.judgments };
            // Each range's bytes go back to the worker once read, which copies later (smaller or
            // larger) ranges into them: the text stays the same.
            if (threads > 0 && typeof piece.text !== "string" && piece.text.length > 0) {
              expect(piece.release).toBeDefined();
              piece.release?.();
              expect(piece.text.byteLength).toBe(0);
              handedBack++;
            }
          }
          expect(text).toBe(expected);
          // Ranges of one task: more ranges than workers, so workers render ranges after handing back.
          if (threads > 0) expect(handedBack).toBeGreaterThan(threads);
          const exported = await collect(project.id, { onlyLabeled });
          expect(last).toEqual({
            tasks: exported.length,
            judgments: exported.reduce((sum, task) => sum + task.judgments.length, 0),
          });
        }
      }
    }
  });

  // PostgreSQL's readers share one snapshot: a change committed while the file is being written
  // is in none of it, whichever connection reads the ranges after it.
  it.runIf(name === "PostgreSQL")("exports one consistent read while tasks change", async () => {
    const tasks = Array.from({ length: 12 }, (_, i) => ({ data: { text: `t${i}` } }));
    const { project, taskIds } = await seedProject(database, { now, tasks });
    const options = { format: "jsonl", per: "judgment", schema: project.schema, rangeTasks: 1 } as const;
    const decoder = new TextDecoder();
    const exportText = async (threads: number, midway?: () => Promise<unknown>) => {
      let text = "";
      for await (const piece of exportProjectText(database.db, project.id, { ...options, threads })) {
        text += typeof piece.text === "string" ? piece.text : decoder.decode(piece.text);
        if (midway) await midway();
        midway = undefined;
      }
      return text;
    };
    const before = await exportText(0);
    const changed = await exportText(2, async () => {
      await sql`update tasks set data = '{"text":"changed"}' where id = ${taskIds[11]}`.execute(database.db);
      await sql`delete from tasks where id = ${taskIds[10]}`.execute(database.db);
    });
    expect(changed).toBe(before);
    expect(await exportText(2)).not.toBe(before);
  });

  // Values at the edges of what a reader or renderer might get wrong (quotes, control characters,
  // U+2028, emoji, confidences rounding to -0 or 1, times before 1970 and at a double's last exact
  // microsecond): the same JSONL from worker threads (PostgreSQL: binary COPY) as from here.
  it("writes odd values alike in worker threads and here", async () => {
    const project = await judgedProject();
    const taskIds = (
      await database.db.selectFrom("tasks").select("id").where("project_id", "=", project.id).orderBy("id").execute()
    ).map((t) => t.id);
    const judgmentIds = (
      await database.db
        .selectFrom("judgments")
        .select("id")
        .where("project_id", "=", project.id)
        .orderBy("id")
        .execute()
    ).map((j) => j.id);
    const setTask = (i: number, values: Record<string, string | number | null>) =>
      database.db.updateTable("tasks").set(values).where("id", "=", taskIds[i]!).execute();
    await setTask(0, {
      external_id: 'a"b\\c\u0001\t\n\u2028é🙂',
      confidence: 0.12345,
      aggregate: '{"value":1,"method":"m"}',
    });
    await setTask(1, { external_id: null, confidence: 2 / 3, aggregate: '{"value":"x \\"y\\" ü","method":"m"}' });
    await setTask(2, { confidence: null, aggregate: '{"value":["a","b"],"method":"m","agreement":0.5}' });
    await setTask(3, { confidence: -0.00004, aggregate: '{"value":0,"method":"m"}', gold: '"g"' });
    await setTask(4, { confidence: 0.99995, aggregate: '{"value":2,"method":"m"}' });
    await setTask(5, { confidence: 1e-9, aggregate: '{"value":2,"method":"m"}' });
    const times = [0, 5, 86_399_999, 951_782_400_050, 9_007_199_254_739, -1];
    for (const [i, createdAt] of times.entries())
      await database.db
        .updateTable("judgments")
        .set({ created_at: createdAt })
        .where("id", "=", judgmentIds[i]!)
        .execute();
    const options = { format: "jsonl", per: "judgment", schema: project.schema, rangeTasks: 2 } as const;
    const decoder = new TextDecoder();
    const text = async (threads: number) => {
      let all = "";
      for await (const piece of exportProjectText(database.db, project.id, { ...options, threads }))
        all += typeof piece.text === "string" ? piece.text : decoder.decode(piece.text);
      return all;
    };
    const here = await text(0);
    expect(here).toContain('"createdAt":"1969-12-31T23:59:59.999Z"');
    expect(await text(2)).toBe(here);
  });

  // The readers import the export's snapshot, and its ranges are cut in it: a reader starting,
  // or a range cut, after a change reads the data as it was when the export started.
  it.runIf(name === "PostgreSQL")("reads every range in the export's snapshot, whenever a reader starts", async () => {
    const tasks = Array.from({ length: 3 }, (_, i) => ({ data: { text: `t${i}` } }));
    const { project, taskIds } = await seedProject(database, { now, tasks });
    const snapshot = await openPgExportSnapshot(database.db, project.id, 2);
    try {
      await sql`update tasks set data = '{"text":"changed"}' where id = ${taskIds[2]}`.execute(database.db);
      await sql`delete from tasks where id = ${taskIds[1]}`.execute(database.db);
      const ranges = [];
      for await (const range of snapshot!.ranges()) ranges.push(range);
      expect(ranges).toEqual([
        { first: taskIds[0], last: taskIds[1] },
        { first: taskIds[2], last: taskIds[2] },
      ]);
      expect(await snapshot!.hasMoreTasksThan(2)).toBe(true);
      expect(await snapshot!.hasMoreTasksThan(3)).toBe(false);
      const client = await connectInSnapshot(snapshot!.settings, snapshot!.snapshot);
      try {
        const read = [...(await new PgTaskRangeReader(client, project.id, false).tasks(taskIds[0]!, taskIds[2]!))];
        expect(read.map((task) => [task.id, task.data])).toEqual(taskIds.map((id, i) => [id, { text: `t${i}` }]));
      } finally {
        await client.end();
      }
    } finally {
      await snapshot?.close();
    }
  });

  // Each range of an export is cut as it is needed, from one range of the project's index of task
  // ids: never a numbering of all of them (a sort of a million ids before the first read).
  it.runIf(name === "PostgreSQL")("cuts each range of task ids from one range of the index", async () => {
    const plan = await database.db.transaction().execute(async (trx) => {
      // The test's tables are tiny: a sequential scan would be cheaper there, not at scale.
      await sql`set local enable_seqscan = off`.execute(trx);
      await sql.raw(`prepare next_range (bigint, bigint, int) as ${PG_NEXT_RANGE}`).execute(trx);
      try {
        const { rows } = await sql.raw<{ "QUERY PLAN": string }>("explain execute next_range(1, 0, 1000)").execute(trx);
        return rows.map((row) => row["QUERY PLAN"]).join("\n");
      } finally {
        await sql.raw("deallocate next_range").execute(trx);
      }
    });
    expect(plan).toMatch(/Limit[\s\S]*Index (Only )?Scan using tasks_pk/);
    expect(plan).not.toMatch(/Sort|WindowAgg/);
  });

  it.runIf(name === "SQLite file")("has the export worker built (else exports of files render in one thread)", () => {
    expect(exportWorkerFile()).toBeDefined();
  });

  it("names the column when a stored value is not what it should be", async () => {
    const { project, taskIds } = await seedProject(database, { now, tasks: [{ data: { text: "a" } }] });
    await sql`update tasks set data = '[1,2]' where id = ${taskIds[0]}`.execute(database.db);
    const [task] = await collect(project.id);
    expect(() => task?.data).toThrow(/tasks\.data/);
    // From a worker thread too (CSV reads the data; three ranges, so workers run).
    const tasks = [{ data: { text: "a" } }, { data: { text: "b" } }, { data: { text: "c" } }];
    const three = await seedProject(database, { now, tasks });
    await sql`update tasks set data = '[1,2]' where id = ${three.taskIds[2]}`.execute(database.db);
    const options = { format: "csv", per: "task", schema: three.project.schema, threads: 2, rangeTasks: 1 } as const;
    const read = async () => {
      for await (const _ of exportProjectText(database.db, three.project.id, options));
    };
    await expect(read()).rejects.toThrow(/tasks\.data/);
  });
});
