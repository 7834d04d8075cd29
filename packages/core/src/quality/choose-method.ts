import type { EncodedAnswers, GoldLabels } from "./answers.js";
import { crossValidateGold } from "./cross-validate-gold.js";
import { dawidSkene } from "./dawid-skene.js";
import { glad } from "./glad.js";
import { mace } from "./mace.js";
import { majorityVoteByTask } from "./majority-vote.js";
import { oneCoinDawidSkene } from "./one-coin-dawid-skene.js";
import { scoreAgainstGold, type TaskPosteriors } from "./task-posteriors.js";
import { wawa } from "./wawa.js";
import { weightedMajorityVoteByTask } from "./weighted-majority-vote.js";

/** The methods `chooseMethod` picks from ("ds-laplace": Dawid-Skene with one pseudo-count per confusion cell). */
export const CANDIDATE_METHODS = [
  "mv",
  "wawa",
  "ds",
  "ds-laplace",
  "onecoin",
  "glad",
  "mace",
  "wmv",
  "ds-gold",
] as const;
export type CandidateMethod = (typeof CANDIDATE_METHODS)[number];

/** Methods that learn from gold: scored by cross-validation, never on the gold they saw. */
const USES_GOLD: ReadonlySet<CandidateMethod> = new Set(["wmv", "ds-gold"]);

/**
 * Below this many answers per worker per confusion cell (answers / workers / K²), Dawid-Skene's
 * per-worker matrices are mostly prior, and a Laplace prior (1 per cell) beats near-maximum
 * likelihood: zhou-web (3.5 per cell, 5 grades) 0.824 → 0.850; S_Dog (4.6) unchanged; above it
 * Laplace costs (S_Adult at 7.0: 0.766 → 0.748).
 */
export const SPARSE_ANSWERS_PER_CELL = 5;

/**
 * Below this many, even a Laplace prior leaves Dawid-Skene guessing (on simulated crowds with
 * spammers at 0.1-0.3 answers per cell it falls to 0.2-0.4 accuracy, under majority vote), and
 * one-coin Dawid-Skene, one accuracy per worker, is used instead.
 */
export const VERY_SPARSE_ANSWERS_PER_CELL = 2;

/** Runs one candidate method; `gold` is used only by the methods that learn from gold. */
export function runCandidate(method: CandidateMethod, answers: EncodedAnswers, gold?: GoldLabels): TaskPosteriors {
  switch (method) {
    case "mv":
      return majorityVoteByTask(answers);
    case "wawa":
      return wawa(answers);
    case "ds":
      return dawidSkene(answers);
    case "ds-laplace":
      return dawidSkene(answers, { smoothing: 1 });
    case "onecoin":
      return oneCoinDawidSkene(answers);
    case "glad":
      return glad(answers);
    case "mace":
      return mace(answers);
    case "wmv":
      return weightedMajorityVoteByTask(answers, { gold: gold ?? new Map() });
    case "ds-gold":
      return dawidSkene(answers, gold ? { gold } : {});
  }
}

/** Why a method was chosen, and the accuracy of each candidate when gold decided. */
export interface MethodChoice {
  method: CandidateMethod;
  /** "gold": best held-out gold accuracy; "rule": the rule for data without (enough) gold. */
  by: "gold" | "rule";
  reason: string;
  /** Per candidate, its gold accuracy (cross-validated for the methods that learn from gold). Empty for "rule". */
  scores: Partial<Record<CandidateMethod, number>>;
}

/** Options of `chooseMethod`. */
export interface ChooseMethodOptions {
  gold?: GoldLabels;
  /** Fewer gold tasks than this and the rule decides (accuracy on a handful of tasks is noise). Default 30. */
  minGold?: number;
  /** Folds for the methods that learn from gold. Default 5. */
  folds?: number;
  seed?: number;
  /** Candidates to consider. Default all of `CANDIDATE_METHODS`. */
  candidates?: readonly CandidateMethod[];
}

/**
 * Picks the truth-inference method for a set of answers.
 *
 * With at least `minGold` gold tasks: every candidate is scored on the gold (the unsupervised
 * ones on gold they never saw, the gold-learning ones by `folds`-fold cross-validation) and the
 * best wins; on a tie the earlier candidate in `CANDIDATE_METHODS` (the simpler) wins.
 *
 * Without: a rule, checked on the ten public datasets (within 0.5 point of the best crowd-kit
 * method on each) and on simulated crowds: Dawid-Skene, which models each worker's confusions and
 * is the most accurate crowd-kit method on nine of those ten, with a Laplace prior on the
 * confusions when workers give fewer than `SPARSE_ANSWERS_PER_CELL` answers per confusion cell on
 * average, and one-coin Dawid-Skene below `VERY_SPARSE_ANSWERS_PER_CELL`. One class, or a single
 * worker: majority vote (nothing to weigh).
 */
export function chooseMethod(answers: EncodedAnswers, options: ChooseMethodOptions = {}): MethodChoice {
  const gold = options.gold;
  const candidates = options.candidates ?? CANDIDATE_METHODS;
  if (gold && gold.size >= (options.minGold ?? 30)) {
    const scores: Partial<Record<CandidateMethod, number>> = {};
    let best: CandidateMethod | undefined;
    for (const method of candidates) {
      const accuracy = USES_GOLD.has(method)
        ? crossValidateGold(gold, (training) => runCandidate(method, answers, training), {
            folds: options.folds ?? 5,
            seed: options.seed ?? 1,
          }).accuracy
        : scoreAgainstGold(runCandidate(method, answers).label, gold).accuracy;
      scores[method] = accuracy;
      if (best === undefined || accuracy > scores[best]!) best = method;
    }
    if (best !== undefined)
      return {
        method: best,
        by: "gold",
        reason: `best held-out accuracy on ${gold.size} gold tasks (${scores[best]!.toFixed(4)})`,
        scores,
      };
  }
  const K = answers.classCount;
  if (K < 2 || answers.workerCount < 2)
    return { method: "mv", by: "rule", reason: "one class or one worker: nothing to weigh", scores: {} };
  const perCell = answers.task.length / answers.workerCount / (K * K);
  if (perCell < VERY_SPARSE_ANSWERS_PER_CELL)
    return {
      method: "onecoin",
      by: "rule",
      reason: `${perCell.toFixed(1)} answers per worker per confusion cell (< ${VERY_SPARSE_ANSWERS_PER_CELL}): one-coin Dawid-Skene`,
      scores: {},
    };
  if (perCell < SPARSE_ANSWERS_PER_CELL)
    return {
      method: "ds-laplace",
      by: "rule",
      reason: `${perCell.toFixed(1)} answers per worker per confusion cell (< ${SPARSE_ANSWERS_PER_CELL}): Dawid-Skene with a Laplace prior`,
      scores: {},
    };
  return {
    method: "ds",
    by: "rule",
    reason: `${perCell.toFixed(1)} answers per worker per confusion cell: Dawid-Skene`,
    scores: {},
  };
}
