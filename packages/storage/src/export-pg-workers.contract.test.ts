import { exportFile } from "@quorum/core";
import {
  type Database,
  exportProjectText,
  leaseNextTask,
  seedProject,
  streamProjectTasks,
  submitJudgment,
  testTargets,
} from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const postgres = (await testTargets()).find((t) => t.dialect === "postgres");

/** One task's odd value; raw texts go into the columns as they are. */
interface Case {
  data?: string;
  externalId?: string | null;
  value?: string;
  gold?: string | null;
  createdAt?: number;
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
    { data: JSON.stringify({ s }) },
    { externalId: s },
    { value: JSON.stringify(s) },
    { gold: JSON.stringify(s) },
  ]),
  { externalId: null },
  { gold: null },
  // JSON escapes, lone surrogates and NUL.
  { data: '{"s":"\\u00e9\\/\\ud83d\\ude42\\n"}' },
  { value: '"\\u00e9\\/\\ud83d\\ude42\\t"' },
  { data: '{"s":"\\udc00"}' },
  { data: '{"s":"a\\u0000b"}' },
  { value: '"\\ud800"' },
  { value: '"a\\u0000"' },
  // Numbers as stored and as JavaScript writes them.
  ...["1", "-0", "1.5", "0.1", "-2.5", "1e2", "123456789012345", "0.000001", "0.00012"].map(
    (n): Case => ({ data: `{"n":${n}}` }),
  ),
  ...["1.50", "1e21", "1234567890123456", "0.0000001", "0.1234567890123456", "1e400"].map(
    (n): Case => ({ data: `{"n":${n}}` }),
  ),
  ...["2", "0", "0.5", "-17"].map((n): Case => ({ value: n })),
  ...["-0", "1.0", "1e3", " 2"].map((n): Case => ({ value: n })),
  { gold: "3" },
  { gold: "1.50" },
  // Other data values.
  { data: '{"b":true,"f":false,"z":null}' },
  { data: "{}" },
  { data: '{"l":["a","b"]}' },
  { data: '{"l":["a,\\"b\\"",""]}' },
  { data: '{"l":[]}' },
  { data: '{"l":[1,2]}' },
  { data: '{"l":["a", "b"]}' },
  { data: '{"l":["\\u00e9"]}' },
  { data: '{"l":[["x"]]}' },
  { data: '{"o":{"k":1}}' },
  { data: '{"o":{"2":1,"b":0}}' },
  { data: '{"s":"a","s":"=b"}' },
  { data: '{"l":["a"],"l":["b"]}' },
  { data: ' { "s" : "spaced" } ' },
  // Labels: lists of strings.
  { value: '["a","b"]' },
  { value: '["=a","b,c"]' },
  { value: "[]" },
  { value: '["a", "b"]' },
  { gold: '["x","y"]' },
  // Times, before 1970 and after 9999 too.
  ...[0, 5, 86_399_999, 951_782_400_050, 9_007_199_254_739].map((createdAt): Case => ({ createdAt })),
  ...[-1, -62_198_755_200_001, 9_007_199_254_740, 253_402_300_800_000].map((createdAt): Case => ({ createdAt })),
];

// PostgreSQL's exports are read (binary COPY) and rendered by worker threads, each a connection
// in the export's snapshot: the same bytes as rendered here (threads 0), odd values included.
describe.runIf(postgres).each([
  { format: "csv", per: "judgment" },
  { format: "jsonl", per: "judgment" },
] as const)("PostgreSQL's $format export in worker threads", (format) => {
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
    const all = { ...format, ...options };
    for await (const piece of exportProjectText(database.db, projectId, all)) {
      chunks.push(Buffer.from(piece.text));
      last = { tasks: piece.tasks, judgments: piece.judgments };
    }
    const bytes = Buffer.concat(chunks);
    return { all: bytes.toString(), bytes, last };
  }

  it("writes every value as the export rendered here does", {
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
    // Ranges of 3 over 2 worker threads against the file rendered here (threads 0) and `exportFile`.
    let expected = "";
    for await (const piece of exportFile(streamProjectTasks(database.db, project.id), { ...format, schema }))
      expected += piece;
    const here = await text(project.id, { threads: 0, schema });
    expect(here.bytes.equals(Buffer.from(expected))).toBe(true);
    const inWorkers = await text(project.id, { threads: 2, rangeTasks: 3, schema });
    expect(inWorkers.all).toBe(here.all);
    expect(inWorkers.bytes.equals(here.bytes)).toBe(true);
    expect(inWorkers.last).toEqual({ tasks: cases.length, judgments: cases.length });
  });

  it.runIf(format.format === "csv")("writes data columns that every object has (toString) as here", async () => {
    const { project } = await answered((i) => (i === 0 ? { toString: "x", s: "a" } : { s: `b${i}` }), 4);
    const schema = project.schema as never;
    const here = await text(project.id, { threads: 0, schema });
    expect(here.all.split("\n")[0]).toContain(",toString,");
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
      const inWorkers = await run(2);
      expect(inWorkers.all).toBe(here.all);
      expect(inWorkers.last).toEqual(here.last);
      expect(here.last).toEqual({ tasks: onlyLabeled ? 2 : 3, judgments: 2 });
    }
  });

  // JSONL writes the stored data as it is, without reading it.
  it.runIf(format.format === "csv")("fails as here when the stored data is not an object or not JSON", async () => {
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
      const options = { ...format, schema, threads: 2, rangeTasks: 1 };
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
    expect(after).toContain(format.format === "csv" ? ",changed," : '"value":"changed"');
  });
});
