import { describe, expect, it } from "vitest";
import type { LabelSchema } from "../label-schema.js";
import { ImportRejected } from "./import-rejected.js";
import { type ImportFormat, type ImportItem, parseTasks } from "./import-tasks.js";

const DATA_MISSING = 'is missing: a task\'s fields go under "data", e.g. {"data": {"text": "…"}, "id": "t1"}';
const ARRAY_LINE =
  "is a JSON array, not a task: JSONL has one task object per line (a file that is one array of tasks is Label Studio JSON)";

const schemas = {
  single_choice: {
    type: "single_choice",
    options: [
      { value: "pos", label: "Positive" },
      { value: "neg", label: "Negative" },
    ],
  },
  multi_label: {
    type: "multi_label",
    options: [
      { value: "a", label: "A" },
      { value: "b", label: "B" },
      { value: "c", label: "C" },
    ],
    minSelected: 0,
    maxSelected: 3,
  },
  rating: { type: "rating", min: 1, max: 5, labels: {} },
  pairwise: { type: "pairwise", allowTie: true },
  ranking: { type: "ranking", itemsField: "items" },
  free_text: { type: "free_text", minLength: 1, maxLength: 100 },
} satisfies Record<LabelSchema["type"], LabelSchema>;

function splitEvery(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return chunks;
}

async function parse(format: ImportFormat, text: string | string[], schema: LabelSchema): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  for await (const item of parseTasks(format, typeof text === "string" ? [text] : text, schema)) items.push(item);
  return items;
}

/** Parses the text whole, in 1-character chunks and split in two at every position; all must agree. */
async function parseAnyChunking(format: ImportFormat, text: string, schema: LabelSchema): Promise<ImportItem[]> {
  const whole = await parse(format, text, schema);
  expect(await parse(format, splitEvery(text, 1), schema)).toEqual(whole);
  for (let at = 0; at <= text.length; at++) {
    expect(await parse(format, [text.slice(0, at), text.slice(at)], schema)).toEqual(whole);
  }
  return whole;
}

const issues = (items: ImportItem[]) => items.flatMap((item) => (item.ok ? [] : [item.issue]));
const tasks = (items: ImportItem[]) => items.flatMap((item) => (item.ok ? [item.task] : []));

/** For each schema type: task data, a gold answer as written in JSON, and its canonical form. */
const cases = [
  { schema: schemas.single_choice, data: { text: "great" }, gold: "pos", canonical: "pos" },
  { schema: schemas.multi_label, data: { text: "x" }, gold: ["c", "a", "c"], canonical: ["a", "c"] },
  { schema: schemas.rating, data: { text: "x" }, gold: 4, canonical: 4 },
  { schema: schemas.pairwise, data: { left: "l", right: "r" }, gold: "tie", canonical: "tie" },
  {
    schema: schemas.ranking,
    data: { query: "q", items: [{ id: "x" }, { id: "y" }, { id: "z" }] },
    gold: ["z", "x", "y"],
    canonical: ["z", "x", "y"],
  },
  { schema: schemas.free_text, data: { text: "long" }, gold: "  A summary ", canonical: "A summary" },
];

