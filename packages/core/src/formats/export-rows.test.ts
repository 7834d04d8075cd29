import { describe, expect, it } from "vitest";
import { type LabelValue, parseLabelSchema } from "../label-schema.js";
import { csvRow, parseCsv } from "./csv.js";
import {
  csvCell,
  csvPerJudgmentHeader,
  csvPerJudgmentRows,
  csvPerTaskHeader,
  csvPerTaskRow,
  type ExportJudgment,
  type ExportTask,
  isoTime,
  jsonlLine,
  labelName,
} from "./export-rows.js";

const task: ExportTask = {
  id: 7,
  externalId: "doc-7",
  data: { text: 'He said "hi", then\nleft', label: "a data field named like a column", score: 0.5, tags: ["x", "y"] },
  gold: ["a", "c"],
  aggregate: { value: ["a"], confidence: 0.75 },
  judgments: [
    {
      id: 1,
      annotatorId: "ann-1",
      value: ["a"],
      guidelineVersion: 2,
      activeMs: 1500,
      createdAt: Date.UTC(2024, 0, 2, 3, 4, 5),
    },
    { id: 2, annotatorId: "ann,2", value: ["a", "c"], guidelineVersion: 2, activeMs: 900, createdAt: 0 },
  ],
  status: "done",
  required: 2,
};
const schema = parseLabelSchema({
  type: "multi_label",
  options: [
    { value: "a", label: "Alpha" },
    { value: "b", label: "Beta" },
    { value: "c", label: "Gamma" },
  ],
});
const dataFields = ["text", "label", "score", "tags", "missing"];

async function records(text: string): Promise<string[][]> {
  const out: string[][] = [];
  for await (const record of parseCsv([text])) out.push(record.fields);
  return out;
}

describe("jsonlLine", () => {
  it("writes one JSON object per task with ISO timestamps, ending in a newline", () => {
    const line = jsonlLine(task);
    expect(line.endsWith("}\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({
      task: { id: 7, externalId: "doc-7", data: task.data },
      gold: ["a", "c"],
      judgments: [
        {
          id: 1,
          annotatorId: "ann-1",
          value: ["a"],
          guidelineVersion: 2,
          activeMs: 1500,
          createdAt: "2024-01-02T03:04:05.000Z",
        },
        {
          id: 2,
          annotatorId: "ann,2",
          value: ["a", "c"],
          guidelineVersion: 2,
          activeMs: 900,
          createdAt: "1970-01-01T00:00:00.000Z",
        },
      ],
      aggregate: { value: ["a"], confidence: 0.75 },
      status: "done",
      required: 2,
      review: null,
      labelSource: "consensus",
    });
  });

  it("writes the task's review and where its label came from", () => {
    const corrected: ExportTask = {
      ...task,
      aggregate: { value: ["c"], confidence: 1, method: "review" },
      review: { status: "corrected", source: "low_confidence", reviewerId: "12", reviewedAt: Date.UTC(2026, 0, 2) },
    };
    expect(JSON.parse(jsonlLine(corrected))).toMatchObject({
      review: {
        status: "corrected",
        source: "low_confidence",
        reviewerId: "12",
        reviewedAt: "2026-01-02T00:00:00.000Z",
      },
      labelSource: "review",
    });
    const pending: ExportTask = {
      ...task,
      aggregate: { value: ["a"], confidence: 0.5, method: "dawid-skene" },
      review: { status: "pending", source: "sample", reviewerId: null, reviewedAt: null },
    };
    expect(JSON.parse(jsonlLine(pending))).toMatchObject({
      review: { status: "pending", source: "sample", reviewerId: null, reviewedAt: null },
      labelSource: "consensus",
    });
  });

  it("writes null for a task without gold or aggregate", () => {
    const bare = jsonlLine({ ...task, externalId: null, gold: null, aggregate: null, judgments: [] });
    expect(JSON.parse(bare)).toMatchObject({
      task: { externalId: null },
      gold: null,
      aggregate: null,
      judgments: [],
      review: null,
      labelSource: null,
    });
  });
});

