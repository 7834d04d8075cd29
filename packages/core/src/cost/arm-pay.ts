import { type ErrorDetail, invalidInput } from "../errors.js";
import type { RateCard } from "./rate-card.js";
import { currencyFractionDigits } from "./round-cost-change.js";

/** A rate card as far as the currency of its pay goes. */
export interface CardCurrency {
  projectId: number | null;
  currency: string;
}

/** The currency the cards in force pay a project in, or why there is none (see `armPayCurrency`). */
export type CardsCurrency = { currency: string; exponent: number } | "none" | "mixed";

/**
 * The currency an experiment arm's pay per judgment is in for `projectId`: the arm's pay replaces
 * the pay per judgment of the rate card that prices each judgment, so it is the currency of the
 * cards in force for the project (its own and the project-less ones; pass only those in force).
 * `none` when no card prices the project, `mixed` when its cards disagree (the same minor units
 * would mean different amounts).
 */
export function armPayCurrency(cards: readonly CardCurrency[], projectId: number): CardsCurrency {
  const applying = cards.filter((card) => card.projectId === null || card.projectId === projectId);
  const first = applying[0];
  if (!first) return "none";
  if (applying.some((card) => card.currency !== first.currency)) return "mixed";
  return { currency: first.currency, exponent: currencyFractionDigits(first.currency) };
}

/** An arm's pay per judgment: integer minor units of an ISO 4217 currency. */
export interface ArmPay {
  payRateMinor?: number;
  payCurrency?: string;
}

/**
 * The arms with the currency of each pay settled against the cards in force (`cardsCurrency`): a
 * pay must be in their one currency, and defaults to it when not given (clients from before arms
 * carried a currency). Throws `invalid_input` naming `arms[i].payCurrency` when the pay's currency
 * differs from the cards', when no card or cards in several currencies price the project, or when
 * a currency is given without a pay.
 */
export function settleArmPayCurrency<Arm extends ArmPay>(arms: readonly Arm[], cardsCurrency: CardsCurrency): Arm[] {
  const details: ErrorDetail[] = [];
  const settled = arms.map((arm, i) => {
    const path = `arms[${i}].payCurrency`;
    if (arm.payRateMinor === undefined) {
      if (arm.payCurrency !== undefined) details.push({ path, message: "is given only with payRateMinor" });
      return arm;
    }
    if (cardsCurrency === "none")
      details.push({ path, message: "no rate card in force prices this project: an arm's pay replaces the card's" });
    else if (cardsCurrency === "mixed")
      details.push({
        path,
        message:
          "the project's rate cards in force are in more than one currency: an arm's pay would mean different amounts",
      });
    else if (arm.payCurrency === undefined) return { ...arm, payCurrency: cardsCurrency.currency };
    else if (arm.payCurrency !== cardsCurrency.currency)
      details.push({
        path,
        message: `must be ${cardsCurrency.currency}, the currency of the project's rate cards in force`,
      });
    return arm;
  });
  if (details.length > 0)
    throw invalidInput("An arm's pay is not in the currency of the project's rate cards", details);
  return settled;
}

/**
 * The card that prices a judgment in an arm: the card with the arm's pay per judgment when the
 * arm sets one in the card's currency; else the card as it is (the card's own rate pays, rather
 * than the arm's number read in another currency, or in an unknown one).
 */
export function cardWithArmPay(card: RateCard, arm: ArmPay): RateCard {
  if (arm.payRateMinor === undefined || arm.payCurrency !== card.currency) return card;
  return { ...card, payPerJudgmentMinor: arm.payRateMinor };
}

export const ARM_PAY_STANDINGS = ["applies", "currency_differs", "cards_mixed", "no_card", "currency_unknown"] as const;
export type ArmPayStanding = (typeof ARM_PAY_STANDINGS)[number];

/**
 * Whether an arm's pay is paid by the cards in force now: `applies`; `currency_differs` (the cards
 * are in another currency), `cards_mixed` (some may be), `no_card` (nothing is priced) or
 * `currency_unknown` (an arm stored before arms carried a currency, which could not be told) when
 * judgments are paid the card's own rate; undefined for an arm without a pay.
 */
export function armPayStanding(arm: ArmPay, cardsCurrency: CardsCurrency): ArmPayStanding | undefined {
  if (arm.payRateMinor === undefined) return undefined;
  if (arm.payCurrency === undefined) return "currency_unknown";
  if (cardsCurrency === "none") return "no_card";
  if (cardsCurrency === "mixed") return "cards_mixed";
  return cardsCurrency.currency === arm.payCurrency ? "applies" : "currency_differs";
}
