import { invalidInput } from "../errors.js";
import type { CostEvent } from "./cost-event.js";
import { assertMinorUnits } from "./money.js";

const HOUR_MS = 3_600_000;

/** What one annotator was paid in a period and the active time it paid for (paid training included). */
export interface PaidTime {
  annotatorId: number;
  currency: string;
  payMinor: number;
  activeMs: number;
}

/** A period [start, end) in epoch ms. */
export interface PayPeriod {
  start: number;
  end: number;
}

/** One annotator's line of a fair-pay check. */
export interface FairPayLine extends PaidTime {
  /** Pay per active hour in minor units (not rounded); null without active time. */
  hourlyWageMinor: number | null;
  floorPerHourMinor: number;
  /** What to add so that pay reaches the floor for the active time; 0 when it already does. */
  topUpMinor: number;
}

/** Effective hourly wage: pay ÷ active hours, in minor units per hour; null without active time. */
export function effectiveHourlyWage(paid: Pick<PaidTime, "payMinor" | "activeMs">): number | null {
  return paid.activeMs > 0 ? (paid.payMinor * HOUR_MS) / paid.activeMs : null;
}

const PAY_KINDS: ReadonlySet<CostEvent["kind"]> = new Set([
  "judgment",
  "review",
  "exam",
  "training",
  "bonus",
  "top_up",
  "adjustment",
]);

/**
 * Each annotator's pay in `period` from cost events (every kind but `fee`, which is not pay),
 * beside the active time the caller measured (labeling, review and paid training). Earlier
 * top-ups count as pay, so checking a period again after topping it up asks for nothing more.
 * An annotator with active time and no pay appears with pay 0.
 */
export function paidTimeFromEvents(
  events: Iterable<CostEvent>,
  activeMsByAnnotator: ReadonlyMap<number, number>,
  period: PayPeriod,
  currency: string,
): PaidTime[] {
  const pay = new Map<number, number>();
  for (const event of events) {
    if (event.annotatorId === null || !PAY_KINDS.has(event.kind)) continue;
    if (event.at < period.start || event.at >= period.end) continue;
    if (event.currency !== currency)
      throw invalidInput(`annotator ${event.annotatorId} was paid in ${event.currency}, not ${currency}`);
    pay.set(event.annotatorId, (pay.get(event.annotatorId) ?? 0) + event.amountMinor);
  }
  const ids = new Set([...pay.keys(), ...activeMsByAnnotator.keys()]);
  return [...ids]
    .sort((a, b) => a - b)
    .map((annotatorId) => ({
      annotatorId,
      currency,
      payMinor: pay.get(annotatorId) ?? 0,
      activeMs: activeMsByAnnotator.get(annotatorId) ?? 0,
    }));
}

/**
 * The fair-pay check of a closed period: each annotator's effective hourly wage against
 * `floorPerHourMinor`, and the top-up that lifts pay to floor × active hours. The floor's amount
 * is rounded up to the minor unit (in the annotator's favour), so after the top-up the wage is
 * never below the floor. Refuses a period that has not ended by `now`: its pay and time are not
 * final yet.
 */
export function fairPayTopUps(options: {
  period: PayPeriod;
  now: number;
  floorPerHourMinor: number;
  currency: string;
  paid: readonly PaidTime[];
}): FairPayLine[] {
  const { period, now, floorPerHourMinor, currency } = options;
  if (!(period.end > period.start)) throw invalidInput("period end must be after its start");
  if (now < period.end) throw invalidInput("the period is not closed yet: top-ups are computed after its end");
  assertMinorUnits(floorPerHourMinor, "floorPerHourMinor");
  if (floorPerHourMinor < 0) throw invalidInput("floorPerHourMinor must not be negative");
  return options.paid.map((paid) => {
    if (paid.currency !== currency)
      throw invalidInput(`annotator ${paid.annotatorId} was paid in ${paid.currency}, not ${currency}`);
    assertMinorUnits(paid.payMinor, "payMinor");
    if (!(Number.isSafeInteger(paid.activeMs) && paid.activeMs >= 0))
      throw invalidInput(`annotator ${paid.annotatorId}: activeMs must be a non-negative integer`);
    const floorPay = ceilDivide(BigInt(floorPerHourMinor) * BigInt(paid.activeMs), BigInt(HOUR_MS));
    return {
      ...paid,
      hourlyWageMinor: effectiveHourlyWage(paid),
      floorPerHourMinor,
      topUpMinor: Math.max(0, floorPay - paid.payMinor),
    };
  });
}

function ceilDivide(numerator: bigint, denominator: bigint): number {
  return Number((numerator + denominator - 1n) / denominator);
}
