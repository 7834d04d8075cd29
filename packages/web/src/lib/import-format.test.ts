import { expect, it } from "vitest";
import { batchNameFor, formatBytes, importFormatFor } from "./import-format.js";

it("guesses the import format from the file name", () => {
  expect(importFormatFor("tasks.CSV")).toBe("csv");
  expect(importFormatFor("export.json")).toBe("label-studio");
  expect(importFormatFor("tasks.jsonl")).toBe("jsonl");
  expect(importFormatFor("tasks.ndjson")).toBe("jsonl");
  expect(batchNameFor("march-batch.jsonl")).toBe("march-batch");
  expect(formatBytes(1536)).toBe("1.5 kB");
  expect(formatBytes(3 * 1024 * 1024)).toBe("3.0 MB");
});
