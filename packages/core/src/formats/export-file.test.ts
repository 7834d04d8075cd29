import { describe, expect, it } from "vitest";
import { parseLabelSchema } from "../label-schema.js";
import { parseCsv } from "./csv.js";
import { exportFile, exportFileType } from "./export-file.js";
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
  it("names the file type", () => {
    expect(exportFileType({ format: "csv", per: "task" })).toEqual({
      contentType: "text/csv; charset=utf-8",
      suffix: "-per-task.csv",
    });
  });
});
