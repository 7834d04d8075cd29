import { type LabelSchema, type LabelValue, labelKey, schemaClasses } from "../label-schema.js";
import { priorConfusion } from "../policy/index.js";
import { dawidSkene, type EncodedAnswers, encodeAnswers, ordinalDawidSkene } from "../quality/index.js";
import { classValue } from "./class-value.js";

/** A judgment as the re-fit reads it, with its task's gold answer and current aggregate. */
export interface RefitAnswer {
  taskId: number;
  annotatorId: number;
  value: LabelValue;
  gold: LabelValue | null;
  aggregate: { value: LabelValue; method?: string } | null;
}

export interface RefitSummary {
  tasks: number;
  judgments: number;
  iterations: number;
  method: "none" | "dawid-skene" | "ordinal-ds";
}

/** A re-fitted task: its label, the label's probability and the log-posterior the online updates continue from. */
export interface RefitTask {
  taskId: number;
  aggregate: { value: LabelValue; method: "dawid-skene" };
  confidence: number;
  logPosterior: number[];
}

export interface RefitFit {
  summary: RefitSummary;
  /** Tasks to overwrite (reviewed tasks are left out: a reviewer's answer stands), generated lazily. */
  tasks(): Generator<RefitTask>;
  /** Each annotator's expected confusion counts: a fresh prior plus what the fit credits them with. */
  annotators(): Generator<{ annotatorId: number; confusion: number[] }>;
  /** The workers' average confusion, rows normalised, 4 pseudo-answers a row: where newcomers start. */
  crowdPrior: number[];
}

/** What a re-fit reports when there was nothing to fit. */
export const NO_REFIT: Readonly<RefitSummary> = { tasks: 0, judgments: 0, iterations: 0, method: "none" };

/**
 * A full re-fit of truth inference over a project, fed its judgments one at a time (so the
 * caller can read them a page at a time): Dawid-Skene (order-aware for ratings) with gold tasks
 * and reviewers' corrections clamped to their answers. `fit` returns undefined when there is
 * nothing to fit (no judgment in a class). Undefined for a schema without fixed classes, which
 * has nothing to re-fit (so its judgments need not be read).
 */
export function startRefit(
  schema: LabelSchema,
): { add(answer: RefitAnswer): void; fit(): RefitFit | undefined } | undefined {
  const classes = schemaClasses(schema);
  if (!classes) return undefined;
  const rows: { task: string; worker: string; label: string }[] = [];
  const known = new Map<string, string>();
  const reviewed = new Set<string>();
  return {
    add(answer) {
      const label = labelKey(answer.value);
      if (!classes.includes(label)) return;
      const task = String(answer.taskId);
      rows.push({ task, worker: String(answer.annotatorId), label });
      // Gold answers and reviewers' corrections are known truths: clamped, never overwritten.
      if (answer.gold !== null) known.set(task, labelKey(answer.gold));
      else if (answer.aggregate?.method === "review") {
        known.set(task, labelKey(answer.aggregate.value));
        reviewed.add(task);
      }
    },
    fit() {
      if (rows.length === 0) return undefined;
      return fitAnswers(
        schema,
        classes,
        { answers: encodeAnswers(rows, classes), judgments: rows.length },
        known,
        reviewed,
      );
    },
  };
}

function fitAnswers(
  schema: LabelSchema,
  classes: string[],
  { answers, judgments }: { answers: EncodedAnswers; judgments: number },
  known: Map<string, string>,
  reviewed: Set<string>,
): RefitFit {
  const gold = new Map<number, number>();
  answers.taskIds.forEach((id, t) => {
    const truth = known.get(id);
    const k = truth === undefined ? -1 : classes.indexOf(truth);
    if (k >= 0) gold.set(t, k);
  });
  const ordinal = schema.type === "rating";
  const fit = ordinal ? ordinalDawidSkene(answers, { gold }) : dawidSkene(answers, { gold });
  const K = classes.length;
  const counts = expectedCounts(answers, fit.posterior, K);
  const prior = priorConfusion(K);
  return {
    summary: {
      tasks: answers.taskCount,
      judgments,
      iterations: fit.iterations,
      method: ordinal ? "ordinal-ds" : "dawid-skene",
    },
    *tasks() {
      for (let t = 0; t < answers.taskCount; t++) {
        if (reviewed.has(answers.taskIds[t]!)) continue;
        yield {
          taskId: Number(answers.taskIds[t]),
          aggregate: { value: classValue(schema, classes[fit.label[t]!]!), method: "dawid-skene" },
          confidence: fit.confidence[t]!,
          logPosterior: Array.from(fit.posterior.subarray(t * K, t * K + K), (p) => Math.log(Math.max(p, 1e-12))),
        };
      }
    },
    *annotators() {
      for (let w = 0; w < answers.workerCount; w++)
        yield {
          annotatorId: Number(answers.workerIds[w]),
          confusion: Array.from(
            counts.subarray(w * K * K, (w + 1) * K * K),
            (c, index) => Math.round((c + prior[index]!) * 1e6) / 1e6,
          ),
        };
    },
    crowdPrior: pooledPrior(counts, prior, answers.workerCount, K),
  };
}

/** Per annotator, the posterior mass of each true class behind each of their answers. */
function expectedCounts(answers: EncodedAnswers, posterior: Float64Array, K: number): Float64Array {
  const counts = new Float64Array(answers.workerCount * K * K);
  for (let i = 0; i < answers.task.length; i++) {
    const t = answers.task[i]!;
    const w = answers.worker[i]!;
    const l = answers.label[i]!;
    for (let k = 0; k < K; k++) counts[(w * K + k) * K + l]! += posterior[t * K + k]!;
  }
  return counts;
}

/**
 * The workers' average confusion matrix, rows normalised, scaled to `strength` pseudo-answers a
 * row: newcomers start from the crowd's average rather than a fixed 70% guess, so two agreeing
 * unknown annotators convince only as much as the crowd would.
 */
function pooledPrior(counts: Float64Array, prior: number[], workers: number, K: number, strength = 4): number[] {
  const pooled = new Array<number>(K * K).fill(0);
  for (let w = 0; w < workers; w++)
    for (let k = 0; k < K; k++) {
      let rowTotal = 0;
      for (let l = 0; l < K; l++) rowTotal += counts[(w * K + k) * K + l]! + prior[k * K + l]!;
      for (let l = 0; l < K; l++)
        pooled[k * K + l]! += (counts[(w * K + k) * K + l]! + prior[k * K + l]!) / rowTotal / workers;
    }
  return pooled.map((p) => Math.round(p * strength * 1e6) / 1e6);
}
