import type { CostChangeDecomposition } from "./decompose-cost-change.js";
import { currencyFractionDigits } from "./round-cost-change.js";
import { COST_DRIVERS, type CostDriver } from "./segment-cost.js";

/** Drivers smaller than this share of the largest one are left out of the sentence. */
const NEGLIGIBLE = 0.05;
const MAX_MAIN = 3;
const MAX_OFFSETS = 2;
const MINUS = "\u2212";

/** The locale sentences are written for when the caller names none (the CLI's, the report's). */
const DEFAULT_LOCALE = "en-US";

/**
 * An amount of money for a sentence, written the `locale` reader's way in `currency`: the
 * currency's usual digits, one more below one unit ("€0.031", "0,031 €"), and US cents as "3.1¢"
 * for English readers.
 */
export function formatMoney(amount: number, currency: string, locale: string = DEFAULT_LOCALE): string {
  const digits = currencyFractionDigits(currency);
  const size = Math.abs(amount);
  const cents = currency === "USD" && size < 1 && /^en\b/i.test(locale);
  if (cents)
    return `${amount < 0 ? MINUS : ""}${new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(size * 100)}¢`;
  const fractionDigits = size < 1 && digits > 0 ? digits + 1 : digits;
  const text = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(size);
  return amount < 0 ? `${MINUS}${text}` : text;
}

function signed(amount: number, currency: string, locale: string): string {
  const text = formatMoney(Math.abs(amount), currency, locale);
  return `${amount < 0 ? MINUS : "+"}${text}`;
}

function signedPercent(percent: number, locale: string): string {
  const size = Math.abs(percent);
  const digits = size >= 10 ? 0 : 1;
  const text = new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(size / 100);
  return `${percent < 0 ? MINUS : "+"}${text}`;
}

function driverName(driver: CostDriver, value: number, decomposition: CostChangeDecomposition): string {
  switch (driver) {
    case "efficiency":
      return value < 0 ? "faster work" : "slower work";
    case "rate":
      return value < 0 ? "lower rates" : "higher rates";
    case "quality": {
      const { gold, rework } = decomposition.quality;
      if (Math.abs(gold) >= (2 / 3) * Math.abs(value) && Math.sign(gold) === Math.sign(value)) return "gold overhead";
      if (Math.abs(rework) >= (2 / 3) * Math.abs(value) && Math.sign(rework) === Math.sign(value)) return "rework";
      return "gold and rework overhead";
    }
    default:
      return driver;
  }
}

/** " in SEGMENT" when one segment makes at least half of a driver's value (and there are several). */
function where(driver: CostDriver, value: number, decomposition: CostChangeDecomposition): string {
  if (driver === "volume" || decomposition.segments.length < 2) return "";
  let top: { segment: string; part: number } | undefined;
  for (const segment of decomposition.segments) {
    const part = segment.drivers[driver] * Math.sign(value);
    if (!top || part > top.part) top = { segment: segment.segment, part };
  }
  return top && top.part >= 0.5 * Math.abs(value) ? ` in ${top.segment}` : "";
}

/**
 * One sentence that says what changed a cost and why, from a decomposition: the change in
 * percent (or in money when the base was nothing), then the drivers that made it, largest first,
 * then the ones that pulled the other way ("partly offset by"); each driver with its amount in
 * `currency` and, when one segment makes most of it, that segment. Drivers under 5% of the
 * largest are left out. Example: "cost per accepted label +12%: overlap +3.1¢ in search × de,
 * gold overhead +1.4¢, partly offset by faster work −2.0¢". Money and percentages are written the
 * `locale` reader's way (the words stay English, as the console's do).
 */
export function describeCostChange(
  decomposition: CostChangeDecomposition,
  currency: string,
  locale: string = DEFAULT_LOCALE,
): string {
  const subject = decomposition.measure === "total" ? "cost" : "cost per accepted label";
  const { base, current, change } = decomposition;
  if (base === 0 && current === 0) return `${subject} was nothing in both periods`;
  const headline =
    change === 0
      ? `${subject} unchanged`
      : base === 0
        ? `${subject} ${signed(change, currency, locale)} from nothing`
        : `${subject} ${signedPercent((change / base) * 100, locale)}`;
  const largest = Math.max(...COST_DRIVERS.map((driver) => Math.abs(decomposition.drivers[driver])));
  const listed = COST_DRIVERS.map((driver) => ({ driver, value: decomposition.drivers[driver] }))
    .filter(({ value }) => largest > 0 && Math.abs(value) >= NEGLIGIBLE * largest)
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const direction = change < 0 ? -1 : 1;
  const phrase = ({ driver, value }: { driver: CostDriver; value: number }) =>
    `${driverName(driver, value, decomposition)} ${signed(value, currency, locale)}${where(driver, value, decomposition)}`;
  const main = listed.filter(({ value }) => Math.sign(value) === direction).slice(0, MAX_MAIN);
  const offsets = listed.filter(({ value }) => Math.sign(value) === -direction).slice(0, MAX_OFFSETS);
  if (main.length === 0 && offsets.length === 0) return headline;
  const offsetText = offsets.map(phrase).join(", ");
  if (main.length === 0) return `${headline}: ${offsetText}`;
  const connector = change === 0 ? "offset by" : "partly offset by";
  return `${headline}: ${main.map(phrase).join(", ")}${offsets.length > 0 ? `, ${connector} ${offsetText}` : ""}`;
}
