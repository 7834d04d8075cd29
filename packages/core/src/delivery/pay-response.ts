import type { PayElasticity, PayElasticityEstimate, PayExperimentLeftOut } from "../cost/pay-elasticity.js";
import { currencyFractionDigits } from "../cost/round-cost-change.js";
import type { FeasibilityReport } from "./feasibility.js";
import { isMeasured, type JudgmentPrice, type PoolMember } from "./pool-simulation.js";

/**
 * A pay elasticity and the finished experiment it was estimated from: the currency its pays were
 * compared in and the arms left out of it (another currency), which a reader should be told of.
 */
export interface SourcedPayElasticity {
  estimate: Pick<PayElasticityEstimate, "elasticity" | "ci95"> & Pick<PayElasticity, "currency" | "excluded">;
  source: { experimentId: number; name: string; projectId: number; stoppedAt: number };
}

/**
 * What pay buys for an intake request, by the workspace's pay elasticity. `elasticity` null: no
 * finished pay experiment gives one, and nothing is said about other pay.
 */
export interface PayResponse {
  elasticity: (SourcedPayElasticity["estimate"] & { source: SourcedPayElasticity["source"] }) | null;
  /** Finished pay experiments newer than the source (all, without one) left out for their pay's currency. */
  leftOut: PayExperimentLeftOut[];
  currency: string;
  /**
   * Pay per judgment offered: the median over the measured eligible people of their rate card's
   * piece rate plus its hourly pay at their measured pace, to a whole minor unit; null without a card.
   */
  offeredPayMinor: number | null;
  /** Judgments per active hour the pool gives at the offered pay (its measured pace); null: nobody measured. */
  throughputPerHour: number | null;
  /** 85th-percentile finish (days from now) at the offered pay; null: not within the simulated horizon. */
  finishDaysP85: number | null;
  daysToDeadline: number;
  /**
   * Pay that moves the 85th-percentile finish onto the deadline: a multiple of the offered pay
   * (and the pay itself when known), with 95% intervals from the elasticity's. A null end is
   * unbounded (the elasticity's interval reaches 0: more pay may buy no speed). Null when it cannot
   * be worked out: no elasticity, one ≤ 0, no finish in the horizon or no day left.
   */
  payNeeded: {
    multiple: number;
    multipleCi95: [number | null, number | null];
    minor: number | null;
    minorCi95: [number | null, number | null];
  } | null;
  summary: string;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * What a person is paid for one judgment: the card's piece rate plus its hourly pay spread over
 * the person's measured judgments per active hour (an hourly-only card pays per judgment too).
 */
function payPerJudgment(member: PoolMember, price: JudgmentPrice): number {
  const judgments = member.dailyJudgments.reduce((a, b) => a + b, 0);
  const activeMs = member.dailyActiveMs.reduce((a, b) => a + b, 0);
  const hoursPerJudgment = judgments > 0 ? activeMs / 3_600_000 / judgments : 0;
  return price.perJudgmentMinor + price.perActiveHourMinor * hoursPerJudgment;
}

/** " (n left out: ...)" for the experiments whose arms were left out for their pay's currency. */
function leftOutNote(leftOut: readonly PayExperimentLeftOut[]): string {
  if (leftOut.length === 0) return "";
  const names = leftOut.map((experiment) => `"${experiment.name}"`).join(", ");
  return ` in one currency (left out: ${names}, whose arms' pay the rate cards did not pay)`;
}

function money(minor: number, currency: string): string {
  const digits = currencyFractionDigits(currency);
  return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;
}

/**
 * The pay response of an assessed request. Model: pay p changes everyone's pace (judgments per
 * active hour) by (p / offered)^ε and nothing else, so the finish time scales by (offered / p)^ε;
 * meeting the deadline takes a speed-up s = finish₈₅ / days to the deadline, bought by pay
 * offered · s^(1/ε) (below the offered pay when s < 1: the least pay that still meets it). The
 * interval maps the elasticity's interval through the same formula.
 */
export function payResponse(
  request: { languages: readonly string[] },
  report: Pick<FeasibilityReport, "finishDays" | "daysToDeadline" | "currency">,
  pool: readonly PoolMember[],
  elasticity: SourcedPayElasticity | null,
  leftOut: readonly PayExperimentLeftOut[] = [],
): PayResponse {
  const working = pool.filter((m) => isMeasured(m) && request.languages.some((l) => m.languages.includes(l)));
  const pays = working.flatMap((m) =>
    request.languages.flatMap((l) => {
      const price = m.languages.includes(l) ? m.prices[l] : undefined;
      return price ? [payPerJudgment(m, price)] : [];
    }),
  );
  // Hourly pay spread over a pace is a fraction of a minor unit: exact in the sums, whole in the field.
  const offeredExact = median(pays);
  const offeredPayMinor = offeredExact === null ? null : Math.round(offeredExact);
  const judgments = working.reduce((s, m) => s + m.dailyJudgments.reduce((a, b) => a + b, 0), 0);
  const activeMs = working.reduce((s, m) => s + m.dailyActiveMs.reduce((a, b) => a + b, 0), 0);
  const throughputPerHour = activeMs > 0 ? judgments / (activeMs / 3_600_000) : null;
  const finishDaysP85 = report.finishDays.p85;
  const { daysToDeadline, currency } = report;
  const base = {
    elasticity: elasticity && { ...elasticity.estimate, source: elasticity.source },
    leftOut: [...leftOut],
    currency,
    offeredPayMinor,
    throughputPerHour,
    finishDaysP85,
    daysToDeadline,
  };
  const at =
    offeredExact === null
      ? `At the offered pay (no rate card in ${currency})`
      : `At the offered ${money(offeredExact, currency)} per judgment`;
  const pace =
    throughputPerHour === null ? "no measured pace" : `${throughputPerHour.toFixed(1)} judgments per active hour`;
  const finish = finishDaysP85 === null ? "does not finish within the horizon" : `finishes by day ${finishDaysP85}`;
  const offered = `${at} the pool gives ${pace} and ${finish} (85th percentile); the deadline is in ${daysToDeadline} days.`;
  if (!elasticity)
    return {
      ...base,
      payNeeded: null,
      summary: `${offered} No finished pay experiment gives a pay elasticity${leftOutNote(leftOut)}, so what other pay would buy is not estimated.`,
    };
  const { elasticity: e, ci95 } = elasticity.estimate;
  const sourced = `Pay elasticity ${e.toFixed(2)} [${ci95[0].toFixed(2)}, ${ci95[1].toFixed(2)}] from experiment "${elasticity.source.name}"`;
  if (!(e > 0) || finishDaysP85 === null || daysToDeadline <= 0)
    return {
      ...base,
      payNeeded: null,
      summary: `${offered} ${sourced}: ${e > 0 ? "the pay needed to meet the deadline cannot be worked out from this finish" : "more pay is not shown to raise throughput"}.`,
    };
  const speedUp = Math.max(finishDaysP85, 0.5) / daysToDeadline;
  const multipleAt = (elasticityValue: number) => (elasticityValue > 0 ? speedUp ** (1 / elasticityValue) : null);
  const multiple = multipleAt(e)!;
  // Needed pay falls as elasticity rises when a speed-up is needed, and rises with it otherwise.
  const multipleCi95: [number | null, number | null] =
    speedUp >= 1 ? [multipleAt(ci95[1]), multipleAt(ci95[0])] : [multipleAt(ci95[0]), multipleAt(ci95[1])];
  const minorOf = (m: number | null) => (m === null || offeredExact === null ? null : Math.ceil(m * offeredExact));
  const payNeeded = {
    multiple,
    multipleCi95,
    minor: minorOf(multiple),
    minorCi95: [minorOf(multipleCi95[0]), minorOf(multipleCi95[1])] as [number | null, number | null],
  };
  const end = (m: number | null) => (m === null ? "unbounded" : `${m.toFixed(2)}×`);
  const needed =
    payNeeded.minor === null
      ? `${multiple.toFixed(2)}× the pay`
      : `${money(payNeeded.minor, currency)} per judgment (${multiple.toFixed(2)}×)`;
  return {
    ...base,
    payNeeded,
    summary: `${offered} ${sourced}: ${speedUp >= 1 ? "meeting the deadline needs" : "the deadline is still met at"} about ${needed}, 95% interval [${end(multipleCi95[0])}, ${end(multipleCi95[1])}].`,
  };
}
