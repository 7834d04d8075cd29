import { describe, expect, it } from "vitest";
import {
  currencyExponent,
  formatMoney,
  formatMoneyCompact,
  formatUnitCost,
  minorToInput,
  parseMoney,
} from "./money.js";

describe("money", () => {
  it("formats minor units in the row's own currency and locale", () => {
    expect(formatMoney(123456, "USD", { locale: "en" })).toBe("$1,234.56");
    expect(formatMoney(123456, "EUR", { locale: "de" })).toBe("1.234,56\u00a0€");
    expect(formatMoney(1234, "JPY", { locale: "en" })).toBe("¥1,234");
    expect(formatMoney(-250, "USD", { locale: "en" })).toBe("-$2.50");
    expect(formatMoney(null, "USD", { locale: "en" })).toBe("–");
    expect(formatMoneyCompact(15_000, "USD", "en")).toBe("$15K");
    expect(formatMoneyCompact(250, "USD", "en")).toBe("$250");
    // The viewer's locale, with the amount's own currency: a German reader of dollars.
    expect(formatMoney(123456, "USD", { locale: "de" })).toBe("1.234,56\u00a0$");
    expect(formatUnitCost(4.37, "USD", { locale: "de" })).toBe("0,0437\u00a0$");
    expect(formatMoneyCompact(15_000, "USD", "de")).toBe("15.000\u00a0$");
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("KWD")).toBe(3);
  });

  it("shows a cost per label below one unit with two more digits", () => {
    expect(formatUnitCost(4.37, "USD", { locale: "en" })).toBe("$0.0437");
    expect(formatUnitCost(250, "USD", { locale: "en" })).toBe("$2.50");
    expect(formatUnitCost(null, "USD", { locale: "en" })).toBe("–");
  });

  it("reads typed amounts into integer minor units, refusing what is not one", () => {
    expect(parseMoney("12.5", 2)).toBe(1250);
    expect(parseMoney("12,50", 2)).toBe(1250);
    expect(parseMoney("1 200", 2)).toBe(120000);
    expect(parseMoney("0.07", 2)).toBe(7);
    expect(parseMoney("300", 0)).toBe(300);
    expect(parseMoney("3.5", 0)).toBeUndefined();
    expect(parseMoney("1.234", 2)).toBeUndefined();
    expect(parseMoney("-1", 2)).toBeUndefined();
    expect(parseMoney("abc", 2)).toBeUndefined();
    expect(parseMoney("", 2)).toBeUndefined();
    expect(minorToInput(1250, 2)).toBe("12.50");
    expect(minorToInput(300, 0)).toBe("300");
  });
});
