import { describe, expect, it } from "vitest";
import { csvRow, csvText, csvTextValue, parseCsv } from "./csv.js";

async function all(chunks: string[]) {
  const out = [];
  for await (const r of parseCsv(chunks)) out.push(r);
  return out;
}

describe("parseCsv", () => {
  it("parses quoted fields with commas, quotes and newlines across chunk boundaries", async () => {
    const text = 'a,b\r\n"x, y","he said ""hi"""\n"multi\nline",2\n\nlast,row';
    for (const size of [1, 2, 3, 7, 1000]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(await all(chunks)).toEqual([
        { line: 1, fields: ["a", "b"] },
        { line: 2, fields: ["x, y", 'he said "hi"'] },
        { line: 3, fields: ["multi\nline", "2"] },
        { line: 6, fields: ["last", "row"] },
      ]);
    }
  });

  it("strips a byte-order mark and round-trips through csvRow", async () => {
    const values = ["plain", "with,comma", 'q"uote', "new\nline", ""];
    const records = await all([`\uFEFF${csvRow(values)}`]);
    expect(records[0]?.fields).toEqual(values);
  });

  it("rejects an unclosed quote with its line", async () => {
    await expect(all(['a,b\n"open,2\n'])).rejects.toThrow("line 2");
  });
});

describe("csvText (OWASP CSV injection)", () => {
  it("prefixes a quote to text a spreadsheet would run as a formula, and keeps plain numbers", () => {
    expect(["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\tx", "\rx", "'=x"].map(csvText)).toEqual([
      "'=1+1",
      "'+1+1",
      "'-1+1",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      "''=x",
    ]);
    expect(["-3", "+1.5", "-2e3", "plain", "a=b", "'tis", ""].map(csvText)).toEqual([
      "-3",
      "+1.5",
      "-2e3",
      "plain",
      "a=b",
      "'tis",
      "",
    ]);
    expect(csvRow(["=x", -3, "-3"])).toBe("'=x,-3,-3\n");
  });

  it("is undone exactly by csvTextValue", () => {
    for (const text of ["=1", "'=1", "''=1", "-3", "'-3", "-", "'", "'tis", "@", "\t", "x"])
      expect(csvTextValue(csvText(text))).toBe(text);
  });
});
