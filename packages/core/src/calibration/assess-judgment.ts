import { majorityVote } from "../aggregate/majority-vote.js";
import { type LabelSchema, type LabelValue, labelKey, schemaClasses } from "../label-schema.js";
import { countsSince, evaluateAnnotator, type RuleCounts, type RuleOutcome } from "../policy/annotator-rules.js";
import { rulesCheckedAfter } from "../policy/gold-feedback.js";
import { applyJudgment, inferredAccuracy, priorConfusion } from "../policy/posterior-update.js";
import type { GoldFeedbackPolicy, QualityRules } from "../policy/quality-policy.js";
import type { AnnotatorStatus } from "../project.js";
import { classValue } from "./class-value.js";

/** An annotator's record in a project: what they answered and the status rules or managers set. */
export interface AnnotatorQualityRecord {
  judgments: number;
  goldAnswered: number;
  goldCorrect: number;
  /** Judgments faster than the project's minimum plausible time. */
  fastAnswers: number;
  status: string;
  statusReason: string | null;
  /** The counts when an automatic action was last reversed: the rules read only what came after (`countsSince`). */
  ruleBase?: RuleCounts;
}

/** The record with the annotator's confusion counts, as online inference reads and updates it. */
export interface AnnotatorStanding extends AnnotatorQualityRecord {
  /** K×K Dirichlet counts (row: true class, column: answer); null before a classed answer. */
  confusion: number[] | null;
}

/** What is believed about a task after a judgment. */
export interface TaskLabelBelief {
  aggregate: { value: LabelValue; method: string; agreement: number };
  confidence: number;
  /** Log-posterior scores per class; null for schemas without fixed classes. */
  logPosterior: number[] | null;
}

export interface JudgmentAssessment {
  task: TaskLabelBelief;
  annotator: AnnotatorStanding;
  /** The automatic action the project's rules took on the annotator, if any (to be logged). */
  action?: RuleOutcome;
}

export interface JudgmentInput {
  schema: LabelSchema;
  rules: QualityRules;
  /** The project's gold feedback: whether the rules are checked after every judgment or at checkpoints (`rulesCheckedAfter`). */
  goldFeedback: GoldFeedbackPolicy;
  /** Every answer the task has, this one included. */
  taskAnswers: readonly LabelValue[];
  taskLogPosterior: readonly number[] | null;
  gold: LabelValue | null;
  value: LabelValue;
  activeMs: number;
  annotator: AnnotatorStanding;
  /** The crowd prior of the last re-fit, where a newcomer's confusion counts start (if any). */
  crowdPrior: readonly number[] | null;
}

const STATUS_OF_ACTION: Record<RuleOutcome["action"], AnnotatorStatus> = {
  pause: "paused",
  retrain: "retrain",
  flag: "flagged",
};

/**
 * What one judgment changes. The task: for schemas with fixed classes, online Dawid-Skene on the
 * annotator's confusion counts (gold tasks credit the annotator exactly); otherwise the majority
 * vote. The annotator: gold and speed records, confusion counts (credited only when the task's
 * posterior before the answer was informative, or the task is gold), then the project's automatic
 * rules, which act only on an annotator whose status is ok, after every judgment or at their
 * checkpoints (`rulesCheckedAfter`). O(classes²) plus the task's answers.
 */
export function assessJudgment(input: JudgmentInput): JudgmentAssessment {
  const { annotator, schema } = input;
  const majority = majorityVote(input.taskAnswers)!;
  let task: TaskLabelBelief = {
    aggregate: { value: majority.value, method: "majority", agreement: majority.agreement },
    confidence: majority.agreement,
    logPosterior: null,
  };
  let confusion = annotator.confusion;
  let inferred: { accuracy: number; answers: number; classCount: number } | undefined;

  const classes = schemaClasses(schema);
  const goldKey = input.gold === null ? undefined : labelKey(input.gold);
  const labelIndex = classes?.indexOf(labelKey(input.value)) ?? -1;
  if (classes && labelIndex >= 0) {
    const K = classes.length;
    const known = goldKey === undefined ? -1 : classes.indexOf(goldKey);
    const update = applyJudgment({
      taskLogPosterior: input.taskLogPosterior ?? new Array(K).fill(Math.log(1 / K)),
      workerCounts: annotator.confusion ?? newcomerCounts(input.crowdPrior, K),
      label: labelIndex,
      known: known >= 0 ? known : undefined,
    });
    // The first answer on a task is credited with a uniform posterior: 1/K on the diagonal
    // whatever was answered. Such credit says nothing about the annotator, yet it pulled their
    // counts toward chance, so people who often answer first (alone on an early shift) looked
    // random. It is left out; the answer still counts toward the task.
    const informative = known >= 0 || !isUniform(input.taskLogPosterior);
    const counts = informative ? update.workerCounts : (annotator.confusion ?? newcomerCounts(input.crowdPrior, K));
    confusion = counts.map((c) => Math.round(c * 1e6) / 1e6);
    // Against the fixed prior even when the crowd prior was the start: both are 4 answers a row.
    inferred = { ...inferredAccuracy(counts, priorConfusion(K)), classCount: K };
    task = {
      aggregate: {
        value: classValue(schema, classes[update.label]!),
        method: "online-ds",
        agreement: majority.agreement,
      },
      confidence: update.confidence,
      logPosterior: update.taskLogPosterior,
    };
  }

  const isGold = goldKey !== undefined;
  const fast = input.rules.minActiveMs > 0 && input.activeMs < input.rules.minActiveMs;
  const counters = {
    judgments: annotator.judgments + 1,
    goldAnswered: annotator.goldAnswered + (isGold ? 1 : 0),
    goldCorrect: annotator.goldCorrect + (isGold && goldKey === labelKey(input.value) ? 1 : 0),
    fastAnswers: annotator.fastAnswers + (fast ? 1 : 0),
  };
  const action =
    annotator.status === "ok" && rulesCheckedAfter(counters.judgments, input.goldFeedback)
      ? evaluateAnnotator(
          { ...countsSince(counters, annotator.ruleBase), ...(inferred ? { inferred } : {}) },
          input.rules,
        )
      : undefined;
  const next: AnnotatorStanding = {
    ...counters,
    ...(annotator.ruleBase ? { ruleBase: annotator.ruleBase } : {}),
    confusion,
    status: action ? STATUS_OF_ACTION[action.action] : annotator.status,
    statusReason: action ? action.reason : annotator.statusReason,
  };
  return action ? { task, annotator: next, action } : { task, annotator: next };
}

/** Whether a task's log-posterior says nothing yet (absent, or the same score for every class). */
function isUniform(logPosterior: readonly number[] | null): boolean {
  if (logPosterior === null) return true;
  const first = logPosterior[0] ?? 0;
  return logPosterior.every((score) => Math.abs(score - first) < 1e-9);
}

/** A newcomer's confusion counts: the crowd prior of the last re-fit when it fits K classes, or a fixed 70% guess. */
export function newcomerCounts(crowdPrior: readonly number[] | null, K: number): number[] {
  return crowdPrior && crowdPrior.length === K * K ? [...crowdPrior] : priorConfusion(K);
}
