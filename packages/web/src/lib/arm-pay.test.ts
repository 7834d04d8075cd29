import { describe, expect, it } from "vitest";
import { armPayCurrency } from "./arm-pay.js";
import { parseMoney } from "./money.js";

const usd = (projectId: number | null) => ({ projectId, currency: "USD", fractionDigits: 2 });

describe("the currency of an arm's pay", () => {
  it("is the currency of the cards that price the project, its own and the project-less ones", () => {
    expect(armPayCurrency([usd(2), usd(null)], 1)).toEqual({ currency: "USD", exponent: 2 });
    expect(armPayCurrency([{ projectId: 1, currency: "JPY", fractionDigits: 0 }, usd(2)], 1)).toEqual({
      currency: "JPY",
      exponent: 0,
    });
  });

  it("is unknown when no card prices the project, or its cards disagree", () => {
    expect(armPayCurrency([usd(2)], 1)).toBe("none");
    expect(armPayCurrency([usd(null), { projectId: 1, currency: "EUR", fractionDigits: 2 }], 1)).toBe("mixed");
  });

  it("is typed in major units and sent in minor units: 0.25 USD is 25 cents", () => {
    const pay = armPayCurrency([usd(null)], 1);
    if (typeof pay === "string") throw new Error("expected a currency");
    expect(parseMoney("0.25", pay.exponent)).toBe(25);
    expect(parseMoney("0.255", pay.exponent)).toBeUndefined();
  });
});
