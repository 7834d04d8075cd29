import { invalidInput } from "../errors.js";
import { mixSeed, mulberry32, randomInt } from "../quality/random.js";

/** What one judgment costs a person's language (resolved from the rate cards), in minor units. */
export interface JudgmentPrice {
  perJudgmentMinor: number;
  perActiveHourMinor: number;
  /** Platform fee plus vendor markup on pay, in basis points. */
  feeBps: number;
}

/**
 * One eligible person as measured: their recent days (zeros for days they did not work), so a
 * simulated day is one of their real days — their availability, hours and pace together.
 */
export interface PoolMember {
  id: number;
  languages: readonly string[];
  /** Active milliseconds on each day of the history, oldest first. */
  dailyActiveMs: readonly number[];
  /** Judgments on each of those days. */
  dailyJudgments: readonly number[];
  goldAnswered: number;
  goldCorrect: number;
  /** IANA zone, or null when unknown. */
  timeZone: string | null;
  /** Price per language this person would label; a language missing: cost unknown. */
  prices: Readonly<Record<string, JudgmentPrice>>;
}

export interface PoolWorkload {
  language: string;
  /** Judgments to give in this language (tasks × overlap, gold included). */
  judgments: number;
}

export interface PoolSimulationOptions {
  /** Active seconds per judgment of the requested task type for a typical person; null: each person's measured pace as is. */
  secondsPerJudgment: number | null;
  runs?: number;
  /** Simulated days at most; work left after them counts as never finishing. */
  maxDays?: number;
  seed?: number;
}

export interface PoolSimulationResult {
  runs: number;
  /** Finish day of each run (whole days from now, 1 = by the end of tomorrow's day), sorted; null: not within `maxDays`. */
  finishDays: (number | null)[];
  /** Cost of each run in minor units (of the work done within `maxDays`), sorted; null when a price is missing or nobody can work. */
  costs: number[] | null;
  /** Per language: the day its work finished in each run (sorted, null: not within maxDays). */
  languageFinishDays: Record<string, (number | null)[]>;
  /** Active hours each run spent, sorted. */
  activeHours: number[];
}

/** A person's mean milliseconds per judgment over their history; undefined without a judgment. */
export function msPerJudgment(member: PoolMember): number | undefined {
  const judgments = member.dailyJudgments.reduce((s, v) => s + v, 0);
  if (judgments === 0) return undefined;
  return member.dailyActiveMs.reduce((s, v) => s + v, 0) / judgments;
}

/** Whether a person has any measured work (only they can be simulated). */
export function isMeasured(member: PoolMember): boolean {
  return member.dailyJudgments.length > 0 && msPerJudgment(member) !== undefined;
}

function sortNullsLast(values: (number | null)[]): (number | null)[] {
  return values.sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b));
}

/**
 * Simulates the pool working through the workload, day by day, `runs` times (Monte Carlo, seeded):
 * each simulated day, each measured person replays one of their history's days drawn at random
 * with equal weight (so a day off, a short day and a long one come as often as they did), and
 * gives that day's active time to the languages they speak that still have work, in proportion
 * to the work left. With `secondsPerJudgment`, a person's judgments that day are their active time
 * ÷ (the typical seconds × their own pace relative to the pool's); without it, the day's own
 * judgments. Cost is pay per judgment and per active hour at each person's language price, plus
 * fees. Assumes people keep their recent habits, work independently, and that nothing else
 * competes for their time; it runs on this copy of the pool and never touches live data.
 */
