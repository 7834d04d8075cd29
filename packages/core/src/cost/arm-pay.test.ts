import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { armPayCurrency, armPayStanding, cardWithArmPay, settleArmPayCurrency } from "./arm-pay.js";
import { rateCard } from "./rate-card.js";

const usd = (projectId: number | null) => ({ projectId, currency: "USD" });
const USD = { currency: "USD", exponent: 2 };

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("the currency of an arm's pay", () => {
  it("is the currency of the cards that price the project, its own and the project-less ones", () => {
    expect(armPayCurrency([usd(2), usd(null)], 1)).toEqual(USD);
    expect(armPayCurrency([{ projectId: 1, currency: "JPY" }, usd(2)], 1)).toEqual({ currency: "JPY", exponent: 0 });
  });

  it("is unknown when no card prices the project, or its cards disagree", () => {
    expect(armPayCurrency([usd(2)], 1)).toBe("none");
    expect(armPayCurrency([usd(null), { projectId: 1, currency: "EUR" }], 1)).toBe("mixed");
  });
});

describe("settling the currency of the arms' pay at design", () => {
  it("defaults a pay without a currency to the cards' one currency, and keeps arms without pay as they are", () => {
    expect(settleArmPayCurrency([{ name: "a" }, { name: "b", payRateMinor: 12 }], USD)).toEqual([
      { name: "a" },
      { name: "b", payRateMinor: 12, payCurrency: "USD" },
    ]);
    expect(settleArmPayCurrency([{ payRateMinor: 12, payCurrency: "USD" }], USD)).toEqual([
      { payRateMinor: 12, payCurrency: "USD" },
    ]);
  });

  it("refuses a pay in another currency than the cards', naming the arm's field", () => {
    const { code, details } = refusal(() => settleArmPayCurrency([{}, { payRateMinor: 12, payCurrency: "EUR" }], USD));
    expect(code).toBe("invalid_input");
    expect(details).toEqual([{ path: "arms[1].payCurrency", message: expect.stringMatching(/must be USD/) }]);
  });

  it("refuses a pay when no card or cards in several currencies price the project, even with a currency", () => {
    for (const cards of ["none", "mixed"] as const)
      for (const payCurrency of [undefined, "USD"]) {
        const arm = payCurrency === undefined ? { payRateMinor: 5 } : { payRateMinor: 5, payCurrency };
        expect(refusal(() => settleArmPayCurrency([arm], cards)).details[0]!.path).toBe("arms[0].payCurrency");
      }
  });

  it("refuses a currency without a pay", () => {
    expect(refusal(() => settleArmPayCurrency([{ payCurrency: "USD" }], USD)).details[0]).toEqual({
      path: "arms[0].payCurrency",
      message: "is given only with payRateMinor",
    });
  });
});

describe("pricing a judgment in an arm", () => {
  const card = rateCard({ id: 1, currency: "USD", effectiveFrom: 0, payPerJudgmentMinor: 10 });

  it("pays the arm's rate when it is in the card's currency", () => {
    expect(cardWithArmPay(card, { payRateMinor: 14, payCurrency: "USD" }).payPerJudgmentMinor).toBe(14);
  });

  it("pays the card's own rate when the arm's pay is in another currency, or an unknown one", () => {
    expect(cardWithArmPay(card, { payRateMinor: 1400, payCurrency: "JPY" })).toBe(card);
    expect(cardWithArmPay(card, { payRateMinor: 14 })).toBe(card);
    expect(cardWithArmPay(card, {})).toBe(card);
  });

  it("says whether the cards in force pay the arm's rate, and why not", () => {
    const arm = { payRateMinor: 14, payCurrency: "USD" };
    expect(armPayStanding({}, USD)).toBeUndefined();
    expect(armPayStanding(arm, USD)).toBe("applies");
    expect(armPayStanding(arm, { currency: "EUR", exponent: 2 })).toBe("currency_differs");
    expect(armPayStanding(arm, "mixed")).toBe("cards_mixed");
    expect(armPayStanding(arm, "none")).toBe("no_card");
    expect(armPayStanding({ payRateMinor: 14 }, USD)).toBe("currency_unknown");
  });
});
