import { invalidInput } from "../errors.js";
import {
  type Eta,
  type EtaPercentile,
  finishDayQuantile,
  forecastEta,
  probabilityDoneWithin,
} from "../forecast/eta.js";
import { type DayWriter, DEFAULT_DATE_READER, dayWriter, fullStop } from "../time/reader-dates.js";
import type { DeliveryBlock } from "./delivery-block.js";
import type { RiskLevel } from "./straight-line-risk.js";

const DAY = 86_400_000;

export interface ProjectRiskInput {
  /** Judgments still to be given, in expectation (see `expectedRemainingJudgments`). */
  backlog: number;
  /** Judgments completed on each recent day, oldest first (gold included), e.g. the last 28 days. */
  dailyThroughput: readonly number[];
  /** Epoch ms, or null without a deadline. */
  deadline: number | null;
  now: number;
  /** People who labeled in the history's days, to put the suggested increase in people. */
  activeAnnotators?: number;
  /**
   * Whether any task has been judged yet (default true). Before that, no throughput is no news:
   * the project is "not started", not "stalled", until its deadline passes.
   */
  started?: boolean;
  /**
   * Whether the project has any task to work on, gold controls aside (default true). Without one,
   * an empty backlog means "no tasks yet", not "done".
   */
  hasTasks?: boolean;
  /** Writes the days in `action` for its reader (default: UTC, English; see `dayWriter`). */
  writeDay?: DayWriter;
  /**
   * What stops part or all of the backlog from ever finishing (`deliveryBlock`), with the expected
   * judgments of the part that can still finish (`part` only; `all` has none). While it holds,
   * the backlog's finish is "never": no date, level `blocked`.
   */
  blocked?: { block: DeliveryBlock; finishableBacklog: number | null } | null;
}

/** The finish of the part of a blocked backlog that can still finish (other languages' tasks). */
export interface FinishablePart {
  /** Its judgments still to be given, in expectation. */
  backlog: number;
  eta: Eta;
  finish: Record<EtaPercentile, number | null>;
}

/**
 * Why the deadline is at risk:
 * - `no_throughput`: nothing was completed in the history, so the work never finishes at this pace;
 * - `past_deadline`: the deadline has passed with work left;
 * - `throughput_falling`: the latest third of the history runs at under 80% of the earlier days;
 * - `throughput_short`: the average day completes less than the deadline needs;
 * - `throughput_uneven`: the average day would do, but slow days push the 85th percentile past the deadline;
 * - `pool_too_small`: some tasks can never finish, too few eligible annotators (`deliveryBlock`).
 */
export type RiskDriver =
  | "no_throughput"
  | "past_deadline"
  | "throughput_falling"
  | "throughput_short"
  | "throughput_uneven"
  | "pool_too_small";

export interface ProjectRisk {
  /** `at_risk` when the 85th-percentile finish is past the deadline; `tight` when only the 95th is. */
  level: RiskLevel;
  deadlineAtRisk: boolean;
  /** The finish-day distribution, in whole days from now. */
  eta: Eta;
  /** The same as dates: the end of each percentile's day (epoch ms); null: never. */
  finish: Record<EtaPercentile, number | null>;
  /** P(done by the deadline), counting the whole days before it; null without a deadline. */
  probabilityOnTime: number | null;
  /** Judgments per day the deadline needs; null without one or once it has passed. */
  requiredPerDay: number | null;
  /** Mean judgments per day over the history. */
  meanPerDay: number;
  /** Set when the deadline is at risk (or late, or nothing gets done). */
  driver: RiskDriver | null;
  /** What to do about it, in a sentence or two; null when there is nothing to do. */
  action: string | null;
  /** The daily throughput, as a multiple of today's, that brings the 85th percentile on time (≥ 1); null when not at risk. */
  throughputFactorNeeded: number | null;
  /**
   * Set while some tasks cannot finish (level `blocked`): the block, and the finish of the part
   * that can (null when none can). `eta` and `finish` are then "never" (null): no date is true.
   */
  blocked: { block: DeliveryBlock; finishable: FinishablePart | null } | null;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}

