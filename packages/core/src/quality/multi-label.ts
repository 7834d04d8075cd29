import { invalidInput } from "../errors.js";
import { type EncodedAnswers, sortClasses } from "./answers.js";
import { type DawidSkeneResult, dawidSkene } from "./dawid-skene.js";
import { type OneCoinResult, oneCoinDawidSkene } from "./one-coin-dawid-skene.js";
import type { EmOptions } from "./task-posteriors.js";

/** One multi-label answer: the set of taxonomy labels a worker selected (possibly empty). */
export interface MultiLabelAnswerRow {
  task: string;
  worker: string;
  labels: readonly string[];
}

/**
 * Multi-label answers in dense indices: answer `i` by `worker[i]` on `task[i]` selected labels
 * `labelIndex[labelStart[i]]` … `labelIndex[labelStart[i+1]-1]` (sorted, no duplicates).
 */
export interface EncodedMultiLabelAnswers {
  taskCount: number;
  workerCount: number;
  labelCount: number;
  task: Int32Array;
  worker: Int32Array;
  labelStart: Int32Array;
  labelIndex: Int32Array;
  taskIds: string[];
  workerIds: string[];
  labels: string[];
}

/**
 * Encodes multi-label answers. Labels follow `labels` when given (others are rejected with
 * `invalid_input`), else `sortClasses` of all labels seen. A label repeated within one answer
 * counts once.
 */
export function encodeMultiLabelAnswers(
  rows: Iterable<MultiLabelAnswerRow>,
  labels?: readonly string[],
): EncodedMultiLabelAnswers {
  const list = [...rows];
  const labelList = labels ? [...labels] : sortClasses(list.flatMap((row) => row.labels));
  const labelIndexOf = new Map(labelList.map((label, index) => [label, index] as const));
  const taskIndex = new Map<string, number>();
  const workerIndex = new Map<string, number>();
  const taskIds: string[] = [];
  const workerIds: string[] = [];
  const task = new Int32Array(list.length);
  const worker = new Int32Array(list.length);
  const labelStart = new Int32Array(list.length + 1);
  const selected: number[] = [];
  list.forEach((row, i) => {
    let t = taskIndex.get(row.task);
    if (t === undefined) {
      t = taskIds.push(row.task) - 1;
      taskIndex.set(row.task, t);
    }
    let w = workerIndex.get(row.worker);
    if (w === undefined) {
      w = workerIds.push(row.worker) - 1;
      workerIndex.set(row.worker, w);
    }
    task[i] = t;
    worker[i] = w;
    const set = new Set<number>();
    for (const label of row.labels) {
      const index = labelIndexOf.get(label);
      if (index === undefined) throw invalidInput(`answer ${i + 1}: label "${label}" is not in the taxonomy`);
      set.add(index);
    }
    selected.push(...[...set].sort((a, b) => a - b));
    labelStart[i + 1] = selected.length;
  });
  return {
    taskCount: taskIds.length,
    workerCount: workerIds.length,
    labelCount: labelList.length,
    task,
    worker,
    labelStart,
    labelIndex: Int32Array.from(selected),
    taskIds,
    workerIds,
    labels: labelList,
  };
}

/** Options of `multiLabelInference`; the EM options go to every per-label fit. */
export interface MultiLabelOptions extends Omit<EmOptions, "gold"> {
  /** Per-label model: "onecoin" (one accuracy per worker and label, default) or "ds" (2×2 confusion). */
  method?: "onecoin" | "ds";
  /** A label is in a task's set when its posterior probability of being present is at least this. Default 0.5. */
  threshold?: number;
  /** Known label sets of some tasks: task index → selected label indices. Clamped in every per-label run. */
  gold?: ReadonlyMap<number, readonly number[]>;
}

/** Inferred label sets, per-label presence probabilities and the per-label fits. */
export interface MultiLabelResult {
  /** Per task, the inferred label set (label indices, ascending). */
  labelSets: number[][];
  /** taskCount × labelCount: posterior probability that each label applies to each task. */
  presence: Float64Array;
  /** The binary fit of each label (class 0 = absent, 1 = present), for worker diagnostics. */
  perLabel: (OneCoinResult | DawidSkeneResult)[];
}

/**
 * Multi-label inference by binary relevance: for each taxonomy label, every answer becomes a
 * binary vote (selected or not) and a one-coin or Dawid-Skene model infers whether the label
 * applies. Assumes labels are independent of each other given the task, and that a worker who
 * answered a task considered every label (not selecting = voting "absent"). Stopping rules are
 * the per-label model's. Returns each task's label set (presence ≥ `threshold`), the presence
 * probabilities (a per-label confidence) and the per-label fits.
 */
export function multiLabelInference(
  answers: EncodedMultiLabelAnswers,
  options: MultiLabelOptions = {},
): MultiLabelResult {
  const { method = "onecoin", threshold = 0.5, gold, ...em } = options;
  const L = answers.labelCount;
  const presence = new Float64Array(answers.taskCount * L);
  const perLabel: (OneCoinResult | DawidSkeneResult)[] = [];
  const votes = new Int32Array(answers.task.length);
  for (let label = 0; label < L; label++) {
    for (let i = 0; i < answers.task.length; i++) {
      let found = 0;
      for (let j = answers.labelStart[i]!; j < answers.labelStart[i + 1]!; j++) {
        if (answers.labelIndex[j] === label) {
          found = 1;
          break;
        }
      }
      votes[i] = found;
    }
    const binary: EncodedAnswers = {
      taskCount: answers.taskCount,
      workerCount: answers.workerCount,
      classCount: 2,
      task: answers.task,
      worker: answers.worker,
      label: votes,
      taskIds: answers.taskIds,
      workerIds: answers.workerIds,
      classes: ["absent", "present"],
    };
    const binaryGold = gold
      ? new Map([...gold].map(([t, set]) => [t, set.includes(label) ? 1 : 0] as const))
      : undefined;
    const fitOptions = binaryGold ? { ...em, gold: binaryGold } : em;
    const fit = method === "ds" ? dawidSkene(binary, fitOptions) : oneCoinDawidSkene(binary, fitOptions);
    perLabel.push(fit);
    for (let t = 0; t < answers.taskCount; t++) presence[t * L + label] = fit.posterior[t * 2 + 1]!;
  }
  const labelSets: number[][] = [];
  for (let t = 0; t < answers.taskCount; t++) {
    const set: number[] = [];
    for (let label = 0; label < L; label++) if (presence[t * L + label]! >= threshold) set.push(label);
    labelSets.push(set);
  }
  return { labelSets, presence, perLabel };
}
