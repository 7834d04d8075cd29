import { type LabelSchema, type LabelValue, labelKey, schemaClasses } from "../label-schema.js";
import { type AgreementDimension, CALIBRATION_BINS, RollupSums, rollupKey } from "./rollup-cell.js";

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

/** What of a schema the roll-ups use, worked out once per schema object. */
interface SchemaView {
  /** The fixed classes; undefined for multi-label (any answer set counts) and free text (none). */
  fixed: Set<string> | undefined;
  multi: boolean;
  freeText: boolean;
  options: string[];
}

const views = new WeakMap<LabelSchema, SchemaView>();
function viewOf(schema: LabelSchema): SchemaView {
  let view = views.get(schema);
  if (!view) {
    const fixed = schemaClasses(schema);
    view = {
      fixed: fixed ? new Set(fixed) : undefined,
      multi: schema.type === "multi_label",
      freeText: schema.type === "free_text",
      options: schema.type === "multi_label" ? schema.options.map((o) => o.value) : [],
    };
    views.set(schema, view);
  }
  return view;
}

/** Whether a label counts for agreement and pairs. */
function classed(view: SchemaView, label: string): boolean {
  return view.fixed ? view.fixed.has(label) : view.multi;
}

const keyOrNull = (value: LabelValue | null) => (value === null ? null : labelKey(value));

/**
 * What one task adds to its project's roll-ups (see `RollupKind`). Agreement and pairs count only
 * answers that are one of the schema's classes (any answer set for multi-label, none for free
 * text). Calibration counts gold tasks whose confidence comes from the answers: a re-fit clamps
 * gold tasks to their gold answer, so its confidence there says nothing.
 */
export function taskRollup(schema: LabelSchema, task: TaskQualityFacts, into = new RollupSums()): RollupSums {
  const view = viewOf(schema);
  const gold = keyOrNull(task.gold);
  const aggregate = keyOrNull(task.aggregate);
  const labels = task.judgments.map((j) => labelKey(j.value));
  task.judgments.forEach((j, i) => {
    ownCells(into, 1, view, task.language, gold, j, labels[i]!);
    aggregateCells(into, 1, view, task.language, aggregate, j, labels[i]!);
    for (let k = 0; k < i; k++) pairCells(into, view, task.judgments[k]!, labels[k]!, j, labels[i]!);
  });
  const language = task.language || "any";
  unitCells(into, 1, "language", language, view, labels);
  const versions = new Set(task.judgments.map((j) => j.guidelineVersion));
  for (const version of versions)
    unitCells(
      into,
      1,
      "version",
      `v${version}`,
      view,
      labels.filter((_, i) => task.judgments[i]!.guidelineVersion === version),
    );
  for (const option of view.options) unitCells(into, 1, "option", option, view, ticks(task.judgments, option), true);
  calibrationCells(into, 1, view, task.language, gold, aggregate, task.method, task.confidence);
  return into;
}

/** What a change of one task (from `before` to `after`) moves the roll-ups by. */
export function taskRollupDelta(schema: LabelSchema, before: TaskQualityFacts, after: TaskQualityFacts): RollupSums {
  const delta = taskRollup(schema, after);
  delta.merge(taskRollup(schema, before), -1);
  return delta;
}

/**
 * What one new judgment moves the roll-ups by: the same as `taskRollupDelta` from the task
 * without it to the task with it (and its new label), worked out from what changed only, since
 * it runs in every judgment's transaction.
 */
export function judgmentRollupDelta(
  schema: LabelSchema,
  before: TaskQualityFacts,
  after: Pick<TaskQualityFacts, "aggregate" | "method" | "confidence">,
  added: RollupJudgment,
): RollupSums {
  const view = viewOf(schema);
  const into = new RollupSums();
  const gold = keyOrNull(before.gold);
  const oldAggregate = keyOrNull(before.aggregate);
  const newAggregate = keyOrNull(after.aggregate);
  const labels = before.judgments.map((j) => labelKey(j.value));
  const label = labelKey(added.value);
  ownCells(into, 1, view, before.language, gold, added, label);
  aggregateCells(into, 1, view, before.language, newAggregate, added, label);
  if (oldAggregate !== newAggregate)
    before.judgments.forEach((j, i) => {
      aggregateCells(into, -1, view, before.language, oldAggregate, j, labels[i]!);
      aggregateCells(into, 1, view, before.language, newAggregate, j, labels[i]!);
    });
  for (const [i, j] of before.judgments.entries()) pairCells(into, view, j, labels[i]!, added, label);
  if (classed(view, label)) {
    const language = before.language || "any";
    unitCells(into, -1, "language", language, view, labels);
    unitCells(into, 1, "language", language, view, [...labels, label]);
    const sameVersion = labels.filter((_, i) => before.judgments[i]!.guidelineVersion === added.guidelineVersion);
    unitCells(into, -1, "version", `v${added.guidelineVersion}`, view, sameVersion);
    unitCells(into, 1, "version", `v${added.guidelineVersion}`, view, [...sameVersion, label]);
  }
  for (const option of view.options) {
    const previous = ticks(before.judgments, option);
    unitCells(into, -1, "option", option, view, previous, true);
    unitCells(into, 1, "option", option, view, [...previous, ticked(added, option)], true);
  }
  calibrationCells(into, -1, view, before.language, gold, oldAggregate, before.method, before.confidence);
  calibrationCells(into, 1, view, before.language, gold, newAggregate, after.method, after.confidence);
  return into;
}

