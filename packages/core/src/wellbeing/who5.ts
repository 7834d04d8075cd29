import { invalidInput } from "../errors.js";

/** Answers to the five WHO-5 items, each 0 ("at no time") to 5 ("all of the time"). */
export type Who5Answers = [number, number, number, number, number];

/** Groups smaller than this are never shown to managers (their answers could be told apart). */
export const MIN_CHECKIN_GROUP = 5;

/** Checks five answers, naming the item at fault. */
export function parseWho5(answers: unknown): Who5Answers {
  if (!Array.isArray(answers) || answers.length !== 5)
    throw invalidInput("answers must be a list of 5 numbers", [{ path: "answers", message: "must be 5 numbers" }]);
  answers.forEach((answer, index) => {
    if (typeof answer !== "number" || !Number.isInteger(answer) || answer < 0 || answer > 5)
      throw invalidInput(`answers[${index}] must be a whole number from 0 to 5`, [
        { path: `answers[${index}]`, message: "must be a whole number from 0 to 5" },
      ]);
  });
  return answers as Who5Answers;
}

/** The WHO-5 wellbeing index: the raw sum (0–25) times 4, from 0 (worst) to 100 (best). */
export function who5Score(answers: Who5Answers): number {
  return answers.reduce((sum, answer) => sum + answer, 0) * 4;
}

/** At or below this score the WHO-5 suggests poor wellbeing (the usual screening cut-off). */
export const WHO5_LOW_SCORE = 50;

export interface CheckinRow {
  userId: number;
  group: string;
  score: number;
}

export type CheckinGroup =
  | { group: string; people: number; suppressed: false; checkins: number; meanScore: number; lowShare: number }
  | { group: string; suppressed: true };

/**
 * Check-in results as managers see them: per group, each person's latest score counted once;
 * groups of fewer than `MIN_CHECKIN_GROUP` people are suppressed (no count, no score), and no
 * individual answer ever leaves this function. `rows` should hold each person's latest check-in.
 */
export function aggregateCheckins(rows: readonly CheckinRow[], minGroup = MIN_CHECKIN_GROUP): CheckinGroup[] {
  const groups = new Map<string, Map<number, number>>();
  const counts = new Map<string, number>();
  for (const row of rows) {
    let people = groups.get(row.group);
    if (!people) {
      people = new Map();
      groups.set(row.group, people);
    }
    people.set(row.userId, row.score);
    counts.set(row.group, (counts.get(row.group) ?? 0) + 1);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, people]): CheckinGroup => {
      if (people.size < minGroup) return { group, suppressed: true };
      const scores = [...people.values()];
      const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
      const low = scores.filter((score) => score <= WHO5_LOW_SCORE).length / scores.length;
      return {
        group,
        people: people.size,
        suppressed: false,
        checkins: counts.get(group) ?? 0,
        meanScore: Math.round(mean * 10) / 10,
        lowShare: Math.round(low * 1000) / 1000,
      };
    });
}
