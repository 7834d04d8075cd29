/**
 * The "answers look random" rule on simulated annotators of known accuracy, judged through
 * assessJudgment one answer at a time as the server does. Some good annotators work alone at
 * the start of the day and so give the first answer on most of their tasks (as the demo's
 * Tokyo and early-shift annotators do): that must not make them look random.
 */
import { describe, expect, it } from "vitest";
import type { LabelSchema } from "../label-schema.js";
import { DEFAULT_QUALITY_RULES } from "../policy/quality-policy.js";
import { mulberry32, type Random, randomInt } from "../quality/random.js";
import { type AnnotatorStanding, assessJudgment } from "./assess-judgment.js";

const schema: LabelSchema = { type: "rating", min: 0, max: 4, labels: {} };
const GRADES = [0, 1, 2, 3, 4];
const OVERLAP = 3;

interface Simulated {
  name: string;
  /** Probability of the true grade; null answers uniformly at random. */
  accuracy: number | null;
  /** Works alone before everyone else, so gives the first answer on fresh tasks. */
  early: boolean;
}

/** The true grade with probability `accuracy`, else mostly a neighbouring grade (as raters err). */
function answer(truth: number, who: Simulated, random: Random): number {
  if (who.accuracy === null) return GRADES[randomInt(random, GRADES.length)]!;
  if (random() < who.accuracy) return truth;
  const neighbours = [truth - 1, truth + 1].filter((g) => g >= 0 && g <= 4);
  return random() < 0.8 ? neighbours[randomInt(random, neighbours.length)]! : GRADES[randomInt(random, 5)]!;
}

function simulate(seed: number, people: Simulated[], taskCount: number) {
  const random = mulberry32(seed);
  const tasks = Array.from({ length: taskCount }, () => ({
    truth: randomInt(random, 5),
    answers: [] as number[],
    by: new Set<number>(),
    logPosterior: null as number[] | null,
  }));
  const standing: AnnotatorStanding[] = people.map(() => ({
    judgments: 0,
    goldAnswered: 0,
    goldCorrect: 0,
    fastAnswers: 0,
    confusion: null,
    status: "ok",
    statusReason: null,
  }));
  const judge = (p: number, t: number) => {
    const task = tasks[t]!;
    const value = answer(task.truth, people[p]!, random);
    task.answers.push(value);
    task.by.add(p);
    const assessed = assessJudgment({
      schema,
      rules: DEFAULT_QUALITY_RULES,
      goldFeedback: { onboarding: true, hidden: true },
      taskAnswers: task.answers,
      taskLogPosterior: task.logPosterior,
      gold: null,
      value,
      activeMs: 8000,
      annotator: standing[p]!,
      crowdPrior: null,
    });
    task.logPosterior = assessed.task.logPosterior;
    standing[p] = assessed.annotator;
  };
  // The early shift: each early annotator takes fresh tasks from the head of the queue.
  let next = 0;
  people.forEach((who, p) => {
    if (!who.early) return;
    for (let i = 0; i < 60; i++) judge(p, next++);
  });
  // Then everyone, in turn, takes the first task in the queue that still needs them.
  for (let round = 0; round < taskCount * OVERLAP; round++) {
    const p = round % people.length;
    const t = tasks.findIndex((task) => task.answers.length < OVERLAP && !task.by.has(p));
    if (t < 0) break;
    judge(p, t);
  }
  return people.map((who, p) => ({ ...who, ...standing[p]! }));
}

describe("the 'answers look random' rule on simulated annotators", () => {
  const good = [0.8, 0.82, 0.84, 0.85, 0.86, 0.87, 0.8, 0.83, 0.85, 0.87].map(
    (accuracy, i): Simulated => ({ name: `good-${i}`, accuracy, early: i < 4 }),
  );
  const random = [0, 1, 2].map((i): Simulated => ({ name: `random-${i}`, accuracy: null, early: i === 0 }));

  it.each([1, 2, 3])("flags the random annotators and none of the good ones (seed %i)", (seed) => {
    const result = simulate(seed, [...good, ...random], 600);
    const flagged = result.filter((a) => a.status === "flagged").map((a) => a.name);
    expect(flagged.sort()).toEqual(random.map((r) => r.name).sort());
    for (const annotator of result.filter((a) => a.status === "flagged"))
      expect(annotator.statusReason).toMatch(/^answers look random/);
  });
});
