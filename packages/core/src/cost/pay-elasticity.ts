import { type ExperimentUnit, summarizeRatioArm } from "../experiments/ratio-metric.js";
import { type ArmPayStanding, armPayStanding, type CardsCurrency } from "./arm-pay.js";

/** One arm of a pay experiment: its pay per judgment and its units' throughput (judgments / active hours). */
export interface PayArm {
  arm: string;
  payMinor: number;
  /** The pay's ISO 4217 currency; undefined for an arm stored before arms carried one. */
  payCurrency: string | undefined;
  units: readonly Pick<ExperimentUnit, "numerator" | "denominator">[];
}

export interface PayElasticityEstimate {
  /** d log throughput / d log pay: +0.3 means 10% more pay, about 3% more judgments per active hour. */
  elasticity: number;
  standardError: number;
  ci95: [number, number];
  /** The arms the fit used: pay, throughput (Σ judgments / Σ active hours) and measured units. */
  arms: { arm: string; payMinor: number; throughput: number; units: number }[];
}

/** An arm left out of the fit because its pay was not paid in the one currency compared. */
export interface ExcludedPayArm {
  arm: string;
  payMinor: number;
  payCurrency: string | null;
  /** Why (core's `armPayStanding`): the cards were in another currency, in several, none, or the arm's is unknown. */
  reason: Exclude<ArmPayStanding, "applies">;
}

/** A pay experiment's elasticity: the one currency its pays are compared in, the arms left out, and the fit. */
export interface PayElasticity {
  /** The currency of the rate cards that paid the arms; null when none, or several, did. */
  currency: string | null;
  excluded: ExcludedPayArm[];
  /** Undefined unless two distinct pays in `currency` with measured units remain. */
  estimate: PayElasticityEstimate | undefined;
}

/**
 * A finished pay experiment that gave no elasticity because arms were left out for the currency
 * of their pay (`PayElasticity.excluded`): said beside the workspace's elasticity, not passed over.
 */
export interface PayExperimentLeftOut {
  experimentId: number;
  name: string;
  excluded: ExcludedPayArm[];
}

/**
 * Pay elasticity over the arms whose pay was paid (`armPayStanding` is `applies` against
 * `cardsCurrency`, the rate cards in force while the experiment ran), so every pay compared is in
 * the cards' one currency: a slope over 12 USD against 10 EUR would be meaningless, and an arm
 * whose pay the cards did not pay (another currency, cards in several or none, a currency not
 * known) had its judgments paid the card's own rate, not its pay. Those arms are left out, each
 * with its reason, never mixed in; the rest go to `fitPayElasticity`.
 */
export function estimatePayElasticity(arms: readonly PayArm[], cardsCurrency: CardsCurrency): PayElasticity {
  const paid: PayArm[] = [];
  const excluded: ExcludedPayArm[] = [];
  for (const arm of arms) {
    const standing = armPayStanding({ payRateMinor: arm.payMinor, ...optionalCurrency(arm) }, cardsCurrency);
    if (standing === "applies" || standing === undefined) paid.push(arm);
    else
      excluded.push({ arm: arm.arm, payMinor: arm.payMinor, payCurrency: arm.payCurrency ?? null, reason: standing });
  }
  return {
    currency: typeof cardsCurrency === "string" ? null : cardsCurrency.currency,
    excluded,
    estimate: fitPayElasticity(paid),
  };
}

const optionalCurrency = (arm: PayArm) => (arm.payCurrency === undefined ? {} : { payCurrency: arm.payCurrency });

const Z95 = 1.959963984540054;

/**
 * Pay elasticity with its 95% interval, from the arms of a pay experiment: weighted least squares
 * of log throughput on log pay, each arm's log throughput weighted by the inverse of its
 * delta-method variance at the randomisation unit (Var log R ≈ Var R / R², `summarizeRatioArm`),
 * so Var(slope) = 1 / Σ wᵢ (xᵢ − x̄_w)². With two arms this is the log ratio of their throughputs
 * over the log ratio of their pay. Arms with pay 0 or fewer than 2 measured units are left out;
 * undefined unless two distinct pays remain. The interval is the sampling error of the arms'
 * means only (no lack-of-fit term: with two or three arms there is nothing to estimate it from).
 * Assumes every pay is in one currency (`estimatePayElasticity` sees to it).
 */
function fitPayElasticity(arms: readonly PayArm[]): PayElasticityEstimate | undefined {
  const points = arms.flatMap((arm) => {
    const measured = arm.units.filter((u) => u.denominator > 0);
    if (!(arm.payMinor > 0) || measured.length < 2) return [];
    const summary = summarizeRatioArm(arm.arm, measured);
    if (!(summary.mean > 0)) return [];
    // Identical units give a zero variance; a floor keeps the weight finite.
    const variance = Math.max(summary.variance, 1e-12 * summary.mean ** 2);
    return [
      {
        arm: arm.arm,
        payMinor: arm.payMinor,
        throughput: summary.mean,
        units: measured.length,
        x: Math.log(arm.payMinor),
        y: Math.log(summary.mean),
        w: summary.mean ** 2 / variance,
      },
    ];
  });
  if (new Set(points.map((p) => p.payMinor)).size < 2) return undefined;
  const totalWeight = points.reduce((s, p) => s + p.w, 0);
  const mx = points.reduce((s, p) => s + p.w * p.x, 0) / totalWeight;
  const my = points.reduce((s, p) => s + p.w * p.y, 0) / totalWeight;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += p.w * (p.x - mx) * (p.y - my);
    sxx += p.w * (p.x - mx) ** 2;
  }
  const elasticity = sxy / sxx;
  const standardError = Math.sqrt(1 / sxx);
  return {
    elasticity,
    standardError,
    ci95: [elasticity - Z95 * standardError, elasticity + Z95 * standardError],
    arms: points.map(({ arm, payMinor, throughput, units }) => ({ arm, payMinor, throughput, units })),
  };
}
