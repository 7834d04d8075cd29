import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitLines, type TextLine } from "./jsonl.js";

async function lines(chunks: string[]): Promise<TextLine[]> {
  const out: TextLine[] = [];
  for await (const line of splitLines(chunks)) out.push(line);
  return out;
}

describe("splitLines", () => {
  it("splits on LF and CRLF across chunk boundaries, dropping a byte-order mark", async () => {
    const text = "\uFEFFone\r\n\ntwo\rstill two\r\nlast";
    const expected = [
      { line: 1, text: "one" },
      { line: 2, text: "" },
      { line: 3, text: "two\rstill two" },
      { line: 4, text: "last" },
    ];
    expect(await lines([text])).toEqual(expected);
    expect(await lines([...text])).toEqual(expected);
    for (let at = 0; at <= text.length; at++)
      expect(await lines([text.slice(0, at), text.slice(at)])).toEqual(expected);
  });

  it("agrees with String.split for any text and chunking", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.constantFrom("a", "\n", "\r", "é", " ") }),
        fc.nat({ max: 9 }),
        async (text, size) => {
          const chunks = [];
          for (let i = 0; i < text.length; i += size + 1) chunks.push(text.slice(i, i + size + 1));
          const expected = text.split("\n").map((part, index) => ({ line: index + 1, text: part.replace(/\r$/, "") }));
          if (text.endsWith("\n") || text === "") expected.pop();
          expect(await lines(chunks)).toEqual(expected);
        },
      ),
    );
  });
});