describe("jsonlLine against one JSON.stringify of the record", () => {
  // Written by hand with remembered annotator ids: the same text as stringifying the record.
  it("writes the same text, for any annotator id, aggregate and confidence", () => {
    const ids = ["7", 'quote"d', "back\\slash", "\u2028", "7", "ünï"];
    const judgments = ids.map((annotatorId, i) => ({ ...task.judgments[0]!, id: i, annotatorId }));
    for (const aggregate of [null, { value: 3, confidence: 0.123456 }, { value: ["a", "b"], confidence: Number.NaN }]) {
      const record = { ...task, judgments, aggregate };
      const expected = `${JSON.stringify({
        task: { id: record.id, externalId: record.externalId, data: record.data },
        gold: record.gold,
        judgments: judgments.map((j) => ({ ...j, createdAt: new Date(j.createdAt).toISOString() })),
        aggregate: aggregate && {
          value: aggregate.value,
          confidence: Math.round(aggregate.confidence * 10_000) / 10_000,
        },
        status: record.status,
        required: record.required,
        review: null,
        labelSource: aggregate && "consensus",
      })}\n`;
      expect(jsonlLine(record)).toBe(expected);
      expect(jsonlLine(record)).toBe(expected);
    }
  });
});

describe("jsonlLine with the stored JSON text", () => {
  it("writes the same bytes as from the parsed values", () => {
    const withText: ExportTask = {
      ...task,
      dataJson: JSON.stringify(task.data),
      goldJson: JSON.stringify(task.gold),
      judgments: task.judgments.map((j) => ({ ...j, valueJson: JSON.stringify(j.value) })),
    };
    expect(jsonlLine(withText)).toBe(jsonlLine(task));
    const noGold: ExportTask = { ...withText, gold: null, goldJson: null };
    expect(jsonlLine(noGold)).toBe(jsonlLine({ ...task, gold: null }));
  });

  it("writes the stored text as it is, not the parsed values", () => {
    const line = jsonlLine({ ...task, dataJson: '{"text":"stored"}', judgments: [] });
    expect(JSON.parse(line).task.data).toEqual({ text: "stored" });
  });
});

describe("isoTime", () => {
  it("matches Date.toISOString across days, years, leap days and the ends of its range", () => {
    const instants = [
      0,
      1,
      999,
      86_399_999,
      86_400_000,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2026, 11, 2, 2, 35, 26, 296),
      253_402_300_799_999,
      253_402_300_800_000,
      -1,
      -86_400_001,
    ];
    let seed = 12345;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      instants.push(Math.floor((seed / 2_147_483_648) * 4_102_444_800_000));
    }
    for (const instant of instants) expect(isoTime(instant), String(instant)).toBe(new Date(instant).toISOString());
  });
});