export function simulatePool(
  pool: readonly PoolMember[],
  workload: readonly PoolWorkload[],
  options: PoolSimulationOptions,
): PoolSimulationResult {
  const runs = options.runs ?? 400;
  const maxDays = options.maxDays ?? 730;
  if (!(Number.isInteger(runs) && runs >= 1 && runs <= 10_000)) throw invalidInput("runs: must be 1 to 10,000");
  if (options.secondsPerJudgment !== null && !(options.secondsPerJudgment > 0))
    throw invalidInput("secondsPerJudgment: must be above 0", [
      { path: "secondsPerJudgment", message: "must be above 0" },
    ]);
  const languages = workload.map((w) => w.language);
  const people = pool
    .filter(isMeasured)
    .map((member) => ({
      member,
      own: msPerJudgment(member)!,
      speaks: languages.filter((l) => member.languages.includes(l)),
    }))
    .filter((p) => p.speaks.length > 0);
  const totalMs = people.reduce((s, p) => s + p.member.dailyActiveMs.reduce((a, b) => a + b, 0), 0);
  const totalJudgments = people.reduce((s, p) => s + p.member.dailyJudgments.reduce((a, b) => a + b, 0), 0);
  const poolMs = totalJudgments > 0 ? totalMs / totalJudgments : 1;
  // Without anyone to do the work there is no cost to speak of, only work left undone.
  const priced = people.length > 0 && people.every((p) => p.speaks.every((l) => p.member.prices[l] !== undefined));

  const finishDays: (number | null)[] = [];
  const costs: number[] = [];
  const activeHours: number[] = [];
  const languageFinishDays: Record<string, (number | null)[]> = Object.fromEntries(languages.map((l) => [l, []]));
  for (let run = 0; run < runs; run++) {
    const random = mulberry32(mixSeed(options.seed ?? 1, run));
    const left = workload.map((w) => w.judgments);
    const doneOn: (number | null)[] = left.map((v) => (v <= 0 ? 0 : null));
    let cost = 0;
    let activeMs = 0;
    let day = 0;
    while (left.some((v) => v > 0) && day < maxDays) {
      day++;
      for (const person of people) {
        const history = person.member.dailyActiveMs;
        const pick = randomInt(random, history.length);
        const dayMs = history[pick]!;
        if (dayMs <= 0) continue;
        const msEach =
          options.secondsPerJudgment === null ? person.own : options.secondsPerJudgment * 1000 * (person.own / poolMs);
        let capacity =
          options.secondsPerJudgment === null ? person.member.dailyJudgments[pick]! : Math.floor(dayMs / msEach);
        const open = person.speaks.map((l) => languages.indexOf(l)).filter((i) => left[i]! > 0);
        const need = open.reduce((s, i) => s + left[i]!, 0);
        for (const i of open) {
          if (capacity <= 0) break;
          const share = Math.min(left[i]!, Math.max(1, Math.round((capacity * left[i]!) / need)), capacity);
          left[i] = left[i]! - share;
          capacity -= share;
          const ms = share * msEach;
          activeMs += ms;
          const price = person.member.prices[languages[i]!];
          if (price) {
            const pay = share * price.perJudgmentMinor + (ms / 3_600_000) * price.perActiveHourMinor;
            cost += pay * (1 + price.feeBps / 10_000);
          }
          if (left[i]! <= 0 && doneOn[i] === null) doneOn[i] = day;
        }
      }
    }
    languages.forEach((l, i) => {
      languageFinishDays[l]!.push(doneOn[i]!);
    });
    finishDays.push(doneOn.some((d) => d === null) ? null : Math.max(0, ...(doneOn as number[])));
    costs.push(Math.round(cost));
    activeHours.push(activeMs / 3_600_000);
  }
  for (const l of languages) sortNullsLast(languageFinishDays[l]!);
  return {
    runs,
    finishDays: sortNullsLast(finishDays),
    costs: priced ? costs.sort((a, b) => a - b) : null,
    languageFinishDays,
    activeHours: activeHours.sort((a, b) => a - b),
  };
}

/** The value at `level` of sorted draws (nulls last, meaning "never"): the smallest with at least that share at or below it. */
export function drawQuantile<T extends number | null>(sorted: readonly T[], level: number): T | null {
  if (sorted.length === 0) return null;
  const index = Math.max(0, Math.ceil(level * sorted.length - 1e-9) - 1);
  return sorted[Math.min(index, sorted.length - 1)] ?? null;
}