describe("parseTasks jsonl", () => {
  it.each(cases)("reads $schema.type tasks with gold in canonical form", async ({ schema, data, gold, canonical }) => {
    const text = [
      JSON.stringify({ data, gold, goldExplanation: "because", priority: 3, id: "ext-1" }),
      "",
      JSON.stringify({ data, id: 7 }),
    ].join("\n");
    expect(await parseAnyChunking("jsonl", text, schema)).toEqual([
      {
        ok: true,
        task: { line: 1, data, gold: canonical, goldExplanation: "because", priority: 3, externalId: "ext-1" },
      },
      { ok: true, task: { line: 3, data, externalId: "7" } },
    ]);
  });

  it("skips blank lines, handles CRLF and a byte-order mark, and counts lines", async () => {
    const text = '\uFEFF{"data":{"a":1}}\r\n\r\n   \n{"data":{"a":2}}\r\n';
    const items = await parseAnyChunking("jsonl", text, schemas.single_choice);
    expect(tasks(items).map((task) => [task.line, task.data])).toEqual([
      [1, { a: 1 }],
      [4, { a: 2 }],
    ]);
  });

  it("reports each bad record with its line and field, and keeps reading", async () => {
    const text = [
      '{"data": {"text": "ok"}, "gold": "pos"}',
      '{"data": {"text": "broken"',
      '{"gold": "pos"}',
      '{"data": ["not", "an", "object"]}',
      '{"data": {"text": "x"}, "gold": "maybe"}',
      '{"data": {"text": "x"}, "priority": 1.5, "id": {"no": 1}}',
      '{"data": {"text": "x"}, "goldExplanation": "why"}',
      "[1, 2]",
      '{"data": {"text": "last"}}',
    ].join("\n");
    const items = await parseAnyChunking("jsonl", text, schemas.single_choice);
    expect(tasks(items).map((task) => task.line)).toEqual([1, 9]);
    expect(issues(items)).toEqual([
      { line: 2, path: "record", message: expect.stringContaining("is not valid JSON") },
      { line: 3, path: "data", message: DATA_MISSING },
      { line: 4, path: "data", message: "must be an object" },
      { line: 5, path: "gold", message: 'must be one of "pos", "neg"' },
      { line: 6, path: "priority", message: "must be an integer" },
      { line: 6, path: "id", message: "must be a non-empty string or a number" },
      { line: 7, path: "goldExplanation", message: "is given without a gold answer" },
      { line: 8, path: "record", message: ARRAY_LINE },
    ]);
  });

  it("says how to fix the two commonest wrong shapes: fields not under data, and one JSON array for the file", async () => {
    const flat = await parse("jsonl", '{"id": "t1", "text": "hello"}\n', schemas.single_choice);
    expect(issues(flat)).toEqual([{ line: 1, path: "data", message: DATA_MISSING }]);
    const array = await parse("jsonl", '[{"data": {"text": "a"}}, {"data": {"text": "b"}}]', schemas.single_choice);
    expect(issues(array)).toEqual([{ line: 1, path: "record", message: ARRAY_LINE }]);
  });

  it("checks ranking tasks have items to rank and gold orders exactly those items", async () => {
    const text = [
      '{"data": {"items": ["a"]}}',
      '{"data": {"items": [{"id": "a"}, {"id": "b"}, {"id": "a"}]}}',
      '{"data": {"items": ["a", "b"]}, "gold": ["a", "c"]}',
      '{"data": {"items": ["a", "b"]}, "gold": ["1", "0"]}',
    ].join("\n");
    const items = await parse("jsonl", text, schemas.ranking);
    expect(issues(items)).toEqual([
      { line: 1, path: "data.items", message: "must be a list of at least 2 items to rank" },
      { line: 2, path: "data.items", message: 'item ids must be unique; "a" appears twice' },
      { line: 3, path: "gold", message: "must order exactly the task's items: 0, 1" },
    ]);
    // Items given as plain text are identified by their position.
    expect(tasks(items)).toEqual([{ line: 4, data: { items: ["a", "b"] }, gold: ["1", "0"] }]);
  });

  it("reads the lines of a JSONL export back", async () => {
    const line = JSON.stringify({
      task: { id: 12, externalId: "doc-1", data: { text: "hi" } },
      gold: "neg",
      judgments: [],
      aggregate: null,
    });
    expect(await parse("jsonl", line, schemas.single_choice)).toEqual([
      { ok: true, task: { line: 1, data: { text: "hi" }, gold: "neg", externalId: "doc-1" } },
    ]);
  });
});

