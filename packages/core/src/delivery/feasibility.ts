import { currencyFractionDigits } from "../cost/round-cost-change.js";
import { invalidInput } from "../errors.js";
import { type DatedText, type DayWriter, DEFAULT_DATE_READER, dayWriter } from "../time/reader-dates.js";
import type { PayResponse } from "./pay-response.js";
import { drawQuantile, isMeasured, msPerJudgment, type PoolMember, simulatePool } from "./pool-simulation.js";

const DAY = 86_400_000;

/** A labeling request as the feasibility check reads it. */
export interface FeasibilityRequest {
  /** Tasks to label, split evenly across `languages`. */
  volume: number;
  languages: readonly string[];
  overlap: number;
  /** Accuracy wanted of the aggregated labels, in (0, 1). */
  qualityTarget: number;
  /** Epoch ms. */
  deadline: number;
  budgetMinor: number;
  currency: string;
  /** Active seconds per judgment of this task type for a typical person; null: people's measured pace. */
  secondsPerJudgment: number | null;
  /** Share of served tasks that will be gold controls, in [0, 1). */
  goldShare?: number;
}

export type FeasibilityFlagKind = "pool_too_small" | "quality_unreachable" | "budget_short" | "deadline_infeasible";

export interface FeasibilityFlag {
  kind: FeasibilityFlagKind;
  language: string | null;
  message: string;
  /** The message with its days as instants, once stored for readers in other zones (see `storedSentence`). */
  messageParts?: DatedText;
  /** The figures behind the flag, by name. */
  figures: Record<string, number | string | null>;
}

export interface Percentiles {
  p50: number | null;
  p70: number | null;
  p85: number | null;
  p95: number | null;
}

export interface LanguageFeasibility {
  language: string;
  tasks: number;
  judgments: number;
  /** Speakers of the language with the skills asked. */
  eligible: number;
  /** Of them, people with measured work in the history (only they are simulated). */
  measured: number;
  /** Distinct time zones of the eligible people (unknown zones left out). */
  timeZones: string[];
  /** People needed to finish by the deadline at the measured mean hours and pace per person; null: unmeasured. */
  peopleNeeded: number | null;
  /** Pooled gold accuracy of the eligible people; null without gold answers. */
  accuracy: number | null;
  /** Accuracy of a majority of `overlap` independent judgments at that accuracy (a lower bound); null: unknown. */
  aggregateAccuracy: number | null;
  /** Smallest overlap (up to 15) reaching the quality target; null when none does or accuracy is unknown. */
  overlapNeeded: number | null;
  finishDays: Percentiles;
}

export interface FeasibilityReport {
  feasible: boolean;
  flags: FeasibilityFlag[];
  runs: number;
  /** Whole days from `now` to finish, at each percentile of the simulated runs; null: not within the horizon. */
  finishDays: Percentiles;
  /** The same as dates (end of that day, epoch ms). */
  finishDates: Percentiles;
  /** Cost in minor units of `currency`, at each percentile; null when a person's price is unknown. */
  cost: Percentiles | null;
  currency: string;
  /** P(finished by the deadline) over the runs. */
  probabilityOnTime: number;
  /** P(cost within the budget) over the runs; null when cost is unknown. */
  probabilityWithinBudget: number | null;
  /** The finish-day distribution for a chart: share of runs finished by each day. */
  finishCurve: { day: number; probability: number }[];
  languages: LanguageFeasibility[];
  /** Judgments to give in all (tasks × overlap, with gold). */
  judgments: number;
  daysToDeadline: number;
  /** What the offered pay buys and the pay the deadline needs, by the workspace's pay elasticity (`payResponse`). */
  payResponse?: PayResponse;
}

const LEVELS = { p50: 0.5, p70: 0.7, p85: 0.85, p95: 0.95 } as const;

function percentiles<T extends number | null>(sorted: readonly T[]): Percentiles {
  return {
    p50: drawQuantile(sorted, LEVELS.p50),
    p70: drawQuantile(sorted, LEVELS.p70),
    p85: drawQuantile(sorted, LEVELS.p85),
    p95: drawQuantile(sorted, LEVELS.p95),
  };
}

/**
 * Accuracy of a majority of `overlap` independent judgments, each right with probability `p`:
 * P(more than half are right), plus half the ties. For more than two classes with errors spread
 * over them this is a lower bound (a majority of right answers always wins a plurality).
 */
export function majorityAccuracy(p: number, overlap: number): number {
  let total = 0;
  let term = (1 - p) ** overlap; // k = 0
  for (let k = 0; k <= overlap; k++) {
    if (k > 0) term = (term * (overlap - k + 1) * p) / (k * (1 - p || 1e-300));
    if (2 * k > overlap) total += term;
    else if (2 * k === overlap) total += term / 2;
  }
  return Math.min(1, total);
}

