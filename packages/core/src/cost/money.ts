import { invalidInput } from "../errors.js";

/** An amount of money: integer minor units (cents) of one ISO 4217 currency. */
export interface Money {
  amountMinor: number;
  currency: string;
}

let currencyCodes: ReadonlySet<string> | undefined;

/**
 * Whether `code` is an ISO 4217 currency code as written ("EUR", not "eur" or "Euro"): one of the
 * runtime's `Intl.supportedValuesOf("currency")`, the currencies it can also format.
 */
export function isCurrencyCode(code: string): boolean {
  currencyCodes ??= new Set(Intl.supportedValuesOf("currency"));
  return /^[A-Z]{3}$/.test(code) && currencyCodes.has(code);
}

/** Throws `invalid_input` naming `field` unless `value` is a safe integer (minor units). */
export function assertMinorUnits(value: number, field: string): void {
  if (!Number.isSafeInteger(value)) throw invalidInput(`${field} must be an integer number of minor units`);
}

/**
 * numerator / denominator rounded to the nearest integer, ties to even ("banker's rounding"),
 * computed exactly on big integers. Half-to-even is the rounding of every money amount in
 * `core/cost`: over many ledger rows its rounding errors cancel instead of drifting upwards.
 */
export function divideHalfEven(numerator: bigint, denominator: bigint): number {
  if (denominator === 0n) throw invalidInput("division by zero");
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  let quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator - quotient * denominator;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  const away = numerator < 0n ? -1n : 1n;
  if (twice > denominator || (twice === denominator && quotient % 2n !== 0n)) quotient += away;
  return Number(quotient);
}

/** A float rounded to the nearest integer, ties to even (for estimates such as forecasts). */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** `amountMinor × basisPoints / 10,000`, rounded half to even (a percentage of an amount). */
export function applyBasisPoints(amountMinor: number, basisPoints: number): number {
  return divideHalfEven(BigInt(amountMinor) * BigInt(basisPoints), 10_000n);
}

/**
 * Splits the integer `total` (≥ 0) in proportion to non-negative `weights` so that the parts add
 * up to `total` exactly (largest-remainder, or Hamilton, method): each part gets the floor of its
 * quota, and the units left over go one each to the largest fractional remainders; equal
 * remainders go to the lower index first, so callers sort their units to make ties deterministic.
 * A zero weight always gets 0. Throws when every weight is 0 (there is nothing to split by).
 * Exact on big integers when every weight is a safe integer; otherwise quotas are floats and the
 * sum is still exact. Hand-written: the npm packages for this are unmaintained one-liners that
 * do not keep zero weights at zero.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw invalidInput("total must be a non-negative integer");
  for (const weight of weights) {
    if (!(Number.isFinite(weight) && weight >= 0)) throw invalidInput("weights must be finite and non-negative");
  }
  const parts = new Array<number>(weights.length).fill(0);
  const remainders = new Array<number>(weights.length).fill(0);
  if (weights.every(Number.isSafeInteger)) {
    const sum = weights.reduce((a, b) => a + BigInt(b), 0n);
    if (sum === 0n) throw invalidInput("every weight is 0");
    weights.forEach((weight, i) => {
      const product = BigInt(total) * BigInt(weight);
      parts[i] = Number(product / sum);
      // Remainders compared as floats of (product mod sum) / sum: exact enough to order them
      // except for differences below 2^-53 of the sum, which only reorder near-equal ties.
      remainders[i] = Number(product % sum) / Number(sum);
    });
  } else {
    const sum = weights.reduce((a, b) => a + b, 0);
    if (sum === 0) throw invalidInput("every weight is 0");
    weights.forEach((weight, i) => {
      const quota = (total * weight) / sum;
      parts[i] = Math.floor(quota);
      remainders[i] = quota - parts[i];
    });
  }
  let left = total - parts.reduce((a, b) => a + b, 0);
  const candidates = weights.map((_, i) => i).filter((i) => weights[i]! > 0);
  const byRemainder = [...candidates].sort((a, b) => remainders[b]! - remainders[a]! || a - b);
  // `left` is within [0, candidates] except for float noise in the float path; loop to be safe.
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) parts[byRemainder[k]!]! += 1;
  for (let k = byRemainder.length - 1; left < 0; k = (k - 1 + byRemainder.length) % byRemainder.length) {
    const i = byRemainder[k]!;
    if (parts[i]! > 0) {
      parts[i]! -= 1;
      left++;
    }
  }
  return parts;
}

/**
 * Rounds real `values` to integers that add up to the integer `total` (normally the rounded sum
 * of the values): each value is floored, then the units missing go one each to the largest
 * fractional parts (lower index first on ties). Used to present an exact decomposition in
 * minor units without losing its exact sum.
 */
export function roundToTotal(values: readonly number[], total: number): number[] {
  if (!Number.isSafeInteger(total)) throw invalidInput("total must be an integer");
  if (values.length === 0) {
    if (total !== 0) throw invalidInput("nothing to round to a non-zero total");
    return [];
  }
  const floors = values.map(Math.floor);
  const order = values.map((_, i) => i).sort((a, b) => values[b]! - floors[b]! - (values[a]! - floors[a]!) || a - b);
  let left = total - floors.reduce((a, b) => a + b, 0);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) floors[order[k]!]! += 1;
  for (let k = order.length - 1; left < 0; k = (k - 1 + order.length) % order.length, left++) floors[order[k]!]! -= 1;
  return floors;
}

/**
 * The fraction digits a cost per unit (per accepted label, per judgment) is shown with: two more
 * than the currency has when it is under one major unit, so 4.37 cents reads 0.0437, not 0.04.
 */
export function unitCostFractionDigits(minor: number, fractionDigits: number): number {
  return Math.abs(minor) < 10 ** fractionDigits ? fractionDigits + 2 : fractionDigits;
}
