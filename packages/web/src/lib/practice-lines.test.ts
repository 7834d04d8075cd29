import { describe, expect, it } from "vitest";
import { parsePracticeLines } from "./practice-lines.js";

describe("parsePracticeLines", () => {
  it("reads one task id and hint a line, skipping blank lines", () => {
    expect(parsePracticeLines("214: Sarcastic praise is negative\n\n#15 - Ads only: rate 0")).toEqual({
      items: [
        { taskId: 214, hint: "Sarcastic praise is negative" },
        { taskId: 15, hint: "Ads only: rate 0" },
      ],
      problems: [],
    });
  });

  it("names the lines it cannot read", () => {
    expect(parsePracticeLines("12: ok\nno id here\n7").problems).toEqual([
      'line 2: write "task id: hint"',
      'line 3: write "task id: hint"',
    ]);
  });
});
