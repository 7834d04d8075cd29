import { invalidInput } from "../errors.js";
import { assertMinorUnits } from "./money.js";

/**
 * What annotators are paid for work of one scope, from a date. Amounts are integer minor units
 * of `currency`; percentages are basis points (1% = 100). A null scope field means "any".
 */
export interface RateCard {
  id: number;
  currency: string;
  /** In force from this instant (epoch ms, inclusive)... */
  effectiveFrom: number;
  /** ...until this one (exclusive), or for good when null. */
  effectiveTo: number | null;
  projectId: number | null;
  taskType: string | null;
  language: string | null;
  vendor: string | null;
  payPerJudgmentMinor: number;
  payPerActiveHourMinor: number;
  reviewPayPerReviewMinor: number;
  reviewPayPerHourMinor: number;
  /** Paid training and exams, per hour. */
  trainingPayPerHourMinor: number;
  /** The platform's fee on pay, in basis points. */
  platformFeeBps: number;
  /** The vendor's markup on pay, in basis points. */
  vendorMarkupBps: number;
  /** Whether a judgment rejected in review is still paid. Default true. */
  payRejected: boolean;
}

/** The work a rate card is looked up for. */
export interface RateScope {
  /** The instant the work was done (epoch ms). */
  at: number;
  projectId: number;
  taskType: string;
  language: string | null;
  vendor: string | null;
}

const SCOPE_FIELDS = ["projectId", "taskType", "language", "vendor"] as const;

/** What a card pays and covers when a field is not given: every scope, nothing paid, rejected work paid. */
export const RATE_CARD_DEFAULTS: Omit<RateCard, "id" | "currency" | "effectiveFrom"> = {
  effectiveTo: null,
  projectId: null,
  taskType: null,
  language: null,
  vendor: null,
  payPerJudgmentMinor: 0,
  payPerActiveHourMinor: 0,
  reviewPayPerReviewMinor: 0,
  reviewPayPerHourMinor: 0,
  trainingPayPerHourMinor: 0,
  platformFeeBps: 0,
  vendorMarkupBps: 0,
  payRejected: true,
};

/** A rate card with the defaults filled in (`payRejected` true, every pay 0, no fee or markup). */
export function rateCard(
  card: Pick<RateCard, "id" | "currency" | "effectiveFrom"> &
    Partial<Omit<RateCard, "id" | "currency" | "effectiveFrom">>,
): RateCard {
  const full: RateCard = { ...RATE_CARD_DEFAULTS, ...card };
  validateRateCard(full);
  return full;
}

/** Throws `invalid_input` naming the first field of `card` that is out of range. */
export function validateRateCard(card: RateCard): void {
  if (!/^[A-Z]{3}$/.test(card.currency)) throw invalidInput("currency must be an ISO 4217 code such as USD");
  if (!Number.isSafeInteger(card.effectiveFrom)) throw invalidInput("effectiveFrom must be epoch milliseconds");
  if (card.effectiveTo !== null && !(Number.isSafeInteger(card.effectiveTo) && card.effectiveTo > card.effectiveFrom))
    throw invalidInput("effectiveTo must be after effectiveFrom");
  for (const field of [
    "payPerJudgmentMinor",
    "payPerActiveHourMinor",
    "reviewPayPerReviewMinor",
    "reviewPayPerHourMinor",
    "trainingPayPerHourMinor",
    "platformFeeBps",
    "vendorMarkupBps",
  ] as const) {
    assertMinorUnits(card[field], field);
    if (card[field] < 0) throw invalidInput(`${field} must not be negative`);
  }
}

/** How specific a card is: how many of its four scope fields (project, task type, language, vendor) are set. */
export function rateCardSpecificity(card: RateCard): number {
  return SCOPE_FIELDS.filter((field) => card[field] !== null).length;
}

function inForce(card: RateCard, at: number): boolean {
  return card.effectiveFrom <= at && (card.effectiveTo === null || at < card.effectiveTo);
}

function matches(card: RateCard, scope: RateScope): boolean {
  return SCOPE_FIELDS.every((field) => card[field] === null || card[field] === scope[field]);
}

/**
 * The rate card that prices work of `scope`: among the cards in force at `scope.at` whose every
 * set scope field equals the work's, the most specific one wins (most scope fields set); ties go
 * to the latest `effectiveFrom` (a newer card supersedes an older one of the same scope), then
 * to the highest id (the card entered last). Undefined when no card applies.
 */
export function resolveRateCard(cards: readonly RateCard[], scope: RateScope): RateCard | undefined {
  let best: RateCard | undefined;
  let bestSpecificity = -1;
  for (const card of cards) {
    if (!inForce(card, scope.at) || !matches(card, scope)) continue;
    const specificity = rateCardSpecificity(card);
    if (
      best === undefined ||
      specificity > bestSpecificity ||
      (specificity === bestSpecificity &&
        (card.effectiveFrom > best.effectiveFrom || (card.effectiveFrom === best.effectiveFrom && card.id > best.id)))
    ) {
      best = card;
      bestSpecificity = specificity;
    }
  }
  return best;
}
