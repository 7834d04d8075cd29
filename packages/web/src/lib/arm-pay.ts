/** A rate card as far as the currency of its pay goes. */
export interface CardCurrency {
  projectId: number | null;
  currency: string;
  fractionDigits: number;
}

/**
 * The currency an experiment arm's pay per judgment is in for `projectId`: the server swaps it into
 * the rate card that prices each judgment, so it is the currency of the cards in force for the
 * project (its own and the project-less ones). `none` when no card prices the project, `mixed` when
 * its cards disagree (the same minor units would mean different amounts).
 */
export function armPayCurrency(
  cards: readonly CardCurrency[],
  projectId: number,
): { currency: string; exponent: number } | "none" | "mixed" {
  const applying = cards.filter((card) => card.projectId === null || card.projectId === projectId);
  const first = applying[0];
  if (!first) return "none";
  if (applying.some((card) => card.currency !== first.currency)) return "mixed";
  return { currency: first.currency, exponent: first.fractionDigits };
}