/** The bin of a confidence in [0, 1] among `CALIBRATION_BINS` equal-width bins. */
export function calibrationBin(confidence: number): number {
  return Math.max(0, Math.min(CALIBRATION_BINS - 1, Math.floor(confidence * CALIBRATION_BINS)));
}

/** A judgment's cells that do not depend on the task's aggregate or its other judgments. */
function ownCells(
  into: RollupSums,
  sign: number,
  view: SchemaView,
  language: string,
  gold: string | null,
  j: RollupJudgment,
  label: string,
) {
  const answered = j.goldCorrect === null ? 0 : sign;
  into.addAt("annotator", rollupKey(j.annotatorId, language), sign, answered, j.goldCorrect ? sign : 0);
  if (Array.isArray(j.value)) {
    if (j.value.length === 0) into.addAt("label", '["(none)"]', sign);
    else for (const tick of j.value) into.addAt("label", rollupKey(String(tick)), sign);
  } else if (!view.freeText) into.addAt("label", rollupKey(String(j.value)), sign);
  if (view.multi) into.addAt("answer", rollupKey(label), sign);
  if (gold !== null && view.fixed?.has(label) && view.fixed.has(gold))
    into.addAt("confusion", rollupKey("gold", gold, label), sign);
}

/** A judgment's cells that depend on the task's aggregate. */
function aggregateCells(
  into: RollupSums,
  sign: number,
  view: SchemaView,
  language: string,
  aggregate: string | null,
  j: RollupJudgment,
  label: string,
) {
  if (aggregate === null) return;
  into.addAt("annotator", rollupKey(j.annotatorId, language), 0, 0, 0, sign, aggregate === label ? sign : 0);
  if (view.fixed?.has(label) && view.fixed.has(aggregate))
    into.addAt("confusion", rollupKey("aggregate", aggregate, label), sign);
}

/** The contingency cell of two judgments of one task by different annotators (lower id first). */
function pairCells(into: RollupSums, view: SchemaView, x: RollupJudgment, lx: string, y: RollupJudgment, ly: string) {
  if (x.annotatorId === y.annotatorId || !classed(view, lx) || !classed(view, ly)) return;
  if (x.annotatorId < y.annotatorId) into.addAt("pair", rollupKey(x.annotatorId, y.annotatorId, lx, ly), 1);
  else into.addAt("pair", rollupKey(y.annotatorId, x.annotatorId, ly, lx), 1);
}

/**
 * One unit's share of a group's agreement statistics (its classed labels; for options, all):
 * sizes, pairwise agreement and Krippendorff coincidences.
 */
function unitCells(
  into: RollupSums,
  sign: number,
  dimension: AgreementDimension,
  group: string,
  view: SchemaView,
  unitLabels: readonly string[],
  binary = false,
) {
  const labels = binary ? unitLabels : unitLabels.filter((l) => classed(view, l));
  const m = labels.length;
  if (m === 0) return;
  const groupKey = rollupKey(dimension, group);
  if (m < 2) {
    into.addAt("agreement", groupKey, sign * m, sign);
    return;
  }
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  let agreeing = 0;
  for (const n of counts.values()) agreeing += n * (n - 1);
  into.addAt("agreement", groupKey, sign * m, sign, sign, (sign * agreeing) / (m * (m - 1)));
  for (const [c, nc] of counts)
    for (const [k, nk] of counts) {
      const pairs = nc * (nk - (c === k ? 1 : 0));
      if (pairs > 0) into.addAt("coincidence", rollupKey(dimension, group, c, k), (sign * pairs) / (m - 1));
    }
}

/** A gold task's place in the calibration bins of its language. */
function calibrationCells(
  into: RollupSums,
  sign: number,
  view: SchemaView,
  language: string,
  gold: string | null,
  aggregate: string | null,
  method: string | null,
  confidence: number | null,
) {
  if (gold === null || !view.fixed?.has(gold) || aggregate === null || confidence === null) return;
  if (GOLD_CLAMPED_METHODS.has(method ?? "")) return;
  into.addAt(
    "calibration",
    rollupKey(language, calibrationBin(confidence)),
    sign,
    sign * confidence,
    aggregate === gold ? sign : 0,
  );
}

function ticked(j: RollupJudgment, option: string): string {
  return Array.isArray(j.value) && j.value.includes(option) ? "1" : "0";
}

function ticks(judgments: readonly RollupJudgment[], option: string): string[] {
  return judgments.map((j) => ticked(j, option));
}
