import { csvDataFields, csvPerJudgmentRows, type ExportTask, exportFile } from "@quorum/core";
import {
  connectInSnapshot,
  type Database,
  exportProjectText,
  leaseNextTask,
  openPgExportSnapshot,
  PgTaskRangeReader,
  seedProject,
  streamProjectTasks,
  submitJudgment,
  testTargets,
} from "@quorum/storage";
import { sql } from "kysely";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvLinesCopy } from "./repositories/pg-csv-lines.js";
import { copyAll, linesOf } from "./repositories/pg-jsonl-lines.js";

const postgres = (await testTargets()).find((t) => t.dialect === "postgres");

/**
 * One task's odd value and whether the database renders it (true), leaves it to JavaScript
 * (false), or may do either (undefined). Raw texts go into the columns as they are.
 */
interface Case {
  data?: string;
  externalId?: string | null;
  value?: string;
  gold?: string | null;
  createdAt?: number;
  sql: boolean | undefined;
}

const cases: Case[] = [
  // Text cells: RFC 4180 quoting and the spreadsheet formula guard.
  ...[
    "plain",
    "",
    "=1+2",
    "+1",
    "-3",
    "-x",
    "@a",
    "\tx",
    "\rx",
    "'=x",
    "''+x",
    "a,b",
    'a"b',
    "a\nb",
    "a\r\nb",
    "é🙂\u2028",
    '=a,"b"',
    "1e5",
    "+.5",
    ".5",
    "-",
    "5.",
    " =x",
    "\u0001\u007f",
  ].flatMap((s): Case[] => [
    { data: JSON.stringify({ s }), sql: true },
    { externalId: s, sql: true },
    // A stored label with a raw control character (DEL, U+2028) may be left to JavaScript.
    { value: JSON.stringify(s), sql: /[\u007f-\u009f\u2028]/.test(s) ? undefined : true },
    { gold: JSON.stringify(s), sql: /[\u007f-\u009f\u2028]/.test(s) ? undefined : true },
  ]),
  { externalId: null, sql: true },
  { gold: null, sql: true },
  // JSON escapes the database decodes as JavaScript does; those it refuses go to JavaScript.
  { data: '{"s":"\\u00e9\\/\\ud83d\\ude42\\n"}', sql: true },
  { value: '"\\u00e9\\/\\ud83d\\ude42\\t"', sql: true },
  { data: '{"s":"\\udc00"}', sql: false },
  { data: '{"s":"a\\u0000b"}', sql: false },
  { value: '"\\ud800"', sql: false },
  { value: '"a\\u0000"', sql: false },
  // Numbers: written by the database only where JavaScript writes the same text.
  ...["1", "-0", "1.5", "0.1", "-2.5", "1e2", "123456789012345", "0.000001", "0.00012"].map(
    (n): Case => ({ data: `{"n":${n}}`, sql: true }),
  ),
  ...["1.50", "1e21", "1234567890123456", "0.0000001", "0.1234567890123456", "1e400"].map(
    (n): Case => ({ data: `{"n":${n}}`, sql: false }),
  ),
  ...["2", "0", "0.5", "-17"].map((n): Case => ({ value: n, sql: true })),
  ...["-0", "1.0", "1e3", " 2"].map((n): Case => ({ value: n, sql: false })),
  { gold: "3", sql: true },
  { gold: "1.50", sql: false },
  // Other data values.
  { data: '{"b":true,"f":false,"z":null}', sql: true },
  { data: "{}", sql: true },
  { data: '{"l":["a","b"]}', sql: true },
  { data: '{"l":["a,\\"b\\"",""]}', sql: true },
  { data: '{"l":[]}', sql: true },
  { data: '{"l":[1,2]}', sql: false },
  { data: '{"l":["a", "b"]}', sql: false },
  { data: '{"l":["\\u00e9"]}', sql: false },
  { data: '{"l":[["x"]]}', sql: false },
  { data: '{"o":{"k":1}}', sql: false },
  { data: '{"o":{"2":1,"b":0}}', sql: false },
  { data: '{"s":"a","s":"=b"}', sql: true },
  { data: '{"l":["a"],"l":["b"]}', sql: undefined },
  { data: ' { "s" : "spaced" } ', sql: true },
  // Labels: lists of strings.
  { value: '["a","b"]', sql: true },
  { value: '["=a","b,c"]', sql: true },
  { value: "[]", sql: true },
  { value: '["a", "b"]', sql: false },
  { gold: '["x","y"]', sql: true },
  // Times: 1970 to 2255 in the database.
  ...[0, 5, 86_399_999, 951_782_400_050, 9_007_199_254_739].map((createdAt): Case => ({ createdAt, sql: true })),
  ...[-1, -62_198_755_200_001, 9_007_199_254_740, 253_402_300_800_000].map(
    (createdAt): Case => ({ createdAt, sql: false }),
  ),
];

