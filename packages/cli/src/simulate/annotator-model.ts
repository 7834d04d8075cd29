import { mixSeed, mulberry32, type Random, randomInt } from "@quorum/core";

// The seeded PRNG and its helpers live in core (the feasibility simulation uses them too);
// re-exported so that simulation code keeps one import.
export { mixSeed, mulberry32, type Random, randomInt };

/** One element of a non-empty list, uniformly. */
export function pick<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error("pick from an empty list");
  return items[randomInt(random, items.length)]!;
}

/** A standard normal deviate (Box-Muller). */
export function normal(random: Random): number {
  const u = 1 - random(); // in (0, 1], so the logarithm is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A lognormal deviate with the given median and log-scale spread `sigma`. */
export function lognormal(random: Random, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(random));
}

/** Per true class, the relative weight of each answer given (rows need not sum to 1). */
export type ConfusionProfile = Readonly<Record<string, Readonly<Record<string, number>>>>;

/**
 * A simulated annotator: how well, how fast and when they work. Pure data; the simulation reads
 * it. Time zones and shifts live only here (the user record has no time zone).
 */
export interface SimulatedAnnotator {
  /** Seeds this annotator's own random streams (answers, speed, daily jitter). */
  seed: number;
  /** Probability of giving the true answer, for classes without a confusion row. */
  accuracy: number;
  /** Optional systematic confusions; a row for the true class replaces `accuracy` for that class. */
  confusion?: ConfusionProfile;
  /** Pace relative to a typical annotator: active time is `typicalSeconds * pace * lognormal(0, sigma)`. */
  pace: number;
  /** Spread of the lognormal around the annotator's median time per task. */
  paceSigma: number;
  languages: string[];
  /** Offset of the annotator's local time from UTC, in minutes (e.g. 540 for Tokyo). */
  utcOffsetMinutes: number;
  /** Local minute of the day their shift usually starts, and how long it lasts. */
  shift: { startMinute: number; minutes: number };
  worksWeekends: boolean;
  /** Probability of skipping a leased task after a glance. */
  skipRate: number;
  /** Probability of walking away from a lease and letting it expire. */
  abandonRate: number;
  /** Probability of a short break after a task. */
  breakRate: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Where speakers of a language typically are, as UTC offsets in minutes (several for widely spoken ones). */
export const UTC_OFFSETS_BY_LANGUAGE: Readonly<Record<string, readonly number[]>> = {
  en: [-480, -360, -300, -300, 0, 60, 330, 480, 600],
  de: [60],
  ja: [540],
  es: [-360, -300, -180, 60],
  fr: [60, -240],
  pt: [-180, 0],
  hi: [330],
  tl: [480],
  ko: [540],
  zh: [480],
};

export interface AnnotatorModelOptions {
  seed: number;
  languages: string[];
  /** Mean accuracy of the population this annotator is drawn from. */
  accuracy: number;
  /** Standard deviation of accuracy around the mean (default 0.05). */
  accuracySpread?: number;
  /** Median shift length in minutes (default 360). */
  shiftMinutes?: number;
  utcOffsetMinutes?: number;
  confusion?: ConfusionProfile;
}

/**
 * Draws a plausible annotator: accuracy around the population mean, a personal pace (lognormal
 * around 1), a time zone from their first language, a shift that starts between 07:00 and 13:00
 * local time, and small rates of skipping, abandoning and breaks.
 */
export function sampleAnnotatorModel(options: AnnotatorModelOptions): SimulatedAnnotator {
  const random = mulberry32(mixSeed(options.seed, 0x5eed));
  const spread = options.accuracySpread ?? 0.05;
  const accuracy = clamp(options.accuracy + spread * normal(random), 0.05, 0.995);
  const offsets = UTC_OFFSETS_BY_LANGUAGE[options.languages[0] ?? "en"] ?? [0];
  const model: SimulatedAnnotator = {
    seed: options.seed,
    accuracy,
    pace: clamp(lognormal(random, 1, 0.3), 0.4, 2.5),
    paceSigma: 0.35 + 0.2 * random(),
    languages: [...options.languages],
    utcOffsetMinutes: options.utcOffsetMinutes ?? pick(random, offsets),
    shift: {
      startMinute: 7 * 60 + randomInt(random, 6 * 60),
      minutes: Math.max(5, Math.round(lognormal(random, options.shiftMinutes ?? 360, 0.35))),
    },
    worksWeekends: random() < 0.4,
    skipRate: 0.01 + 0.04 * random(),
    abandonRate: 0.002 + 0.008 * random(),
    breakRate: 0.02 + 0.04 * random(),
  };
  if (options.confusion) model.confusion = options.confusion;
  return model;
}

/** Seconds of active work on one task, for a task type that typically takes `typicalSeconds`. */
export function sampleActiveSeconds(model: SimulatedAnnotator, typicalSeconds: number, random: Random): number {
  return Math.max(2, lognormal(random, typicalSeconds * model.pace, model.paceSigma));
}

/**
 * The shift of one local calendar day (day 0 is 1970-01-01 in the annotator's time zone), in UTC
 * epoch ms, or undefined on a day off. Start and length vary from day to day by a deterministic
 * jitter (up to ±40 minutes, ±30 %), as people's days do.
 */
export function shiftOnDay(model: SimulatedAnnotator, day: number): { start: number; end: number } | undefined {
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 is Sunday
  if (!model.worksWeekends && (weekday === 0 || weekday === 6)) return undefined;
  const random = mulberry32(mixSeed(model.seed, day));
  const jitter = Math.round((random() * 2 - 1) * 40) * MINUTE;
  const length = Math.round(model.shift.minutes * (0.7 + 0.6 * random())) * MINUTE;
  const start = day * DAY + model.shift.startMinute * MINUTE + jitter - model.utcOffsetMinutes * MINUTE;
  return { start, end: start + length };
}

/**
 * The shift the annotator is in at `time`, or the next one after it (looking up to two weeks
 * ahead); undefined when they never work.
 */
export function nextShift(model: SimulatedAnnotator, time: number): { start: number; end: number } | undefined {
  const localDay = Math.floor((time + model.utcOffsetMinutes * MINUTE) / DAY);
  for (let day = localDay - 1; day <= localDay + 14; day++) {
    const shift = shiftOnDay(model, day);
    if (shift && shift.end > time && shift.end > shift.start) return shift;
  }
  return undefined;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
