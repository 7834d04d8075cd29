import { describe, expect, it } from "vitest";
import { scheduleInWords } from "./schedule-words.js";

describe("a report schedule in words", () => {
  it("says the defaults as a person would", () => {
    expect(scheduleInWords("0 7 * * *")).toEqual({ words: "At 07:00" });
    expect(scheduleInWords("0 7 * * 1")).toEqual({ words: "At 07:00, only on Monday" });
    expect(scheduleInWords("30 8 1 * *")).toEqual({ words: "At 08:30, on day 1 of the month" });
  });

  it("says when a pattern is not a schedule", () => {
    expect(scheduleInWords("every morning")).toMatchObject({ error: expect.stringMatching(/^Not a schedule: /) });
  });
});
