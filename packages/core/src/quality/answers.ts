import { invalidInput } from "../errors.js";

/** One crowd answer as read from a file or the database: all three fields are opaque strings. */
export interface AnswerRow {
  task: string;
  worker: string;
  label: string;
}

/**
 * Answers encoded once into dense integer indices, the input of every quality algorithm.
 * Answer `i` says that worker `worker[i]` gave class `label[i]` to task `task[i]`; the
 * `*Ids` and `classes` arrays map indices back to the original strings.
 * A (task, worker) pair may occur more than once; every algorithm counts each occurrence.
 */
export interface EncodedAnswers {
  taskCount: number;
  workerCount: number;
  classCount: number;
  task: Int32Array;
  worker: Int32Array;
  label: Int32Array;
  taskIds: string[];
  workerIds: string[];
  classes: string[];
}

/** Known answers of some tasks: task index → class index. */
export type GoldLabels = ReadonlyMap<number, number>;

function isNumeric(value: string): boolean {
  return value.trim() !== "" && Number.isFinite(Number(value));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The canonical order of class labels: numeric order when every label is a number ("2" before
 * "10"), otherwise code-unit string order. Duplicates are removed.
 */
export function sortClasses(labels: Iterable<string>): string[] {
  const unique = [...new Set(labels)];
  if (unique.length > 0 && unique.every(isNumeric)) {
    return unique.sort((a, b) => Number(a) - Number(b) || compareStrings(a, b));
  }
  return unique.sort(compareStrings);
}

/** True when every class label is a number, so interval and ordinal metrics make sense. */
export function classesAreNumeric(classes: readonly string[]): boolean {
  return classes.length > 0 && classes.every(isNumeric);
}

class IntBuffer {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Encodes answers into dense indices in one pass. Tasks and workers are numbered in order of
 * first appearance. Classes follow `classes` when given (a label outside it is rejected with
 * `invalid_input`), otherwise `sortClasses` of the labels seen.
 */
export function encodeAnswers(rows: Iterable<AnswerRow>, classes?: readonly string[]): EncodedAnswers {
  const taskIndex = new Map<string, number>();
  const workerIndex = new Map<string, number>();
  const classIndex = new Map<string, number>();
  const taskIds: string[] = [];
  const workerIds: string[] = [];
  const seenLabels: string[] = [];
  if (classes) {
    for (const label of classes) {
      if (classIndex.has(label)) throw invalidInput(`class "${label}" is listed twice`);
      classIndex.set(label, classIndex.size);
    }
  }
  const task = new IntBuffer();
  const worker = new IntBuffer();
  const label = new IntBuffer();
  let row = 0;
  for (const answer of rows) {
    let t = taskIndex.get(answer.task);
    if (t === undefined) {
      t = taskIds.length;
      taskIndex.set(answer.task, t);
      taskIds.push(answer.task);
    }
    let w = workerIndex.get(answer.worker);
    if (w === undefined) {
      w = workerIds.length;
      workerIndex.set(answer.worker, w);
      workerIds.push(answer.worker);
    }
    let c = classIndex.get(answer.label);
    if (c === undefined) {
      if (classes) throw invalidInput(`answer ${row + 1}: label "${answer.label}" is not one of the classes`);
      c = seenLabels.length;
      classIndex.set(answer.label, c);
      seenLabels.push(answer.label);
    }
    task.push(t);
    worker.push(w);
    label.push(c);
    row++;
  }
  const labels = label.toArray();
  let classList: string[];
  if (classes) {
    classList = [...classes];
  } else {
    // Labels were numbered in order of appearance; renumber them in canonical order.
    classList = sortClasses(seenLabels);
    const rank = new Int32Array(seenLabels.length);
    classList.forEach((name, index) => {
      rank[classIndex.get(name)!] = index;
    });
    for (let i = 0; i < labels.length; i++) labels[i] = rank[labels[i]!]!;
  }
  return {
    taskCount: taskIds.length,
    workerCount: workerIds.length,
    classCount: classList.length,
    task: task.toArray(),
    worker: worker.toArray(),
    label: labels,
    taskIds,
    workerIds,
    classes: classList,
  };
}

/** Gold answers matched to encoded tasks, and how many gold rows named a task with no answers. */
export interface EncodedGold {
  gold: Map<number, number>;
  unmatched: number;
}

/**
 * Maps gold rows (`task` id → `label`) onto the task and class indices of `answers`. Gold for a
 * task nobody answered is skipped and counted in `unmatched`; a gold label that is not one of
 * `answers.classes` is rejected with `invalid_input` (encode with the union of labels to avoid it).
 */
export function encodeGold(answers: EncodedAnswers, rows: Iterable<{ task: string; label: string }>): EncodedGold {
  const taskIndex = new Map<string, number>();
  answers.taskIds.forEach((id, index) => {
    taskIndex.set(id, index);
  });
  const classIndex = new Map<string, number>();
  answers.classes.forEach((name, index) => {
    classIndex.set(name, index);
  });
  const gold = new Map<number, number>();
  let unmatched = 0;
  for (const row of rows) {
    const c = classIndex.get(row.label);
    if (c === undefined)
      throw invalidInput(`gold label "${row.label}" of task "${row.task}" is not one of the classes`);
    const t = taskIndex.get(row.task);
    if (t === undefined) unmatched++;
    else gold.set(t, c);
  }
  return { gold, unmatched };
}

/**
 * The answers of each task, for algorithms that walk task by task: the answer indices of task
 * `t` are `order[start[t]]` … `order[start[t + 1] - 1]`, in input order. O(answers + tasks).
 */
export interface AnswersByTask {
  start: Int32Array;
  order: Int32Array;
}

/** Groups answer indices by task with a counting sort (stable: input order within a task). */
export function groupAnswersByTask(answers: EncodedAnswers): AnswersByTask {
  const start = new Int32Array(answers.taskCount + 1);
  for (let i = 0; i < answers.task.length; i++) start[answers.task[i]! + 1]!++;
  for (let t = 0; t < answers.taskCount; t++) start[t + 1] = start[t + 1]! + start[t]!;
  const next = start.slice(0, answers.taskCount);
  const order = new Int32Array(answers.task.length);
  for (let i = 0; i < answers.task.length; i++) order[next[answers.task[i]!]!++] = i;
  return { start, order };
}

/**
 * Checks the invariants every algorithm relies on (array lengths agree, indices in range) and
 * throws `invalid_input` naming the first broken one. Cheap: O(answers).
 */
export function assertEncodedAnswers(answers: EncodedAnswers): void {
  const n = answers.task.length;
  if (answers.worker.length !== n || answers.label.length !== n) {
    throw invalidInput("encoded answers: task, worker and label arrays differ in length");
  }
  if (answers.classCount < 1) throw invalidInput("encoded answers: at least one class is needed");
  for (let i = 0; i < n; i++) {
    const t = answers.task[i]!;
    const w = answers.worker[i]!;
    const c = answers.label[i]!;
    if (t < 0 || t >= answers.taskCount || w < 0 || w >= answers.workerCount || c < 0 || c >= answers.classCount) {
      throw invalidInput(`encoded answers: answer ${i} has an index out of range`);
    }
  }
}
