import { type LabelSchema, type LabelValue, labelKey, schemaClasses } from "../label-schema.js";
import { type AgreementDimension, CALIBRATION_BINS, RollupSums } from "./rollup-cell.js";

/** A judgment as the roll-ups count it. */
export interface RollupJudgment {
  annotatorId: number;
  value: LabelValue;
  guidelineVersion: number;
  /** Null when the task is not gold. */
  goldCorrect: boolean | null;
}

/** What the roll-ups know of one task at one moment. */
export interface TaskQualityFacts {
  /** "" when the task has no language. */
  language: string;
  gold: LabelValue | null;
  aggregate: LabelValue | null;
  /** How the aggregate was reached ("online-ds", "majority", "dawid-skene", ...). */
  method: string | null;
  confidence: number | null;
  judgments: readonly RollupJudgment[];
}

/** Methods whose confidence on a gold task is clamped to the gold answer (the re-fits). */
const GOLD_CLAMPED_METHODS = new Set(["dawid-skene", "ordinal-ds"]);

/**
 * What one task adds to its project's roll-ups (see `RollupKind`). Agreement and pairs count only
 * answers that are one of the schema's classes (any answer set for multi-label, none for free
 * text). Calibration counts gold tasks whose confidence comes from the answers: a re-fit clamps
 * gold tasks to their gold answer, so its confidence there says nothing.
 */
export function taskRollup(schema: LabelSchema, task: TaskQualityFacts, into = new RollupSums()): RollupSums {
  const fixed = schemaClasses(schema);
  const multi = schema.type === "multi_label";
  const language = task.language;
  const gold = task.gold === null ? null : labelKey(task.gold);
  const aggregate = task.aggregate === null ? null : labelKey(task.aggregate);
  const labels = task.judgments.map((j) => labelKey(j.value));
  const classed = (label: string) => (fixed ? fixed.includes(label) : multi);

  task.judgments.forEach((j, i) => {
    const label = labels[i]!;
    into.add("annotator", [j.annotatorId, language], 1, j.goldCorrect === null ? 0 : 1, j.goldCorrect ? 1 : 0);
    if (aggregate !== null) into.add("aggregate", [j.annotatorId], 1, aggregate === label ? 1 : 0);
    for (const tick of labelsOf(schema, j.value)) into.add("label", [tick], 1);
    if (multi) into.add("answer", [label], 1);
    if (fixed?.includes(label)) {
      if (gold !== null && fixed.includes(gold)) into.add("confusion", ["gold", gold, label], 1);
      if (aggregate !== null && fixed.includes(aggregate)) into.add("confusion", ["aggregate", aggregate, label], 1);
    }
  });

  for (let i = 0; i < labels.length; i++) {
    if (!classed(labels[i]!)) continue;
    for (let j = i + 1; j < labels.length; j++) {
      if (!classed(labels[j]!)) continue;
      const a = task.judgments[i]!.annotatorId;
      const b = task.judgments[j]!.annotatorId;
      if (a === b) continue;
      if (a < b) into.add("pair", [a, b, labels[i]!, labels[j]!], 1);
      else into.add("pair", [b, a, labels[j]!, labels[i]!], 1);
    }
  }

  const inClasses = labels.filter(classed);
  addAgreement(into, "language", language || "any", inClasses);
  const byVersion = new Map<number, string[]>();
  task.judgments.forEach((j, i) => {
    if (!classed(labels[i]!)) return;
    byVersion.set(j.guidelineVersion, [...(byVersion.get(j.guidelineVersion) ?? []), labels[i]!]);
  });
  for (const [version, list] of byVersion) addAgreement(into, "version", `v${version}`, list);
  if (schema.type === "multi_label")
    for (const option of schema.options)
      addAgreement(
        into,
        "option",
        option.value,
        task.judgments.map((j) => (Array.isArray(j.value) && j.value.includes(option.value) ? "1" : "0")),
      );

  if (
    gold !== null &&
    fixed?.includes(gold) &&
    aggregate !== null &&
    task.confidence !== null &&
    !GOLD_CLAMPED_METHODS.has(task.method ?? "")
  ) {
    const bin = calibrationBin(task.confidence);
    into.add("calibration", [language, bin], 1, task.confidence, aggregate === gold ? 1 : 0);
  }
  return into;
}

/** The bin of a confidence in [0, 1] among `CALIBRATION_BINS` equal-width bins. */
export function calibrationBin(confidence: number): number {
  return Math.max(0, Math.min(CALIBRATION_BINS - 1, Math.floor(confidence * CALIBRATION_BINS)));
}

/** What a change of one task (from `before` to `after`) moves the roll-ups by. */
export function taskRollupDelta(schema: LabelSchema, before: TaskQualityFacts, after: TaskQualityFacts): RollupSums {
  const delta = taskRollup(schema, after);
  delta.merge(taskRollup(schema, before), -1);
  return delta;
}

/** One unit's share of the agreement statistics: sizes, pairwise agreement and coincidences. */
function addAgreement(into: RollupSums, dimension: AgreementDimension, group: string, labels: readonly string[]) {
  if (labels.length === 0) return;
  into.add("agreement", [dimension, group], labels.length, 1);
  const m = labels.length;
  if (m < 2) return;
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  let agreeing = 0;
  for (const n of counts.values()) agreeing += n * (n - 1);
  into.add("pairing", [dimension, group], 1, agreeing / (m * (m - 1)));
  for (const [c, nc] of counts)
    for (const [k, nk] of counts) {
      const pairs = nc * (nk - (c === k ? 1 : 0));
      if (pairs > 0) into.add("coincidence", [dimension, group, c, k], pairs / (m - 1));
    }
}

/** The labels a judgment counts under in the label distribution (as `labelDistribution`). */
function labelsOf(schema: LabelSchema, value: LabelValue): string[] {
  if (Array.isArray(value)) return value.length === 0 ? ["(none)"] : value.map(String);
  return schema.type === "free_text" ? [] : [String(value)];
}
