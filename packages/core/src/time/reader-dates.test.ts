import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { datedText, daySlot, dayWriter, fullStop, isDatedText, monthsLabel, writeDatedText } from "./reader-dates.js";

const NOW = Date.UTC(2026, 11, 3, 12);
const LATE_ON_THE_7TH = Date.UTC(2026, 11, 7, 20, 30);

describe("dayWriter", () => {
  it("writes the local day in the reader's locale", () => {
    expect(dayWriter({ timeZone: "UTC", locale: "en" }, NOW)(LATE_ON_THE_7TH)).toBe("Dec 7");
    expect(dayWriter({ timeZone: "UTC", locale: "de" }, NOW)(LATE_ON_THE_7TH)).toBe("7. Dez.");
    expect(dayWriter({ timeZone: "UTC", locale: "ja" }, NOW)(LATE_ON_THE_7TH)).toBe("12月7日");
  });

  it("writes the day of the reader's zone: late on the 7th in UTC is the 8th in Tokyo, the 7th in Los Angeles", () => {
    expect(dayWriter({ timeZone: "Asia/Tokyo", locale: "en" }, NOW)(LATE_ON_THE_7TH)).toBe("Dec 8");
    expect(dayWriter({ timeZone: "America/Los_Angeles", locale: "en" }, NOW)(LATE_ON_THE_7TH)).toBe("Dec 7");
    expect(dayWriter({ timeZone: "America/Los_Angeles", locale: "en" }, NOW)(Date.UTC(2026, 11, 8, 3))).toBe("Dec 7");
  });

  it("adds the year only when the day falls in another year than now in the reader's zone", () => {
    const newYear = Date.UTC(2026, 11, 31, 18);
    expect(dayWriter({ timeZone: "UTC", locale: "en" }, NOW)(newYear)).toBe("Dec 31");
    expect(dayWriter({ timeZone: "Asia/Tokyo", locale: "en" }, NOW)(newYear)).toBe("Jan 1, 2027");
    expect(dayWriter({ timeZone: "Asia/Tokyo", locale: "de" }, NOW)(newYear)).toBe("1. Jan. 2027");
  });

  it("refuses an unknown zone or locale, naming the field", () => {
    const field = (reader: { timeZone: string; locale: string }) => {
      try {
        dayWriter(reader, NOW);
      } catch (error) {
        return error instanceof DomainError ? error.details?.[0]?.path : "not a domain error";
      }
      return "accepted";
    };
    expect(field({ timeZone: "Mars/Olympus", locale: "en" })).toBe("timeZone");
    expect(field({ timeZone: "UTC", locale: "not a locale!" })).toBe("locale");
  });
});

describe("DatedText", () => {
  it("keeps a composed sentence's days as instants and writes them for each reader", () => {
    const text = datedText(`To finish by ${daySlot(LATE_ON_THE_7TH)}, hurry; or move it to ${daySlot(NOW)}.`);
    expect(text).toEqual(["To finish by ", { day: LATE_ON_THE_7TH }, ", hurry; or move it to ", { day: NOW }, "."]);
    expect(isDatedText(JSON.parse(JSON.stringify(text)))).toBe(true);
    expect(writeDatedText(text, dayWriter({ timeZone: "Asia/Tokyo", locale: "en" }, NOW))).toBe(
      "To finish by Dec 8, hurry; or move it to Dec 3.",
    );
    expect(writeDatedText(text, dayWriter({ timeZone: "UTC", locale: "de" }, NOW))).toBe(
      "To finish by 7. Dez., hurry; or move it to 3. Dez.",
    );
    expect(datedText("No days here.")).toEqual(["No days here."]);
    expect(isDatedText(["a", { day: "x" }])).toBe(false);
  });
});

describe("a sentence ending with a day", () => {
  const german = dayWriter({ timeZone: "UTC", locale: "de" }, NOW);
  const english = dayWriter({ timeZone: "UTC", locale: "en" }, NOW);

  it("takes one full stop after a German day that already ends with one, not two", () => {
    expect(fullStop(`Move the deadline to ${german(LATE_ON_THE_7TH)}`)).toBe("Move the deadline to 7. Dez.");
    const stored = datedText(fullStop(`Move the deadline to ${daySlot(LATE_ON_THE_7TH)}`));
    expect(writeDatedText(stored, german)).toBe("Move the deadline to 7. Dez.");
    // Parts stored before sentences ended this way read the same.
    expect(writeDatedText(["Move it to ", { day: LATE_ON_THE_7TH }, "."], german)).toBe("Move it to 7. Dez.");
  });

  it("still ends an English sentence with its full stop, and keeps other text as it is", () => {
    expect(fullStop(`Move the deadline to ${english(LATE_ON_THE_7TH)}`)).toBe("Move the deadline to Dec 7.");
    expect(writeDatedText(datedText(fullStop(`Move it to ${daySlot(LATE_ON_THE_7TH)}`)), english)).toBe(
      "Move it to Dec 7.",
    );
    expect(writeDatedText(["By ", { day: LATE_ON_THE_7TH }, ", hurry..."], german)).toBe("By 7. Dez., hurry...");
    expect(fullStop("Done.")).toBe("Done.");
  });
});

describe("monthsLabel", () => {
  const december = { start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) };
  const fourthQuarter = { start: Date.UTC(2026, 9, 1), end: Date.UTC(2027, 0, 1) };

  it("names a period of UTC months in the reader's language, not as ISO days", () => {
    expect(monthsLabel(december, "en")).toBe("December 2026");
    expect(monthsLabel(december, "de")).toBe("Dezember 2026");
    // ICU puts thin spaces around the dash in English.
    expect(monthsLabel(fourthQuarter, "en")).toMatch(/^October\s–\sDecember 2026$/);
    expect(monthsLabel(fourthQuarter, "de")).toBe("Oktober–Dezember 2026");
  });

  it("reads the months in UTC, as the period is cut, and refuses an unknown locale naming the field", () => {
    // December's first instant is still November 30 in Los Angeles; the period is December all the same.
    expect(monthsLabel({ start: Date.UTC(2026, 11, 1), end: Date.UTC(2026, 11, 1) + 1 }, "en")).toBe("December 2026");
    expect(() => monthsLabel(december, "not a locale!")).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: "locale" })] }),
    );
  });
});

describe("a stored sentence naming months", () => {
  it("keeps the months as instants and names them for each reader", () => {
    const april = { start: Date.UTC(2026, 3, 1), end: Date.UTC(2026, 4, 1) };
    const text = datedText(`Budget 3 (${daySlot.months(april.start, april.end)}) reached 80%`);
    expect(text).toEqual(["Budget 3 (", { months: [april.start, april.end] }, ") reached 80%"]);
    expect(isDatedText(JSON.parse(JSON.stringify(text)))).toBe(true);
    expect(writeDatedText(text, dayWriter({ timeZone: "UTC", locale: "en" }, NOW))).toBe(
      "Budget 3 (April 2026) reached 80%",
    );
    // In UTC whatever the reader's zone: April's first instant is March 31 in Los Angeles.
    expect(writeDatedText(text, dayWriter({ timeZone: "America/Los_Angeles", locale: "es" }, NOW))).toBe(
      "Budget 3 (abril de 2026) reached 80%",
    );
    expect(isDatedText(["a", { months: [1] }])).toBe(false);
  });
});