/** The smallest multiple of the history (to 1%) whose 85th-percentile finish is within `days`; null past ×100. */
function throughputFactor(history: readonly number[], backlog: number, days: number): number | null {
  const fits = (factor: number) => {
    const scaled = history.map((v) => Math.round(v * factor));
    const p85 = finishDayQuantile(scaled, backlog, 0.85);
    return p85 !== null && p85 <= days;
  };
  if (fits(1)) return 1;
  let high = 2;
  while (!fits(high)) {
    high *= 2;
    if (high > 100) return null;
  }
  let low = high / 2;
  while (high / low > 1.01) {
    const middle = Math.sqrt(low * high);
    if (fits(middle)) high = middle;
    else low = middle;
  }
  return Math.ceil(high * 100) / 100;
}

function peopleClause(factor: number, activeAnnotators: number | undefined, meanPerDay: number): string {
  if (activeAnnotators === undefined || activeAnnotators <= 0) return "";
  const more = Math.ceil(activeAnnotators * (factor - 1) - 1e-9);
  const each = Math.round(meanPerDay / activeAnnotators);
  return ` (about ${more} more annotator${more === 1 ? "" : "s"} at the current ${each} judgments per annotator-day)`;
}

const NEVER: Eta = { days: { p50: null, p70: null, p85: null, p95: null } };
const NO_DATES: Record<EtaPercentile, number | null> = { p50: null, p70: null, p85: null, p95: null };

/**
 * A backlog part of which can never finish: no finish date and no chance of finishing on time
 * for the whole; the part that can finish gets its own distribution, from the same history.
 */
function blockedRisk(
  input: ProjectRiskInput,
  base: Omit<ProjectRisk, "level" | "deadlineAtRisk" | "driver" | "action">,
  blocked: NonNullable<ProjectRiskInput["blocked"]>,
  daysLeft: number | null,
): ProjectRisk {
  const { block, finishableBacklog } = blocked;
  let finishable: FinishablePart | null = null;
  if (block.scope === "part" && finishableBacklog !== null) {
    const eta = forecastEta(input.dailyThroughput, finishableBacklog);
    const finish = Object.fromEntries(
      Object.entries(eta.days).map(([key, days]) => [key, days === null ? null : input.now + days * DAY]),
    ) as Record<EtaPercentile, number | null>;
    finishable = { backlog: finishableBacklog, eta, finish };
  }
  return {
    ...base,
    eta: NEVER,
    finish: { ...NO_DATES },
    probabilityOnTime: daysLeft === null ? null : 0,
    level: "blocked",
    deadlineAtRisk: input.deadline !== null,
    driver: "pool_too_small",
    action: block.action,
    blocked: { block, finishable },
  };
}

/**
 * Delivery risk from the finish-day distribution of `forecastEta`: the deadline is at risk when
 * the 85th-percentile finish date is past it, i.e. the chance of finishing on time is under 85%.
 * The driver says which of the pace's features causes it, and the action sizes the remedy: the
 * throughput increase (found by scaling every history day) that brings the 85th percentile back
 * on time, in people when `activeAnnotators` is known, or the date to move the deadline to.
 * Inherits `forecastEta`'s assumptions: the coming days look like the history's days.
 * While `blocked` holds (tasks no eligible pool can finish) there is no finish date: level
 * `blocked`, eta and finish null, P(on time) 0, and the finish of the part that can finish aside.
 */
