import { describe, expect, it } from "vitest";
import type { LabelSchema, LabelValue } from "../label-schema.js";
import { labelStudioClose, labelStudioOpen, labelStudioTask } from "./export-label-studio.js";
import { csvCell, csvPerTaskHeader, csvPerTaskRow, type ExportTask, jsonlLine } from "./export-rows.js";
import { type ImportedTask, type ImportFormat, parseTasks } from "./import-tasks.js";

async function reimport(format: ImportFormat, text: string, schema: LabelSchema): Promise<ImportedTask[]> {
  const tasks: ImportedTask[] = [];
  for await (const item of parseTasks(format, [...text], schema)) {
    if (!item.ok) throw new Error(`line ${item.issue.line}: ${item.issue.path} ${item.issue.message}`);
    tasks.push(item.task);
  }
  return tasks;
}

function exportTask(id: number, data: Record<string, unknown>, gold: LabelValue | null): ExportTask {
  return {
    id,
    externalId: `doc-${id}`,
    data,
    gold,
    aggregate: gold === null ? null : { value: gold, confidence: 0.8 },
    judgments:
      gold === null ? [] : [{ id: 1, annotatorId: "a", value: gold, guidelineVersion: 1, activeMs: 10, createdAt: 0 }],
    status: gold === null ? "open" : "done",
    required: 1,
  };
}

const text = 'Quotes "like this", commas, [brackets], {braces}, a \\ and\na newline';
const cases: { schema: LabelSchema; data: Record<string, unknown>; gold: LabelValue }[] = [
  {
    schema: {
      type: "single_choice",
      options: [
        { value: "pos", label: "P" },
        { value: "neg", label: "N" },
      ],
    },
    data: { text },
    gold: "neg",
  },
  {
    schema: {
      type: "multi_label",
      options: [
        { value: "a", label: "A" },
        { value: "b", label: "B" },
        { value: "c", label: "C" },
      ],
      minSelected: 0,
      maxSelected: 3,
    },
    data: { text },
    gold: ["a", "c"],
  },
  { schema: { type: "rating", min: 0, max: 10, labels: {} }, data: { text }, gold: 7 },
  { schema: { type: "pairwise", allowTie: true }, data: { left: text, right: "other" }, gold: "tie" },
  {
    schema: { type: "ranking", itemsField: "items" },
    data: { text, items: [{ id: "x", body: 'first, "one"' }, { id: "y" }, { id: "z" }] },
    gold: ["z", "x", "y"],
  },
  { schema: { type: "free_text", minLength: 1, maxLength: 200 }, data: { text }, gold: text },
];

describe("export then import gives the same data and gold", () => {
  it.each(cases)("$schema.type via JSONL", async ({ schema, data, gold }) => {
    const file = jsonlLine(exportTask(1, data, gold)) + jsonlLine(exportTask(2, data, null));
    expect(await reimport("jsonl", file, schema)).toEqual([
      { line: 1, data, gold, externalId: "doc-1" },
      { line: 2, data, externalId: "doc-2" },
    ]);
  });

  it.each(cases)("$schema.type via Label Studio with gold as ground truth", async ({ schema, data, gold }) => {
    const file =
      labelStudioOpen() +
      labelStudioTask(exportTask(1, data, gold), schema, true, { goldAsGroundTruth: true }) +
      labelStudioTask(exportTask(2, data, null), schema, false, { goldAsGroundTruth: true }) +
      labelStudioClose();
    expect(await reimport("label-studio", file, schema)).toEqual([
      { item: 1, line: 2, data, gold, externalId: "doc-1" },
      { item: 2, line: 3, data, externalId: "doc-2" },
    ]);
  });

  it.each(cases)("$schema.type via per-task CSV (data as text)", async ({ schema, data, gold }) => {
    const fields = Object.keys(data);
    const file = csvPerTaskHeader(fields) + csvPerTaskRow(exportTask(1, data, gold), fields, schema);
    const [task] = await reimport("csv", file, schema);
    // CSV holds text; the ranking items column is read back as a list.
    const expected = Object.fromEntries(
      fields.map((field) => [
        field,
        schema.type === "ranking" && field === "items" ? data[field] : csvCell(data[field]),
      ]),
    );
    // The export's own columns (task_id, external_id, label, ...) come back as extra data fields.
    expect(task?.data).toMatchObject(expected);
    expect(task?.data).toMatchObject({ task_id: "1", external_id: "doc-1" });
    expect(task?.gold).toEqual(gold);
  });
});