function checkRequest(request: FeasibilityRequest): void {
  const fail = (path: string, message: string) => {
    throw invalidInput(`${path}: ${message}`, [{ path, message }]);
  };
  if (!(Number.isInteger(request.volume) && request.volume >= 1)) fail("volume", "must be a whole number ≥ 1");
  if (request.languages.length === 0) fail("languages", "needs at least one language");
  if (!(Number.isInteger(request.overlap) && request.overlap >= 1)) fail("overlap", "must be a whole number ≥ 1");
  if (!(request.qualityTarget > 0 && request.qualityTarget < 1)) fail("qualityTarget", "must be between 0 and 1");
  if (!(Number.isInteger(request.budgetMinor) && request.budgetMinor >= 0))
    fail("budgetMinor", "must be whole minor units ≥ 0");
}

function money(minor: number, currency: string): string {
  const digits = currencyFractionDigits(currency);
  return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;
}

/**
 * The feasibility report of a labeling request on the pool that would work on it: simulates the
 * pool (`simulatePool`) on the request's judgments, and flags
 * - `pool_too_small`: a language has no measured eligible person, or fewer than the people its
 *   work needs by the deadline at their measured mean hours and pace;
 * - `quality_unreachable`: the majority of `overlap` judgments at the language's pooled gold
 *   accuracy stays under the target (`majorityAccuracy`);
 * - `budget_short`: the 85th-percentile cost is over the budget;
 * - `deadline_infeasible`: the 85th-percentile finish is past the deadline (under 85% on time).
 * Each flag carries the figures behind it. The report is feasible when nothing is flagged.
 * `writeDay` writes the days inside the messages (default: UTC, English).
 */
