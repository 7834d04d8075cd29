import { invalidInput } from "../errors.js";
import type { EncodedAnswers } from "./answers.js";
import { mulberry32, randomInt } from "./random.js";

/** Shape of the simulated crowd; all counts are non-negative integers. */
export interface SimulateAnswersOptions {
  taskCount: number;
  workerCount: number;
  classCount: number;
  /** Distinct workers per task (at most `workerCount`). */
  answersPerTask: number;
  /** Each worker's accuracy is drawn uniformly from [min, max]. Default [0.6, 0.95]. */
  accuracy?: { min: number; max: number };
  /** Share of workers who answer uniformly at random whatever the task (spammers). Default 0. */
  spammerShare?: number;
  seed: number;
}

/** Simulated answers with the truth and worker accuracies that produced them. */
export interface SimulatedAnswers {
  answers: EncodedAnswers;
  /** True class index per task (uniform over classes). */
  truth: Int32Array;
  /** Each worker's probability of answering the true class. */
  workerAccuracy: Float64Array;
}

/**
 * Synthetic crowd answers for tests and benchmarks, reproducible from `seed`. Tasks get a
 * uniform true class; each task is answered by `answersPerTask` distinct workers drawn
 * uniformly; a worker answers the true class with their accuracy and otherwise one of the other
 * classes uniformly (the one-coin model), except spammers, who answer uniformly at random.
 * Ids are "t0", "w0", "c0", ….
 */
export function simulateAnswers(options: SimulateAnswersOptions): SimulatedAnswers {
  const { taskCount: T, workerCount: W, classCount: K, answersPerTask: R } = options;
  if (!(Number.isInteger(R) && R >= 0 && R <= W))
    throw invalidInput("answersPerTask must be an integer in [0, workerCount]");
  if (!(K >= 1 && T >= 0 && W >= 0)) throw invalidInput("counts must be non-negative, with at least one class");
  const { min, max } = options.accuracy ?? { min: 0.6, max: 0.95 };
  const random = mulberry32(options.seed);
  const workerAccuracy = new Float64Array(W);
  for (let w = 0; w < W; w++) {
    const spammer = random() < (options.spammerShare ?? 0);
    workerAccuracy[w] = spammer ? 1 / K : min + (max - min) * random();
  }
  const truth = new Int32Array(T);
  const task = new Int32Array(T * R);
  const worker = new Int32Array(T * R);
  const label = new Int32Array(T * R);
  const chosen = new Set<number>();
  let i = 0;
  for (let t = 0; t < T; t++) {
    const trueClass = randomInt(random, K);
    truth[t] = trueClass;
    chosen.clear();
    while (chosen.size < R) chosen.add(randomInt(random, W));
    for (const w of chosen) {
      let given = trueClass;
      if (K > 1 && random() >= workerAccuracy[w]!) given = (trueClass + 1 + randomInt(random, K - 1)) % K;
      task[i] = t;
      worker[i] = w;
      label[i] = given;
      i++;
    }
  }
  return {
    answers: {
      taskCount: T,
      workerCount: W,
      classCount: K,
      task,
      worker,
      label,
      taskIds: Array.from({ length: T }, (_, t) => `t${t}`),
      workerIds: Array.from({ length: W }, (_, w) => `w${w}`),
      classes: Array.from({ length: K }, (_, k) => `c${k}`),
    },
    truth,
    workerAccuracy,
  };
}