describe("parseTasks csv", () => {
  const csvCases: {
    schema: LabelSchema;
    text: string;
    expected: { data: Record<string, unknown>; gold?: unknown }[];
  }[] = [
    {
      schema: schemas.single_choice,
      text: "text,gold\nhello,pos\nbye, neg \nno gold,\n",
      expected: [
        { data: { text: "hello" }, gold: "pos" },
        { data: { text: "bye" }, gold: "neg" },
        { data: { text: "no gold" } },
      ],
    },
    {
      schema: schemas.multi_label,
      text: 'text,gold\nx,"[""c"",""a""]"\ny,c | a|c\nz,[]\n',
      expected: [
        { data: { text: "x" }, gold: ["a", "c"] },
        { data: { text: "y" }, gold: ["a", "c"] },
        { data: { text: "z" }, gold: [] },
      ],
    },
    {
      schema: schemas.rating,
      text: "text,gold\nx,4\ny, 2\n",
      expected: [
        { data: { text: "x" }, gold: 4 },
        { data: { text: "y" }, gold: 2 },
      ],
    },
    {
      schema: schemas.pairwise,
      text: "left,right,gold\na,b,left\nc,d,tie\n",
      expected: [
        { data: { left: "a", right: "b" }, gold: "left" },
        { data: { left: "c", right: "d" }, gold: "tie" },
      ],
    },
    {
      schema: schemas.ranking,
      // Items given as plain text are identified by their position.
      text: 'query,items,gold\nq,a|b|c,2|0|1\nr,"[{""id"":""x""},{""id"":""y""}]","[""y"",""x""]"\n',
      expected: [
        { data: { query: "q", items: ["a", "b", "c"] }, gold: ["2", "0", "1"] },
        { data: { query: "r", items: [{ id: "x" }, { id: "y" }] }, gold: ["y", "x"] },
      ],
    },
    {
      schema: schemas.free_text,
      text: 'text,gold\nx,"multi\nline, ""quoted"" summary"\n',
      expected: [{ data: { text: "x" }, gold: 'multi\nline, "quoted" summary' }],
    },
  ];

  it.each(csvCases)("reads $schema.type tasks, gold converted from text", async ({ schema, text, expected }) => {
    const items = await parseAnyChunking("csv", text, schema);
    expect(issues(items)).toEqual([]);
    expect(tasks(items).map(({ data, gold }) => (gold === undefined ? { data } : { data, gold }))).toEqual(expected);
  });

  it("reads reserved columns as task fields and multiline fields with their starting line", async () => {
    const text = 'id,text,priority,gold,gold_explanation\nd1,"two\nlines",5,pos,"it is, clearly"\nd2,plain,,,\n';
    expect(await parseAnyChunking("csv", text, schemas.single_choice)).toEqual([
      {
        ok: true,
        task: {
          line: 2,
          data: { text: "two\nlines" },
          gold: "pos",
          goldExplanation: "it is, clearly",
          priority: 5,
          externalId: "d1",
        },
      },
      { ok: true, task: { line: 4, data: { text: "plain" }, externalId: "d2" } },
    ]);
  });

  it("reports rows with the wrong number of fields and bad values, and keeps reading", async () => {
    const text = 'text,gold,priority\n"a\nb",pos\nok,pos,1\nx,maybe,high\ny,pos,2,extra\nlast,,\n';
    const items = await parseAnyChunking("csv", text, schemas.single_choice);
    expect(issues(items)).toEqual([
      { line: 2, path: "record", message: "has 2 fields but the header has 3" },
      { line: 5, path: "gold", message: 'must be one of "pos", "neg"' },
      { line: 5, path: "priority", message: "must be an integer" },
      { line: 6, path: "record", message: "has 4 fields but the header has 3" },
    ]);
    expect(tasks(items).map((task) => task.line)).toEqual([4, 7]);
  });

  it("rejects a header with empty or repeated names on its line and reads no further", async () => {
    const items = await parse("csv", "text, ,text,gold\na,b,c,pos\n", schemas.single_choice);
    expect(items).toEqual([
      { ok: false, issue: { line: 1, path: "header", message: "column 2 has no name" } },
      { ok: false, issue: { line: 1, path: "header", message: 'column "text" appears more than once' } },
    ]);
  });

  it("refuses a file separated by semicolons or tabs (a spreadsheet's 'CSV' in many locales) instead of one column", async () => {
    for (const [separator, name] of [
      [";", "semicolons"],
      ["\t", "tabs"],
    ] as const) {
      const items = await parse(
        "csv",
        `id${separator}text${separator}gold\nd1${separator}a${separator}pos\n`,
        schemas.single_choice,
      );
      expect(items).toEqual([
        {
          ok: false,
          issue: {
            line: 1,
            path: "header",
            message: `has one column named ${JSON.stringify(`id${separator}text${separator}gold`)}: columns must be separated by commas, and this file separates them by ${name}`,
          },
        },
      ]);
    }
    // A lone column whose name merely holds a semicolon elsewhere in the file is still one column.
    const lone = await parse("csv", "text\na;b\n", schemas.single_choice);
    expect(tasks(lone)).toEqual([{ line: 2, data: { text: "a;b" } }]);
  });

  it("reports broken list gold and ranking items", async () => {
    const text = 'items,gold\n"[""a"",",a\n"a|b","[""b"""\n';
    expect(issues(await parse("csv", text, schemas.ranking))).toEqual([
      { line: 2, path: "data.items", message: "must be a JSON array or values separated by |" },
      { line: 3, path: "gold", message: "must be a JSON array or values separated by |" },
    ]);
  });

  it("stops with one issue at an unclosed quote", async () => {
    const items = await parse("csv", 'text,gold\nok,pos\n"open,pos\nmore,neg\n', schemas.single_choice);
    expect(items).toEqual([
      { ok: true, task: { line: 2, data: { text: "ok" }, gold: "pos" } },
      { ok: false, issue: { line: 3, path: "record", message: "a quoted field is not closed" } },
    ]);
  });
});

