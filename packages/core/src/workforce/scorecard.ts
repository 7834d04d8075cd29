import { type ProportionInterval, wilsonInterval } from "../quality/wilson-interval.js";
import { weekKeyer } from "./local-week.js";
import { utilisation } from "./presence.js";

/** One hourly roll-up row of the person (`activity_hourly`). */
export interface ScorecardHour {
  projectId: number;
  /** Start of the hour, epoch ms. */
  hour: number;
  judgments: number;
  activeMs: number;
  goldAnswered: number;
  goldCorrect: number;
  skipped: number;
  expired: number;
}

/** A quarter hour of presence: minutes in it with a heartbeat. */
export interface ScorecardPresence {
  bucketStart: number;
  minutes: number;
}

export interface ScorecardFigures {
  judgments: number;
  activeMs: number;
  /** Logged-in time measured by heartbeats. */
  presentMs: number;
  /** Mean active ms per judgment; null with no judgments. */
  averageHandlingMs: number | null;
  /** Judgments per active hour; null with no active time. */
  judgmentsPerActiveHour: number | null;
  gold: { answered: number; correct: number; accuracy: number | null; lower: number; upper: number };
  /** Active time ÷ logged-in time, capped at 1; null without presence. */
  utilisation: number | null;
  skipped: number;
  expired: number;
  /** Skipped ÷ leases ended (answered, skipped or expired); null with none. */
  skipRate: number | null;
  expiryRate: number | null;
}

export interface ScorecardWeek extends ScorecardFigures {
  /** Monday of the week in the person's time zone, YYYY-MM-DD. */
  week: string;
}

export interface Scorecard {
  totals: ScorecardFigures;
  weeks: ScorecardWeek[];
  projects: ({ projectId: number } & Omit<ScorecardFigures, "presentMs" | "utilisation">)[];
}

interface Sums {
  judgments: number;
  activeMs: number;
  presentMs: number;
  goldAnswered: number;
  goldCorrect: number;
  skipped: number;
  expired: number;
}

const empty = (): Sums => ({
  judgments: 0,
  activeMs: 0,
  presentMs: 0,
  goldAnswered: 0,
  goldCorrect: 0,
  skipped: 0,
  expired: 0,
});

function addHour(sums: Sums, row: ScorecardHour, withGold: boolean): void {
  sums.judgments += row.judgments;
  sums.activeMs += row.activeMs;
  sums.skipped += row.skipped;
  sums.expired += row.expired;
  if (withGold) {
    sums.goldAnswered += row.goldAnswered;
    sums.goldCorrect += row.goldCorrect;
  }
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function figures(sums: Sums, confidence: number): ScorecardFigures {
  const interval: ProportionInterval = wilsonInterval(sums.goldCorrect, sums.goldAnswered, confidence);
  const ended = sums.judgments + sums.skipped + sums.expired;
  return {
    judgments: sums.judgments,
    activeMs: sums.activeMs,
    presentMs: sums.presentMs,
    averageHandlingMs: ratio(sums.activeMs, sums.judgments),
    judgmentsPerActiveHour: ratio(sums.judgments * 3_600_000, sums.activeMs),
    gold: {
      answered: sums.goldAnswered,
      correct: sums.goldCorrect,
      accuracy: ratio(sums.goldCorrect, sums.goldAnswered),
      lower: interval.lower,
      upper: interval.upper,
    },
    utilisation: utilisation(sums.activeMs, sums.presentMs),
    skipped: sums.skipped,
    expired: sums.expired,
    skipRate: ratio(sums.skipped, ended),
    expiryRate: ratio(sums.expired, ended),
  };
}

/**
 * A person's scorecard over a period, from roll-ups only (hourly activity and quarter-hour
 * presence, never the judgments): totals, one row per week in `timeZone` (oldest first, weeks
 * with neither work nor presence left out) and one row per project. Gold counts only from the
 * projects `goldVisible` admits (an annotator reading their own card sees gold only where the
 * project gives feedback on hidden controls). Hourly rows are attributed to the week of the hour's
 * start, so in zones offset by half an hour a boundary hour falls wholly on one side.
 */
export function buildScorecard(input: {
  hours: readonly ScorecardHour[];
  presence: readonly ScorecardPresence[];
  timeZone: string;
  goldVisible?: (projectId: number) => boolean;
  confidence?: number;
}): Scorecard {
  const confidence = input.confidence ?? 0.95;
  const goldVisible = input.goldVisible ?? (() => true);
  const weekOf = weekKeyer(input.timeZone);
  const total = empty();
  const weeks = new Map<string, Sums>();
  const projects = new Map<number, Sums>();
  const sumsOf = <K>(map: Map<K, Sums>, key: K) => {
    let sums = map.get(key);
    if (!sums) {
      sums = empty();
      map.set(key, sums);
    }
    return sums;
  };
  for (const row of input.hours) {
    const gold = goldVisible(row.projectId);
    addHour(total, row, gold);
    addHour(sumsOf(weeks, weekOf(row.hour)), row, gold);
    addHour(sumsOf(projects, row.projectId), row, gold);
  }
  for (const bucket of input.presence) {
    const ms = bucket.minutes * 60_000;
    total.presentMs += ms;
    sumsOf(weeks, weekOf(bucket.bucketStart)).presentMs += ms;
  }
  return {
    totals: figures(total, confidence),
    weeks: [...weeks]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, sums]) => ({ week: key, ...figures(sums, confidence) })),
    projects: [...projects].map(([projectId, sums]) => {
      const { presentMs: _p, utilisation: _u, ...rest } = figures(sums, confidence);
      return { projectId, ...rest };
    }),
  };
}

/** Agreement with the aggregate label: answers on tasks with an aggregate, and the share equal to it. */
export function agreementRate(answers: number, agreeing: number): { answers: number; rate: number | null } {
  return { answers, rate: ratio(agreeing, answers) };
}
