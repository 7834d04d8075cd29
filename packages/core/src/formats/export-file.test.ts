import { describe, expect, it } from "vitest";
import { parseLabelSchema } from "../label-schema.js";
import { parseCsv } from "./csv.js";
import { CSV_COLUMN_SAMPLE, exportFile, exportFileType, exportPages } from "./export-file.js";
import type { ExportTask } from "./export-rows.js";

const schema = parseLabelSchema({ type: "single_choice", options: ["a", "b"] });

function task(id: number, data: Record<string, unknown>): ExportTask {
  return {
    id,
    externalId: null,
    data,
    gold: null,
    aggregate: { value: "a", confidence: 1 },
    judgments: [{ id, annotatorId: "7", value: "a", guidelineVersion: 1, activeMs: 900, createdAt: 0 }],
    status: "done",
    required: 1,
  };
}

async function* stream(tasks: ExportTask[]) {
  yield* tasks;
}

async function text(
  tasks: ExportTask[],
  format: "jsonl" | "csv" | "label-studio",
  per: "judgment" | "task" = "judgment",
) {
  let out = "";
  for await (const piece of exportFile(stream(tasks), { format, per, schema })) out += piece;
  return out;
}

describe("exportFile", () => {
  it("gives CSV a column for every data key of the first tasks, in order of appearance", async () => {
    const csv = await text([task(1, { text: "x" }), task(2, { text: "y", url: "u" })], "csv", "task");
    const records = [];
    for await (const record of parseCsv([csv])) records.push(record.fields);
    expect(records[0]?.slice(2, 4)).toEqual(["text", "url"]);
    expect(records).toHaveLength(3);
  });

  it("writes a JSON array for Label Studio, also when there are no tasks", async () => {
    expect(JSON.parse(await text([], "label-studio"))).toEqual([]);
    expect(JSON.parse(await text([task(1, { text: "x" }), task(2, { text: "y" })], "label-studio"))).toHaveLength(2);
  });

  it("writes one JSONL line per task", async () => {
    expect((await text([task(1, {}), task(2, {}), task(3, {})], "jsonl")).trim().split("\n")).toHaveLength(3);
  });

  // Pages of every size give `exportFile`'s text; the CSV columns come from the first tasks even
  // when they span pages, and each piece counts the tasks and judgments rendered in it.
  it("renders pages of tasks as exportFile renders the tasks one by one", async () => {
    const tasks = Array.from({ length: CSV_COLUMN_SAMPLE + 5 }, (_, i) =>
      task(
        i + 1,
        i === CSV_COLUMN_SAMPLE - 1 ? { late: i } : i === CSV_COLUMN_SAMPLE ? { unseen: i } : { text: `t${i}` },
      ),
    );
    const formats = [
      ["jsonl", "judgment"],
      ["csv", "judgment"],
      ["csv", "task"],
      ["label-studio", "judgment"],
    ] as const;
    for (const [format, per] of formats) {
      const expected = await text(tasks, format, per);
      for (const size of [1, 7, CSV_COLUMN_SAMPLE, 1000]) {
        async function* pages() {
          for (let i = 0; i < tasks.length; i += size) yield tasks.slice(i, i + size);
        }
        let out = "";
        let counted = { tasks: 0, judgments: 0 };
        for await (const piece of exportPages(pages(), { format, per, schema })) {
          out += piece.text;
          counted = { tasks: counted.tasks + piece.tasks, judgments: counted.judgments + piece.judgments };
        }
        expect(out).toBe(expected);
        expect(counted).toEqual({ tasks: tasks.length, judgments: tasks.length });
      }
    }
    expect(await text(tasks, "csv")).toMatch(/^task_id,external_id,text,late,judgment_id/);
  });

  it("cuts a large page into pieces of about 64 KB, counting each piece's own tasks", async () => {
    const tasks = Array.from({ length: 50 }, (_, i) => task(i + 1, { text: "x".repeat(5000) }));
    async function* onePage() {
      yield tasks;
    }
    const pieces = [];
    for await (const piece of exportPages(onePage(), { format: "jsonl", per: "judgment", schema })) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.every((piece) => piece.text.length < 65_536 + 6000)).toBe(true);
    expect(pieces.map((piece) => piece.text).join("")).toBe(await text(tasks, "jsonl"));
    expect(pieces.reduce((sum, piece) => sum + piece.tasks, 0)).toBe(50);
    expect(pieces.map((piece) => piece.text.split("\n").length - 1)).toEqual(pieces.map((piece) => piece.tasks));
  });

  it("names the file type", () => {
    expect(exportFileType({ format: "csv", per: "task" })).toEqual({
      contentType: "text/csv; charset=utf-8",
      suffix: "-per-task.csv",
    });
  });
});
