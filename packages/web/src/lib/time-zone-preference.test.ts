import { describe, expect, it } from "vitest";
import { readerQuery } from "./time-zone-preference.js";

describe("readerQuery", () => {
  it("names the chosen zone and the interface language, else the browser's own zone", () => {
    expect(new URLSearchParams(readerQuery("Asia/Tokyo", "de")).get("timeZone")).toBe("Asia/Tokyo");
    expect(new URLSearchParams(readerQuery("Asia/Tokyo", "de")).get("locale")).toBe("de");
    expect(new URLSearchParams(readerQuery("", "ja")).get("timeZone")).toBe(
      Intl.DateTimeFormat().resolvedOptions().timeZone,
    );
  });
});
