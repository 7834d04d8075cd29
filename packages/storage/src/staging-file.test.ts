import { describe, expect, it } from "vitest";
import { StagingFile } from "./staging-file.js";

const text = { encode: (value: string) => value, decode: (line: string) => line };

describe("a staging file", () => {
  it("reads back every value in order, in chunks, across reads of the file and multi-byte characters", async () => {
    // About 2.5 MiB: lines cross the boundaries of the reads, some inside a multi-byte character.
    const values = Array.from({ length: 6000 }, (_, i) => `${i} é ${"x€😀".repeat(i % 97)} ${"y".repeat(i % 11)}`);
    const file = await StagingFile.create("quorum-staging-test-", text);
    try {
      for (let i = 0; i < values.length; i += 99) await file.write(values.slice(i, i + 99));
      expect(file.count).toBe(values.length);
      const chunks: string[][] = [];
      for await (const chunk of file.read(100)) chunks.push(chunk);
      expect(chunks.flat()).toEqual(values);
      expect(chunks.slice(0, -1).every((chunk) => chunk.length === 100)).toBe(true);
    } finally {
      await file.remove();
    }
  });

  it("reads an empty file as no chunks", async () => {
    const file = await StagingFile.create("quorum-staging-test-", text);
    try {
      const chunks: string[][] = [];
      for await (const chunk of file.read(10)) chunks.push(chunk);
      expect(chunks).toEqual([]);
    } finally {
      await file.remove();
    }
  });
});