describe.runIf(postgres)("PostgreSQL's per-judgment CSV rendered by the database", () => {
  let database: Database;
  const now = 1_800_000_000_000;

  beforeAll(async () => {
    database = await postgres!.open();
  });
  afterAll(() => database.close());

  /** A project of `count` tasks, each answered once. */
  async function answered(data: (i: number) => Record<string, unknown>, count: number) {
    const tasks = Array.from({ length: count }, (_, i) => ({ data: data(i), externalId: `e${i}` }));
    const { project, annotators, taskIds } = await seedProject(database, { now, overlap: 1, annotators: 1, tasks });
    const person = annotators[0]!;
    for (let i = 0; i < count; i++) {
      const lease = await leaseNextTask(database, { project, annotator: person, now });
      if (!lease) throw new Error("no task");
      await submitJudgment(database, {
        project,
        assignmentId: lease.id,
        annotatorId: person.id,
        value: 1,
        activeMs: 100 + i,
        clientKey: `k${i}`,
        now: now + i,
      });
    }
    return { project, taskIds };
  }

  /** The file's bytes (a lone surrogate is written as U+FFFD either way) and the last counts. */
  async function text(
    projectId: number,
    options: { threads: number; rangeTasks?: number; schema: never; onlyLabeled?: boolean },
  ) {
    const chunks: Buffer[] = [];
    let last = { tasks: 0, judgments: 0 };
    const all = { format: "csv", per: "judgment", ...options } as const;
    for await (const piece of exportProjectText(database.db, projectId, all)) {
      chunks.push(Buffer.from(piece.text));
      last = { tasks: piece.tasks, judgments: piece.judgments };
    }
    const bytes = Buffer.concat(chunks);
    return { all: bytes.toString(), bytes, last };
  }

  it("writes every value as JavaScript does, and leaves to JavaScript what it cannot", {
    timeout: 120_000,
  }, async () => {
    const { project, taskIds } = await answered(
      (i) => ({ s: `t${i}`, n: i, b: true, l: ["x"], o: null, z: 1 }),
      cases.length,
    );
    for (const [i, c] of cases.entries()) {
      const id = taskIds[i]!;
      if (c.data !== undefined) await sql`update tasks set data = ${c.data} where id = ${id}`.execute(database.db);
      if (c.externalId !== undefined)
        await sql`update tasks set external_id = ${c.externalId} where id = ${id}`.execute(database.db);
      if (c.gold !== undefined) await sql`update tasks set gold = ${c.gold} where id = ${id}`.execute(database.db);
      if (c.value !== undefined)
        await sql`update judgments set value = ${c.value} where task_id = ${id}`.execute(database.db);
      if (c.createdAt !== undefined)
        await sql`update judgments set created_at = ${c.createdAt} where task_id = ${id}`.execute(database.db);
    }
    const schema = project.schema as never;
    const head: ExportTask[] = [];
    for await (const task of streamProjectTasks(database.db, project.id)) head.push(task);
    const fields = csvDataFields(head);

    // Each task a range of its own: where the database says it rendered, the bytes are JavaScript's.
    const snapshot = (await openPgExportSnapshot(database.db, project.id, 1))!;
    let client: pg.Client | undefined;
    try {
      client = await connectInSnapshot(snapshot.settings, snapshot.snapshot);
      const reader = new PgTaskRangeReader(client, project.id, false);
      for (const [i, c] of cases.entries()) {
        const id = taskIds[i]!;
        const [task] = [...(await reader.tasks(id, id))];
        await client.query("savepoint one");
        let rendered: string | undefined;
        try {
          const lines = linesOf(await copyAll(client, csvLinesCopy(project.id, id, id, false, fields)));
          rendered = lines && Buffer.from(lines.bytes).toString("latin1");
        } catch {
          await client.query("rollback to savepoint one");
        }
        const what = JSON.stringify(c);
        if (c.sql !== undefined) expect(rendered !== undefined, what).toBe(c.sql);
        const bytes = Buffer.from(csvPerJudgmentRows(task!, fields)).toString("latin1");
        if (rendered !== undefined) expect(rendered, what).toBe(bytes);
      }
    } finally {
      await client?.end();
      await snapshot.close();
    }

    // The whole file, ranges of 3 over 2 connections, against JavaScript's (threads 0).
    let expected = "";
    for await (const piece of exportFile(streamProjectTasks(database.db, project.id), {
      format: "csv",
      per: "judgment",
      schema,
    }))
      expected += piece;
    const here = await text(project.id, { threads: 0, schema });
    expect(here.bytes.equals(Buffer.from(expected))).toBe(true);
    const inDatabase = await text(project.id, { threads: 2, rangeTasks: 3, schema });
    expect(inDatabase.all).toBe(here.all);
    expect(inDatabase.bytes.equals(here.bytes)).toBe(true);
    expect(inDatabase.last).toEqual({ tasks: cases.length, judgments: cases.length });
  });

  it("renders in JavaScript data columns that every object has (toString)", async () => {
    const { project } = await answered((i) => (i === 0 ? { toString: "x", s: "a" } : { s: `b${i}` }), 4);
    const schema = project.schema as never;
    const here = await text(project.id, { threads: 0, schema });
    expect(here.all).toContain(",undefined,");
    expect((await text(project.id, { threads: 2, rangeTasks: 1, schema })).all).toBe(here.all);
  });

  it("counts tasks without judgments, and labeled tasks only when asked", async () => {
    const { project, taskIds } = await answered((i) => ({ s: `t${i}` }), 3);
    await sql`delete from judgments where task_id = ${taskIds[1]}`.execute(database.db);
    await sql`update tasks set judgment_count = 0 where id = ${taskIds[1]}`.execute(database.db);
    const schema = project.schema as never;
    for (const onlyLabeled of [false, true]) {
      const run = (threads: number) => text(project.id, { threads, rangeTasks: 1, schema, onlyLabeled });
      const here = await run(0);
      const inDatabase = await run(2);
      expect(inDatabase.all).toBe(here.all);
      expect(inDatabase.last).toEqual(here.last);
      expect(here.last).toEqual({ tasks: onlyLabeled ? 2 : 3, judgments: 2 });
    }
  });

  it("fails as JavaScript does when the stored data is not an object or not JSON", async () => {
    for (const data of ["[1,2]", "{", "null"]) {
      const { project, taskIds } = await answered((i) => ({ s: `t${i}` }), 3);
      await sql`update tasks set data = ${data} where id = ${taskIds[2]}`.execute(database.db);
      const failure = async (threads: number) => {
        try {
          await text(project.id, { threads, rangeTasks: 1, schema: project.schema as never });
        } catch (error) {
          return String(error);
        }
        return "no error";
      };
      const here = await failure(0);
      expect(here).not.toBe("no error");
      if (data !== "{") expect(here).toMatch(/tasks\.data/);
      expect(await failure(2)).toBe(here);
    }
  });

  // One snapshot for the whole file: changes committed while it is written are in none of it.
  it("exports one consistent read while tasks and judgments change", async () => {
    const { project, taskIds } = await answered((i) => ({ s: `t${i}` }), 12);
    const schema = project.schema as never;
    const exportText = async (midway?: () => Promise<unknown>) => {
      const decoder = new TextDecoder();
      let all = "";
      const options = { format: "csv", per: "judgment", schema, threads: 2, rangeTasks: 1 } as const;
      for await (const piece of exportProjectText(database.db, project.id, options)) {
        all += typeof piece.text === "string" ? piece.text : decoder.decode(piece.text);
        if (midway) await midway();
        midway = undefined;
      }
      return all;
    };
    const before = await exportText();
    const changed = await exportText(async () => {
      await sql`update tasks set data = '{"s":"changed"}' where id = ${taskIds[11]}`.execute(database.db);
      await sql`update judgments set value = '"changed"' where task_id = ${taskIds[10]}`.execute(database.db);
      await sql`delete from judgments where task_id = ${taskIds[9]}`.execute(database.db);
    });
    expect(changed).toBe(before);
    const after = await exportText();
    expect(after).not.toBe(before);
    expect(after).toContain(",changed,");
  });
});