/** A Label Studio task whose ground-truth annotation holds `value` as a result region of `type`. */
function lsTask(id: number, data: Record<string, unknown>, type: string, value: Record<string, unknown>) {
  return {
    id,
    data,
    annotations: [
      { id: 1, completed_by: 3, result: [{ from_name: "label", to_name: "item", type, value: { choices: ["neg"] } }] },
      { id: 2, ground_truth: true, result: [{ from_name: "label", to_name: "item", type, value }] },
    ],
    predictions: [{ result: [], score: 0.5 }],
  };
}

describe("parseTasks label-studio", () => {
  const lsCases = [
    { schema: schemas.single_choice, type: "choices", value: { choices: ["pos"] }, gold: "pos" },
    { schema: schemas.multi_label, type: "choices", value: { choices: ["c", "a"] }, gold: ["a", "c"] },
    {
      schema: schemas.multi_label,
      type: "taxonomy",
      value: { taxonomy: [["Group", "b"], ["a"]] },
      gold: ["a", "b"],
    },
    { schema: schemas.rating, type: "rating", value: { rating: 5 }, gold: 5 },
    { schema: schemas.pairwise, type: "pairwise", value: { selected: "right" }, gold: "right" },
    { schema: schemas.ranking, type: "ranker", value: { ranker: { item: ["y", "x"] } }, gold: ["y", "x"] },
    { schema: schemas.ranking, type: "ranker", value: { rank: ["x", "y"] }, gold: ["x", "y"] },
    { schema: schemas.free_text, type: "textarea", value: { text: [" Short text "] }, gold: "Short text" },
  ];

  it.each(lsCases)(
    "reads $schema.type gold from a $type ground-truth annotation",
    async ({ schema, type, value, gold }) => {
      const data = { text: 'has "quotes", [brackets] and {braces} \\ "]}', items: [{ id: "x" }, { id: "y" }] };
      const text = JSON.stringify([lsTask(1, data, type, value), { id: 99, data }], null, 2);
      const secondLine = text.split("\n").findIndex((line) => line.includes('"id": 99,')); // 1-based line of its "{"
      const items = await parseAnyChunking("label-studio", text, schema);
      expect(items).toEqual([
        { ok: true, task: { item: 1, line: 2, data, gold, externalId: "1" } },
        { ok: true, task: { item: 2, line: secondLine, data, externalId: "99" } },
      ]);
    },
  );

  it("accepts a single task object and one task per line, and prefers meta.external_id", async () => {
    const one = '{"id": 5, "meta": {"external_id": "doc-5"}, "data": {"text": "a"}}';
    expect(tasks(await parse("label-studio", one, schemas.single_choice))).toEqual([
      { item: 1, line: 1, data: { text: "a" }, externalId: "doc-5" },
    ]);
    const lines = '{"data": {"text": "a"}}\n{"data": {"text": "b"}}\n';
    expect(tasks(await parseAnyChunking("label-studio", lines, schemas.single_choice))).toEqual([
      { item: 1, line: 1, data: { text: "a" } },
      { item: 2, line: 2, data: { text: "b" } },
    ]);
  });

  it("reports bad tasks with their starting line and keeps reading", async () => {
    const text = [
      "[",
      '  {"data": {"text": "a"}, "annotations": [{"ground_truth": true, "result": [{"value": {"rating": 3}}]}]},',
      '  {"data": {"text": "b"}, "annotations": [{"ground_truth": true, "result": [{"value": {"choices": ["meh"]}}]}]},',
      '  {"data": {"text": "c"}, "annotations": {}},',
      '  {"data": "text"},',
      "  42,",
      '  {"data": {"text": "d"} "id": 1},',
      '  {"data": {"text": "ok"},',
      '   "annotations": [{"ground_truth": true, "was_cancelled": true, "result": []}]}',
      "]",
    ].join("\n");
    const items = await parseAnyChunking("label-studio", text, schemas.single_choice);
    expect(issues(items)).toEqual([
      {
        item: 1,
        line: 2,
        path: "annotations[0].result",
        message: 'has no "choices" value, as a single_choice answer needs',
      },
      { item: 2, line: 3, path: "gold", message: 'must be one of "pos", "neg"' },
      { item: 3, line: 4, path: "annotations", message: "must be a list" },
      { item: 4, line: 5, path: "data", message: "must be an object" },
      { item: 5, line: 6, path: "record", message: "must be a Label Studio task object" },
      { item: 6, line: 7, path: "record", message: expect.stringContaining("is not valid JSON") },
    ]);
    expect(tasks(items)).toEqual([{ item: 7, line: 8, data: { text: "ok" } }]);
  });

  it("names a bad task of a one-line file by its place in the array, not only by line 1", async () => {
    const text = JSON.stringify([
      { data: { text: "a" } },
      { data: { text: "b" } },
      { data: { text: "c" }, annotations: [{ ground_truth: true, result: [{ value: { choices: ["meh"] } }] }] },
      { data: "d" },
      { data: { text: "e" } },
    ]);
    const items = await parseAnyChunking("label-studio", text, schemas.single_choice);
    expect(issues(items)).toEqual([
      { item: 3, line: 1, path: "gold", message: 'must be one of "pos", "neg"' },
      { item: 4, line: 1, path: "data", message: "must be an object" },
    ]);
    // As an import refusal lists them: the item, and the line it starts on.
    expect(new ImportRejected(issues(items)).details.map((d) => `${d.path}: ${d.message}`)).toEqual([
      'item 3 (line 1): gold: must be one of "pos", "neg"',
      "item 4 (line 1): data: must be an object",
    ]);
  });

  it.each([
    ['[{"data": {}},\n{"data": {"text": "open"}', 2, "the value starting here is not closed"],
    ['[{"data": {}}\n', 1, "the array starting here is not closed"],
    ['[{"data": {"text": "open]}', 1, "a string is not closed"],
    ['[{"data": {}},\n]', 2, "a comma is followed by ]"],
    ['[{"data": {}}]\n{"data": {}}', 2, "unexpected text after the end of the array"],
    ['"just a string"', 1, "expected a JSON array or object"],
  ])("stops with one issue when the structure is broken: %j", async (text, line, message) => {
    const items = await parse("label-studio", text, schemas.single_choice);
    expect(issues(items)).toEqual([{ line, path: "file", message }]);
  });
});