export function assessFeasibility(
  request: FeasibilityRequest,
  pool: readonly PoolMember[],
  options: { now: number; runs?: number; seed?: number; maxDays?: number; writeDay?: DayWriter },
): FeasibilityReport {
  const writeDay = options.writeDay ?? dayWriter(DEFAULT_DATE_READER, options.now);
  checkRequest(request);
  const goldShare = request.goldShare ?? 0;
  const daysToDeadline = Math.max(0, Math.floor((request.deadline - options.now) / DAY));
  const tasksPer = request.languages.map(
    (_, i) =>
      Math.floor(request.volume / request.languages.length) + (i < request.volume % request.languages.length ? 1 : 0),
  );
  const workload = request.languages.map((language, i) => ({
    language,
    judgments: Math.ceil((tasksPer[i]! * request.overlap) / (1 - goldShare)),
  }));
  const maxDays = options.maxDays ?? Math.max(365, 3 * daysToDeadline);
  const simulation = simulatePool(pool, workload, {
    secondsPerJudgment: request.secondsPerJudgment,
    runs: options.runs ?? 400,
    maxDays,
    seed: options.seed ?? 1,
  });
  const flags: FeasibilityFlag[] = [];
  const pace = poolPace(pool.filter((m) => isMeasured(m) && request.languages.some((l) => m.languages.includes(l))));

  const languages = request.languages.map((language, i): LanguageFeasibility => {
    const speakers = pool.filter((m) => m.languages.includes(language));
    const measured = speakers.filter(isMeasured);
    const goldAnswered = speakers.reduce((s, m) => s + m.goldAnswered, 0);
    const accuracy = goldAnswered > 0 ? speakers.reduce((s, m) => s + m.goldCorrect, 0) / goldAnswered : null;
    const aggregateAccuracy = accuracy === null ? null : majorityAccuracy(accuracy, request.overlap);
    let overlapNeeded: number | null = null;
    if (accuracy !== null)
      for (let n = 1; n <= 15; n++)
        if (majorityAccuracy(accuracy, n) >= request.qualityTarget) {
          overlapNeeded = n;
          break;
        }
    // Per person: mean judgments a day at the request's pace (their days off included).
    const perPersonDay = measured.map((m) => {
      const days = m.dailyActiveMs.length;
      if (request.secondsPerJudgment === null) return m.dailyJudgments.reduce((s, v) => s + v, 0) / days;
      const ms = m.dailyActiveMs.reduce((s, v) => s + v, 0) / days;
      return ms / (request.secondsPerJudgment * 1000 * (msPerJudgment(m)! / pace));
    });
    const meanPerPersonDay = perPersonDay.length ? perPersonDay.reduce((s, v) => s + v, 0) / perPersonDay.length : 0;
    const judgments = workload[i]!.judgments;
    const peopleNeeded =
      meanPerPersonDay > 0 ? Math.ceil(judgments / (meanPerPersonDay * Math.max(1, daysToDeadline)) - 1e-9) : null;
    const finishDays = percentiles(simulation.languageFinishDays[language]!);
    if (measured.length === 0 || (peopleNeeded !== null && measured.length < peopleNeeded)) {
      flags.push({
        kind: "pool_too_small",
        language,
        message:
          measured.length === 0
            ? `No eligible ${language} speaker has measured work (${speakers.length} eligible): recruit or certify ${language} annotators before accepting.`
            : `${language} needs about ${peopleNeeded} people to give ${judgments} judgments by the deadline at ${meanPerPersonDay.toFixed(0)} judgments per person-day; ${measured.length} eligible people have worked recently.`,
        figures: {
          eligible: speakers.length,
          measured: measured.length,
          peopleNeeded,
          judgments,
          judgmentsPerPersonDay: Math.round(meanPerPersonDay * 10) / 10,
          daysToDeadline,
        },
      });
    }
    if (aggregateAccuracy !== null && aggregateAccuracy < request.qualityTarget) {
      flags.push({
        kind: "quality_unreachable",
        language,
        message: `At ${(100 * accuracy!).toFixed(1)}% gold accuracy, a majority of ${request.overlap} ${language} judgments is right about ${(100 * aggregateAccuracy).toFixed(1)}% of the time, under the ${(100 * request.qualityTarget).toFixed(1)}% target: ${overlapNeeded === null ? "no overlap up to 15 reaches it; use better-qualified annotators" : `raise the overlap to ${overlapNeeded}`}.`,
        figures: {
          accuracy,
          overlap: request.overlap,
          aggregateAccuracy,
          qualityTarget: request.qualityTarget,
          overlapNeeded,
        },
      });
    }
    return {
      language,
      tasks: tasksPer[i]!,
      judgments,
      eligible: speakers.length,
      measured: measured.length,
      timeZones: [...new Set(speakers.map((m) => m.timeZone).filter((z): z is string => z !== null))].sort(),
      peopleNeeded,
      accuracy,
      aggregateAccuracy,
      overlapNeeded,
      finishDays,
    };
  });

  const finishDays = percentiles(simulation.finishDays);
  const onTime = simulation.finishDays.filter((d) => d !== null && d <= daysToDeadline).length / simulation.runs;
  if (finishDays.p85 === null || finishDays.p85 > daysToDeadline)
    flags.push({
      kind: "deadline_infeasible",
      language: null,
      message:
        finishDays.p85 === null
          ? `The pool does not finish within ${maxDays} days in more than 15% of the simulated runs; the deadline is ${daysToDeadline} days away.`
          : `The 85th-percentile finish is day ${finishDays.p85} (${writeDay(options.now + finishDays.p85 * DAY)}), past the deadline in ${daysToDeadline} days: ${Math.round(100 * onTime)}% of runs finish on time.`,
      figures: { daysToDeadline, finishP50: finishDays.p50, finishP85: finishDays.p85, probabilityOnTime: onTime },
    });

  const cost = simulation.costs ? percentiles(simulation.costs) : null;
  const withinBudget = simulation.costs
    ? simulation.costs.filter((c) => c <= request.budgetMinor).length / simulation.runs
    : null;
  if (cost && cost.p85 !== null && cost.p85 > request.budgetMinor)
    flags.push({
      kind: "budget_short",
      language: null,
      message: `The 85th-percentile cost is ${money(cost.p85, request.currency)} (median ${money(cost.p50 ?? 0, request.currency)}), over the ${money(request.budgetMinor, request.currency)} budget by ${money(cost.p85 - request.budgetMinor, request.currency)}.`,
      figures: {
        budgetMinor: request.budgetMinor,
        costP50: cost.p50,
        costP85: cost.p85,
        shortMinor: cost.p85 - request.budgetMinor,
        currency: request.currency,
        probabilityWithinBudget: withinBudget,
      },
    });

  const finite = simulation.finishDays.filter((d): d is number => d !== null);
  const last = Math.max(daysToDeadline, ...finite, 1);
  const finishCurve: { day: number; probability: number }[] = [];
  const step = Math.max(1, Math.ceil(last / 200));
  for (let day = 0; day <= last; day += step)
    finishCurve.push({ day, probability: finite.filter((d) => d <= day).length / simulation.runs });

  const asDate = (days: number | null) => (days === null ? null : options.now + days * DAY);
  return {
    feasible: flags.length === 0,
    flags,
    runs: simulation.runs,
    finishDays,
    finishDates: {
      p50: asDate(finishDays.p50),
      p70: asDate(finishDays.p70),
      p85: asDate(finishDays.p85),
      p95: asDate(finishDays.p95),
    },
    cost,
    currency: request.currency,
    probabilityOnTime: onTime,
    probabilityWithinBudget: withinBudget,
    finishCurve,
    languages,
    judgments: workload.reduce((s, w) => s + w.judgments, 0),
    daysToDeadline,
  };
}

function poolPace(measured: readonly PoolMember[]): number {
  const ms = measured.reduce((s, m) => s + m.dailyActiveMs.reduce((a, b) => a + b, 0), 0);
  const judgments = measured.reduce((s, m) => s + m.dailyJudgments.reduce((a, b) => a + b, 0), 0);
  return judgments > 0 ? ms / judgments : 1;
}