describe("csv exports", () => {
  it("writes one row per task, escaping quotes, commas and newlines and renaming clashing data columns", async () => {
    const text = csvPerTaskHeader(dataFields) + csvPerTaskRow(task, dataFields, schema);
    expect(await records(text)).toEqual([
      [
        "task_id",
        "external_id",
        "text",
        "data.label",
        "score",
        "tags",
        "missing",
        "label",
        "confidence",
        "judgments",
        "gold",
        "status",
        "required",
        "label_name",
        "review_status",
        "review_source",
        "reviewer_id",
        "reviewed_at",
        "label_source",
      ],
      [
        "7",
        "doc-7",
        'He said "hi", then\nleft',
        "a data field named like a column",
        "0.5",
        '["x","y"]',
        "",
        '["a"]',
        "0.75",
        "2",
        '["a","c"]',
        "done",
        "2",
        '["Alpha"]',
        "",
        "",
        "",
        "",
        "consensus",
      ],
    ]);
    expect(csvPerTaskRow(task, dataFields, schema)).toContain('"He said ""hi"", then\nleft"');
  });

  it("leaves label and confidence empty without an aggregate", async () => {
    const row = csvPerTaskRow(
      { ...task, externalId: null, aggregate: null, gold: null, judgments: [], status: "open", required: 3 },
      ["text"],
      schema,
    );
    expect(await records(row)).toEqual([
      ["7", "", 'He said "hi", then\nleft', "", "", "0", "", "open", "3", "", "", "", "", "", ""],
    ]);
  });

  it("gives no label, confidence or name to a task that is not done, however far along", async () => {
    const oneOfThree = { ...task, judgments: task.judgments.slice(0, 1), status: "open" as const, required: 3 };
    const [row] = await records(csvPerTaskRow(oneOfThree, [], schema));
    expect(row).toEqual(["7", "doc-7", "", "", "1", '["a","c"]', "open", "3", "", "", "", "", "", ""]);
  });

  it("rounds confidences to 4 decimals and names single labels and rating points", async () => {
    const choice = parseLabelSchema({ type: "single_choice", options: [{ value: "spam", label: "Spam" }, "ok"] });
    const spam = { ...task, aggregate: { value: "spam", confidence: 0.6999999999999998 } };
    expect((await records(csvPerTaskRow(spam, [], choice)))[0]?.slice(2, 9)).toEqual([
      "spam",
      "0.7",
      "2",
      '["a","c"]',
      "done",
      "2",
      "Spam",
    ]);
    const unnamed = { ...task, aggregate: { value: "ok", confidence: 0.123456 } };
    expect((await records(csvPerTaskRow(unnamed, [], choice)))[0]?.slice(2, 4)).toEqual(["ok", "0.1235"]);
    const rating = parseLabelSchema({ type: "rating", min: 0, max: 4, labels: { 4: "Perfect" } });
    const perfect = { ...task, aggregate: { value: 4, confidence: 1 } };
    expect((await records(csvPerTaskRow(perfect, [], rating)))[0]?.at(-6)).toBe("Perfect");
    const fair = { ...task, aggregate: { value: 1, confidence: 1 } };
    expect((await records(csvPerTaskRow(fair, [], rating)))[0]?.at(-6)).toBe("");
  });

  it("writes each task's review at the end of its row, and the label's source for done tasks", async () => {
    const rejected: ExportTask = {
      ...task,
      status: "open",
      review: { status: "rejected", source: "disagreement", reviewerId: "=5", reviewedAt: Date.UTC(2026, 0, 2) },
    };
    const [open] = await records(csvPerTaskRow(rejected, [], schema));
    expect(open?.slice(-5)).toEqual(["rejected", "disagreement", "'=5", "2026-01-02T00:00:00.000Z", ""]);
    const corrected: ExportTask = {
      ...task,
      aggregate: { value: ["c"], confidence: 1, method: "review" },
      review: { status: "corrected", source: "dispute", reviewerId: "5", reviewedAt: 0 },
    };
    const [done] = await records(csvPerTaskRow(corrected, [], schema));
    expect(done?.slice(-6)).toEqual(['["Gamma"]', "corrected", "dispute", "5", "1970-01-01T00:00:00.000Z", "review"]);
    const pending: ExportTask = {
      ...task,
      review: { status: "pending", source: "sample", reviewerId: null, reviewedAt: null },
    };
    const rows = await records(csvPerJudgmentRows(pending, [], schema));
    expect(rows.map((row) => row.slice(-5))).toEqual([
      ['["Alpha"]', "pending", "sample", "", ""],
      ['["Alpha","Gamma"]', "pending", "sample", "", ""],
    ]);
  });

  it("writes one row per judgment", async () => {
    const text = csvPerJudgmentHeader(["text"]) + csvPerJudgmentRows(task, ["text"], schema);
    expect(await records(text)).toEqual([
      [
        "task_id",
        "external_id",
        "text",
        "judgment_id",
        "annotator_id",
        "label",
        "guideline_version",
        "active_ms",
        "created_at",
        "gold",
        "label_name",
        "review_status",
        "review_source",
        "reviewer_id",
        "reviewed_at",
      ],
      [
        "7",
        "doc-7",
        'He said "hi", then\nleft',
        "1",
        "ann-1",
        '["a"]',
        "2",
        "1500",
        "2024-01-02T03:04:05.000Z",
        '["a","c"]',
        '["Alpha"]',
        "",
        "",
        "",
        "",
      ],
      [
        "7",
        "doc-7",
        'He said "hi", then\nleft',
        "2",
        "ann,2",
        '["a","c"]',
        "2",
        "900",
        "1970-01-01T00:00:00.000Z",
        '["a","c"]',
        '["Alpha","Gamma"]',
        "",
        "",
        "",
        "",
      ],
    ]);
    expect(csvPerJudgmentRows({ ...task, judgments: [] }, ["text"], schema)).toBe("");
  });

  it("writes cells: numbers as numbers, strings as they are, lists and objects as JSON, nothing as empty", () => {
    expect([csvCell("x"), csvCell(3), csvCell(false), csvCell(null), csvCell(undefined), csvCell({ a: [1] })]).toEqual([
      "x",
      3,
      "false",
      "",
      "",
      '{"a":[1]}',
    ]);
  });

  it("neutralises spreadsheet formulas in every text cell, annotators' free text and data field names included", async () => {
    const hostile: ExportTask = {
      id: 7,
      externalId: "@SUM(1+1)",
      data: { text: '=HYPERLINK("http://x")', "+cmd": "\tTAB", score: -3 },
      gold: "-2+3+cmd|' /C calc'!A0",
      aggregate: { value: "=1+1", confidence: 0.5 },
      judgments: [
        { id: 1, annotatorId: "=evil", value: "\r=1", guidelineVersion: 1, activeMs: 10, createdAt: 0 },
        { id: 2, annotatorId: "a", value: -3, guidelineVersion: 1, activeMs: 10, createdAt: 0 },
      ],
      status: "done",
      required: 2,
    };
    const fields = ["text", "+cmd", "score"];
    const freeText = parseLabelSchema({ type: "free_text" });
    const files = [
      csvPerTaskHeader(fields) + csvPerTaskRow(hostile, fields, freeText),
      csvPerJudgmentHeader(fields) + csvPerJudgmentRows(hostile, fields, freeText),
    ];
    for (const file of files) {
      const records = [];
      for await (const record of parseCsv([file])) records.push(record);
      for (const cell of records.flatMap((r) => r.fields)) {
        // A cell may start a formula only if it is a plain number such as -3.
        if (/^[=+\-@\t\r]/.test(cell)) expect(cell).toMatch(/^-?\d+(\.\d+)?$/);
      }
      expect(records.flatMap((r) => r.fields)).toContain('\'=HYPERLINK("http://x")');
      expect(records.flatMap((r) => r.fields)).toContain("'+cmd");
    }
    // The numeric score and rating stay numbers.
    expect(files[0]).toMatch(/,-3,/);
    expect(files[1]).toMatch(/,-3,1,10,/);
  });

  // The rows are assembled a cell at a time, the task's cells once, repeated label texts and ids
  // from memory: the same text as `csvRow` of every cell, whatever the cells hold.
  it("writes per-judgment rows exactly as csvRow writes their cells", () => {
    const times = [0, Date.UTC(2024, 1, 29, 23, 59, 59, 999), -1, -62_198_755_200_000, 253_402_300_800_000];
    const values: LabelValue[] = ["=1+1", "plain", 'a "quoted", text', -3, 2.5, ["a", "=b"], "\r=1", "line\nbreak"];
    const annotators = ["7", "=evil", "ann,2", '"q"', "7"];
    const judgments = Array.from({ length: 30 }, (_, i): ExportJudgment => {
      const value = values[i % values.length]!;
      return {
        id: i + 1,
        annotatorId: annotators[i % annotators.length]!,
        value,
        // Stored text for most: the same text must give the same cell every time it comes.
        ...(i % 4 === 3 ? {} : { valueJson: JSON.stringify(value) }),
        guidelineVersion: i % 3,
        activeMs: i * 10,
        createdAt: times[i % times.length]!,
      };
    });
    const hostile: ExportTask = {
      ...task,
      externalId: "@SUM(1+1)",
      data: { text: '=HYPERLINK("http://x")', n: -3, list: [1, "x"], none: null },
      gold: "-2+3",
    };
    const fields = ["text", "n", "list", "none", "missing"];
    const named = parseLabelSchema({
      type: "multi_label",
      options: [
        { value: "=1+1", label: "=Formula" },
        { value: "plain", label: "Plain, with a comma" },
        { value: "a", label: "A" },
      ],
    });
    const review = { status: "accepted", source: "sample", reviewerId: "=9", reviewedAt: -1 } as const;
    const expected = judgments
      .map((judgment) =>
        csvRow([
          hostile.id,
          hostile.externalId ?? "",
          ...fields.map((field) => csvCell(hostile.data[field])),
          judgment.id,
          judgment.annotatorId,
          csvCell(judgment.value),
          judgment.guidelineVersion,
          judgment.activeMs,
          isoTime(judgment.createdAt),
          csvCell(hostile.gold),
          csvCell(labelName(named, judgment.value)),
          review.status,
          review.source,
          review.reviewerId ?? "",
          isoTime(review.reviewedAt ?? 0),
        ]),
      )
      .join("");
    expect(csvPerJudgmentRows({ ...hostile, judgments, review }, fields, named)).toBe(expected);
    expect(csvPerJudgmentRows({ ...hostile, externalId: null, gold: null, judgments }, [], named)).toBe(
      judgments
        .map((j) =>
          csvRow([
            7,
            "",
            j.id,
            j.annotatorId,
            csvCell(j.value),
            j.guidelineVersion,
            j.activeMs,
            isoTime(j.createdAt),
            "",
            csvCell(labelName(named, j.value)),
            "",
            "",
            "",
            "",
          ]),
        )
        .join(""),
    );
  });
});