describe("records that storage could not keep", () => {
  async function issues(format: ImportFormat, text: string) {
    const out: ImportItem[] = [];
    for await (const item of parseTasks(format, [text], schemas.single_choice)) out.push(item);
    return out.map((item) => (item.ok ? "ok" : `${item.issue.line}:${item.issue.path}: ${item.issue.message}`));
  }

  it("refuses data nested deeper than 64 levels, in every format that nests", async () => {
    const deep = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
    const fine = `${'{"a":'.repeat(60)}1${"}".repeat(60)}`;
    expect(await issues("jsonl", `{"data":{"x":${deep}}}\n{"data":{"x":${fine}}}`)).toEqual([
      "1:data: nests deeper than 64 levels",
      "ok",
    ]);
    expect(await issues("label-studio", `[{"data":{"x":${deep}}}]`)).toEqual(["1:data: nests deeper than 64 levels"]);
  });

  it("refuses NUL characters in ids and gold explanations (PostgreSQL text cannot hold them)", async () => {
    expect(
      await issues(
        "jsonl",
        '{"data":{"t":"a"},"id":"x\\u0000"}\n{"data":{"t":"\\u0000"},"gold":"pos","goldExplanation":"\\u0000"}',
      ),
    ).toEqual(["1:id: must not contain NUL characters", "2:goldExplanation: must not contain NUL characters"]);
  });
});
