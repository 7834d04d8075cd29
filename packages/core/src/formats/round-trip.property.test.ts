import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LabelSchema } from "../label-schema.js";
import { labelStudioClose, labelStudioOpen, labelStudioTask } from "./export-label-studio.js";
import { csvPerTaskHeader, csvPerTaskRow, type ExportTask, jsonlLine } from "./export-rows.js";
import { type ImportFormat, type ImportItem, parseTasks } from "./import-tasks.js";

const freeText: LabelSchema = { type: "free_text", minLength: 1, maxLength: 100 };
const multiLabel: LabelSchema = {
  type: "multi_label",
  options: ["a", "b", "c", "d"].map((value) => ({ value, label: value })),
  minSelected: 0,
  maxSelected: 4,
};

function cut(text: string, sizes: number[]): string[] {
  const chunks: string[] = [];
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    chunks.push(text.slice(at, at + size));
    at += size;
  }
  return chunks;
}

async function reimport(format: ImportFormat, chunks: string[], schema: LabelSchema) {
  const items: ImportItem[] = [];
  for await (const item of parseTasks(format, chunks, schema)) items.push(item);
  return items.map((item) => (item.ok ? { data: item.task.data, gold: item.task.gold } : item.issue));
}

const anyText = fc.string({ unit: "binary", maxLength: 40 });
/** Free-text gold that validation keeps as it is (already trimmed, within length). */
const goldText = anyText.filter((text) => text.length > 0 && text.trim() === text);
const chunkSizes = fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 5 });

function toExport(index: number, data: Record<string, unknown>, gold: ExportTask["gold"]): ExportTask {
  return { id: index + 1, externalId: null, data, gold, aggregate: null, judgments: [], status: "open", required: 3 };
}

function files(schema: LabelSchema, tasks: ExportTask[]): Record<ImportFormat, string> {
  const fields = ["text", "note"];
  return {
    jsonl: tasks.map(jsonlLine).join(""),
    csv: csvPerTaskHeader(fields) + tasks.map((task) => csvPerTaskRow(task, fields, schema)).join(""),
    "label-studio":
      labelStudioOpen() +
      tasks.map((task, i) => labelStudioTask(task, schema, i === 0, { goldAsGroundTruth: true })).join("") +
      labelStudioClose(),
  };
}

describe("export then import, any text and chunking", () => {
  it.each<ImportFormat>(["jsonl", "csv", "label-studio"])(
    "keeps data text and free-text gold via %s",
    async (format) => {
      const task = fc.record({ text: anyText, note: anyText, gold: goldText });
      await fc.assert(
        fc.asyncProperty(fc.array(task, { maxLength: 5 }), chunkSizes, async (tasks, sizes) => {
          const exported = tasks.map(({ text, note, gold }, i) => toExport(i, { text, note }, gold));
          const back = await reimport(format, cut(files(freeText, exported)[format], sizes), freeText);
          const picked = back.map((item) =>
            "data" in item ? { data: { text: item.data.text, note: item.data.note }, gold: item.gold } : item,
          );
          expect(picked).toEqual(tasks.map(({ text, note, gold }) => ({ data: { text, note }, gold })));
        }),
      );
    },
  );

  it.each<ImportFormat>(["jsonl", "csv", "label-studio"])("keeps multi-label gold via %s", async (format) => {
    const gold = fc.subarray(["a", "b", "c", "d"]);
    await fc.assert(
      fc.asyncProperty(fc.array(gold, { minLength: 1, maxLength: 5 }), chunkSizes, async (golds, sizes) => {
        const exported = golds.map((value, i) => toExport(i, { text: `t${i}`, note: "" }, value));
        const back = await reimport(format, cut(files(multiLabel, exported)[format], sizes), multiLabel);
        expect(back.map((item) => ("gold" in item ? item.gold : item))).toEqual(golds);
      }),
    );
  });
});
