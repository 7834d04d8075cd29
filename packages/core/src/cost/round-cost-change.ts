import { invalidInput } from "../errors.js";
import type { CostChangeDecomposition } from "./decompose-cost-change.js";
import { roundHalfEven, roundToTotal } from "./money.js";
import { COST_DRIVERS, type CostDrivers } from "./segment-cost.js";

/** Digits after the decimal point of a currency's minor unit (USD 2, JPY 0, BHD 3). */
export function currencyFractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    throw invalidInput(`"${currency}" is not a currency code`);
  }
}

/** A cost change in integer minor units whose drivers add up to `change` exactly. */
export interface RoundedCostChange {
  base: number;
  current: number;
  change: number;
  drivers: CostDrivers;
}

/**
 * A decomposition rounded to minor units (10^-fractionDigits of its unit) for presentation:
 * base and current rounded half to even, change = current − base, and the drivers rounded so
 * that they add up to that change exactly (floors, then the missing units to the largest
 * fractional parts).
 */
export function roundCostChange(decomposition: CostChangeDecomposition, fractionDigits: number): RoundedCostChange {
  const scale = 10 ** fractionDigits;
  const base = roundHalfEven(decomposition.base * scale);
  const current = roundHalfEven(decomposition.current * scale);
  const change = current - base;
  const parts = roundToTotal(
    COST_DRIVERS.map((driver) => decomposition.drivers[driver] * scale),
    change,
  );
  const drivers = Object.fromEntries(COST_DRIVERS.map((driver, k) => [driver, parts[k]!])) as CostDrivers;
  return { base, current, change, drivers };
}
