import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitJsonArray } from "./json-array-stream.js";

/** Cuts text into consecutive chunks of the given sizes (cycled), so every cut position is reachable. */
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

async function parsedElements(chunks: string[]): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const element of splitJsonArray(chunks)) values.push(JSON.parse(element.text));
  return values;
}

const chunkSizes = fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 8 });

describe("splitJsonArray properties", () => {
  it("streams any array of JSON values back equal, in any chunk sizes and layout", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue()),
        fc.constantFrom(undefined, 2, "\t"),
        chunkSizes,
        async (values, indent, sizes) => {
          const text = JSON.stringify(values, null, indent);
          // JSON.stringify drops -0 and the like: compare with what JSON itself gives back.
          expect(await parsedElements(cut(text, sizes))).toEqual(JSON.parse(text));
        },
      ),
    );
  });

  it("streams any sequence of objects, one per line, back equal", async () => {
    const objects = fc.array(fc.dictionary(fc.string(), fc.jsonValue()));
    await fc.assert(
      fc.asyncProperty(objects, chunkSizes, async (values, sizes) => {
        const text = values.map((value) => JSON.stringify(value)).join("\n");
        expect(await parsedElements(cut(text, sizes))).toEqual(
          values.map((value) => JSON.parse(JSON.stringify(value))),
        );
      }),
    );
  });
});
