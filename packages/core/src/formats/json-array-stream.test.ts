import { describe, expect, it } from "vitest";
import { JsonArraySplitter, type JsonElement, JsonStructureError, splitJsonArray } from "./json-array-stream.js";

async function split(chunks: string[]): Promise<JsonElement[]> {
  const elements: JsonElement[] = [];
  for await (const element of splitJsonArray(chunks)) elements.push(element);
  return elements;
}

/** Splits whole, in 1-character chunks and in two at every position; all must agree. */
async function splitAnyChunking(text: string): Promise<JsonElement[]> {
  const whole = await split([text]);
  expect(await split([...text])).toEqual(whole);
  for (let at = 0; at <= text.length; at++) expect(await split([text.slice(0, at), text.slice(at)])).toEqual(whole);
  return whole;
}

describe("splitJsonArray", () => {
  it("yields each element's text and starting line, whatever the strings hold", async () => {
    const text = [
      "\uFEFF[",
      '  {"a": "brackets ] } [ { and a comma, here"},',
      '  "escaped \\" quote ]", "backslash at end \\\\",',
      '  [1, [2, {"b": [3]}]] ,',
      "  -1.5e3,true , null",
      "]",
      "",
    ].join("\r\n");
    expect(await splitAnyChunking(text)).toEqual([
      { line: 2, index: 1, text: '{"a": "brackets ] } [ { and a comma, here"}' },
      { line: 3, index: 2, text: '"escaped \\" quote ]"' },
      { line: 3, index: 3, text: '"backslash at end \\\\"' },
      { line: 4, index: 4, text: '[1, [2, {"b": [3]}]]' },
      { line: 5, index: 5, text: "-1.5e3" },
      { line: 5, index: 6, text: "true" },
      { line: 5, index: 7, text: "null" },
    ]);
  });

  it("reads an empty array, a single object and a sequence of objects", async () => {
    expect(await splitAnyChunking(" [ ] ")).toEqual([]);
    expect(await splitAnyChunking("")).toEqual([]);
    expect(await splitAnyChunking('{"a": "}"}')).toEqual([{ line: 1, index: 1, text: '{"a": "}"}' }]);
    expect(await splitAnyChunking('{"a": 1}\n\n{"b": [2]}\n[3]')).toEqual([
      { line: 1, index: 1, text: '{"a": 1}' },
      { line: 3, index: 2, text: '{"b": [2]}' },
      { line: 4, index: 3, text: "[3]" },
    ]);
  });

  it("leaves the grammar inside an element to JSON.parse", async () => {
    expect(await split(['[{"a" 1}, {"b": 2]]'])).toEqual([
      { line: 1, index: 1, text: '{"a" 1}' },
      { line: 1, index: 2, text: '{"b": 2]' },
    ]);
  });

  it.each([
    ["[1,,2]", 1, "an array element is missing before ,"],
    ["[1,\n]", 2, "a comma is followed by ]"],
    ["[1}", 1, "unexpected }"],
    ["[1]\n2", 2, "unexpected text after the end of the array"],
    ['{"a": 1}, {"b": 2}', 1, "expected an object or an array"],
    ['{"a": 1} 2', 1, "expected an object or an array"],
    ["42", 1, "expected a JSON array or object"],
    ['[\n"open', 2, "a string is not closed"],
    ["[\n{\n", 2, "the value starting here is not closed"],
    ["[1, 2", 1, "the array starting here is not closed"],
  ])("throws at lost structure: %j", async (text, line, problem) => {
    const error = await split([text]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JsonStructureError);
    expect(error).toMatchObject({ line, problem, message: `line ${line}: ${problem}` });
  });

  it("yields the elements before a structural error", () => {
    const splitter = new JsonArraySplitter();
    const seen: string[] = [];
    expect(() => {
      for (const element of splitter.feed("[1, 2,, 3]")) seen.push(element.text);
    }).toThrow(JsonStructureError);
    expect(seen).toEqual(["1", "2"]);
  });
});
