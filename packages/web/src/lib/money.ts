/**
 * Money as the API gives it: integer minor units of a currency, with the currency's exponent
 * (digits after the point: 2 for USD, 0 for JPY). Formatted by `Intl` in the row's own currency
 * and the viewer's locale (the interface language, `useFormat().locale`), which every formatter
 * here requires so no page falls back to US style; amounts of different currencies are never
 * added here.
 */
import { unitCostFractionDigits } from "@quorum/core";

/** The digits after the point of `currency` as Intl knows them (2 when Intl does not know it). */
export function currencyExponent(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units to the currency's major units: 1234 USD cents → 12.34. */
export function toMajor(minor: number, exponent: number): number {
  return minor / 10 ** exponent;
}

/**
 * "$12.34", "12,34 €", "¥1,234": `minor` units of `currency` in `locale`. `digits` overrides the
 * fraction digits shown (a cost per label of fractions of a cent shows more); a null amount is "–".
 */
export function formatMoney(
  minor: number | null | undefined,
  currency: string,
  options: { locale: string; exponent?: number; digits?: number },
): string {
  if (minor === null || minor === undefined || !Number.isFinite(minor)) return "–";
  const exponent = options.exponent ?? currencyExponent(currency);
  const digits = options.digits ?? exponent;
  return new Intl.NumberFormat(options.locale, {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(toMajor(minor, exponent));
}

/**
 * A cost per accepted label: two more digits than the currency has when it is under one major
 * unit (so 4.37 cents shows as $0.0437, not $0.04).
 */
export function formatUnitCost(
  minor: number | null | undefined,
  currency: string,
  options: { locale: string; exponent?: number },
): string {
  const exponent = options.exponent ?? currencyExponent(currency);
  const digits = minor === null || minor === undefined ? exponent : unitCostFractionDigits(minor, exponent);
  return formatMoney(minor, currency, { ...options, exponent, digits });
}

/**
 * A money amount typed in a form, in major units ("12.5", "12,50", "1 200"), to integer minor
 * units; undefined when it is not a non-negative amount with at most `exponent` decimals.
 */
export function parseMoney(text: string, exponent: number): number | undefined {
  const cleaned = text
    .trim()
    .replace(/[\s\u00a0']/g, "")
    .replace(",", ".");
  if (cleaned === "") return undefined;
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return undefined;
  const fraction = match[2] ?? "";
  if (fraction.length > exponent) return undefined;
  const minor = Number(match[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, "0") || "0");
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** Minor units as the text a form field shows in major units: 1250, 2 → "12.50". */
export function minorToInput(minor: number, exponent: number): string {
  return exponent === 0 ? String(minor) : toMajor(minor, exponent).toFixed(exponent);
}

/** "$15K", "1,2 Mio. €": an axis tick in `currency`, short. */
export function formatMoneyCompact(major: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    notation: "compact",
    minimumFractionDigits: 0,
    maximumFractionDigits: 1,
  }).format(major);
}