export function projectRisk(input: ProjectRiskInput): ProjectRisk {
  const { backlog, dailyThroughput: history, deadline, now } = input;
  const eta = forecastEta(history, backlog);
  if (!Number.isFinite(now)) throw invalidInput("now: must be epoch milliseconds");
  const writeDay = input.writeDay ?? dayWriter(DEFAULT_DATE_READER, now);
  const finish = Object.fromEntries(
    Object.entries(eta.days).map(([key, days]) => [key, days === null ? null : now + days * DAY]),
  ) as Record<EtaPercentile, number | null>;
  const meanPerDay = mean(history);
  const daysLeft = deadline === null ? null : (deadline - now) / DAY;
  const base = {
    eta,
    finish,
    meanPerDay,
    requiredPerDay: daysLeft !== null && daysLeft > 0 ? backlog / daysLeft : null,
    probabilityOnTime:
      daysLeft === null
        ? null
        : daysLeft <= 0
          ? backlog <= 0
            ? 1
            : 0
          : probabilityDoneWithin(history, backlog, Math.floor(daysLeft)),
    throughputFactorNeeded: null,
    blocked: null,
  };
  const calm = { ...base, deadlineAtRisk: false, driver: null, action: null };
  if (input.hasTasks === false) return { ...calm, level: "no_tasks" };
  if (input.blocked) return blockedRisk(input, { ...base, eta, finish }, input.blocked, daysLeft);
  if (eta.days.p95 === 0) return { ...calm, level: "done" };
  if (eta.days.p85 === null) {
    if (input.started === false && (daysLeft === null || daysLeft > 0)) return { ...calm, level: "not_started" };
    return {
      ...base,
      level: deadline === null ? "stalled" : daysLeft! <= 0 ? "late" : "stalled",
      deadlineAtRisk: deadline !== null,
      driver: "no_throughput",
      action: `No judgments were completed in the last ${history.length} days: check that the project is active, has open tasks and has annotators eligible for it.`,
    };
  }
  if (deadline === null || daysLeft === null) return { ...calm, level: "no_deadline" };
  if (daysLeft <= 0) {
    return {
      ...base,
      level: "late",
      deadlineAtRisk: true,
      driver: "past_deadline",
      action: `The deadline (${writeDay(deadline)}) has passed with ${Math.round(backlog)} judgments left; at the recent pace they take ${eta.days.p50} more days (${eta.days.p85} at the 85th percentile): agree a new date, ${writeDay(finish.p85!)} or later.`,
    };
  }
  const p85 = eta.days.p85;
  if (p85 <= daysLeft) return { ...calm, level: eta.days.p95! > daysLeft ? "tight" : "on_track" };

  const days = Math.floor(daysLeft);
  const factor = throughputFactor(history, backlog, days);
  const required = base.requiredPerDay!;
  const recentCount = Math.max(1, Math.floor(history.length / 3));
  const recent = mean(history.slice(-recentCount));
  const earlier = mean(history.slice(0, -recentCount));
  let driver: RiskDriver;
  let reason: string;
  if (history.length >= 6 && recent < 0.8 * earlier) {
    driver = "throughput_falling";
    reason = `Throughput fell to ${Math.round(recent)} judgments a day over the last ${recentCount} days, from ${Math.round(earlier)} before`;
  } else if (meanPerDay < required) {
    driver = "throughput_short";
    reason = `The deadline needs ${Math.round(required)} judgments a day; the last ${history.length} days averaged ${Math.round(meanPerDay)}`;
  } else {
    driver = "throughput_uneven";
    reason = `The average day (${Math.round(meanPerDay)} judgments) would do, but slow days leave a ${Math.round(100 * (1 - base.probabilityOnTime!))}% chance of missing the deadline`;
  }
  const remedy =
    factor === null
      ? "no plausible increase in throughput meets it"
      : `raise daily throughput by ${Math.round((factor - 1) * 100)}%${peopleClause(factor, input.activeAnnotators, meanPerDay)}`;
  return {
    ...base,
    level: "at_risk",
    deadlineAtRisk: true,
    driver,
    throughputFactorNeeded: factor,
    action: fullStop(
      `${reason}. To finish by ${writeDay(deadline)} with 85% confidence, ${remedy}; or move the deadline to ${writeDay(finish.p85!)}`,
    ),
  };
}
