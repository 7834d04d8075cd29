import type { LabelSchema } from "../label-schema.js";
import { alphaFromCoincidence, kappaFromMatrix } from "../quality/index.js";
import type { AgreementReport, AgreementRow } from "../quality-report/agreement-report.js";
import { type IntervalEstimate, intervalEstimate } from "../quality-report/interval-estimate.js";
import { type AgreementDimension, CALIBRATION_BINS, type RollupCell, type RollupValues } from "./rollup-cell.js";

/** A project's roll-up cells sorted by kind, with their keys parsed. */
export type RollupTable = Map<string, { parts: (string | number)[]; values: RollupValues }[]>;

export function rollupTable(cells: readonly RollupCell[]): RollupTable {
  const table: RollupTable = new Map();
  for (const cell of cells) {
    if (!cell.values.some((v) => Math.abs(v) > 1e-9)) continue;
    const list = table.get(cell.kind) ?? [];
    list.push({ parts: JSON.parse(cell.key) as (string | number)[], values: cell.values });
    table.set(cell.kind, list);
  }
  return table;
}

function rowsOf(table: RollupTable, kind: RollupCell["kind"]) {
  return table.get(kind) ?? [];
}

/** Four decimals, or null for an undefined metric. */
function rounded(x: number): number | null {
  return Number.isFinite(x) ? Math.round(x * 10_000) / 10_000 : null;
}

/** The multi-label classes: the answer sets seen, sorted. */
export function answerSetsSeen(table: RollupTable): string[] {
  return rowsOf(table, "answer")
    .map((row) => String(row.parts[0]))
    .sort();
}

/** Agreement by language (overall: their sum), guideline version and option, over every judgment. */
export function agreementFromRollups(
  schema: LabelSchema,
  table: RollupTable,
  classes: readonly string[],
): AgreementReport {
  const ordinal = schema.type === "rating";
  const values = ordinal ? Float64Array.from(classes.map(Number)) : undefined;
  const rowOf = (
    dimension: AgreementDimension | "all",
    group: string,
    kindClasses: readonly string[],
  ): AgreementRow => {
    const match = (parts: (string | number)[]) => dimension === "all" || (parts[0] === dimension && parts[1] === group);
    const fromDimension = dimension === "all" ? "language" : dimension;
    const K = kindClasses.length;
    let judgments = 0;
    let tasks = 0;
    let items = 0;
    let agreementSum = 0;
    for (const row of rowsOf(table, "agreement"))
      if (row.parts[0] === fromDimension && match(row.parts)) {
        judgments += row.values[0];
        tasks += row.values[1];
        items += row.values[2];
        agreementSum += row.values[3];
      }
    const coincidence = new Float64Array(K * K);
    for (const row of rowsOf(table, "coincidence")) {
      if (row.parts[0] !== fromDimension || !match(row.parts)) continue;
      const c = kindClasses.indexOf(String(row.parts[2]));
      const k = kindClasses.indexOf(String(row.parts[3]));
      if (c >= 0 && k >= 0) coincidence[c * K + k] = coincidence[c * K + k]! + row.values[0];
    }
    return {
      group,
      judgments: Math.round(judgments),
      tasks: Math.round(tasks),
      percentAgreement: rounded(items > 0 ? agreementSum / items : Number.NaN),
      fleissKappa: rounded(fleissFromCoincidence(coincidence, K, items, agreementSum)),
      alpha: rounded(alphaFromCoincidence(coincidence, K, ordinal ? "ordinal" : "nominal", values)),
    };
  };
  const groups = (dimension: AgreementDimension) =>
    [
      ...new Set(
        rowsOf(table, "agreement")
          .filter((r) => r.parts[0] === dimension)
          .map((r) => String(r.parts[1])),
      ),
    ].sort((a, b) => a.localeCompare(b));
  const anyAnswers = rowsOf(table, "agreement").some((r) => r.parts[0] === "language");
  return {
    overall: classes.length > 0 && anyAnswers ? rowOf("all", "all", classes) : null,
    byLanguage: classes.length > 0 ? groups("language").map((g) => rowOf("language", g, classes)) : [],
    byGuidelineVersion: classes.length > 0 ? groups("version").map((g) => rowOf("version", g, classes)) : [],
    byLabel:
      schema.type === "multi_label" ? schema.options.map((option) => rowOf("option", option.value, ["0", "1"])) : [],
  };
}

/** Fleiss' kappa as `fleissKappa` computes it: class shares are the coincidence marginals. */
function fleissFromCoincidence(coincidence: Float64Array, K: number, items: number, agreementSum: number): number {
  if (items === 0) return Number.NaN;
  const totals = new Float64Array(K);
  let total = 0;
  for (let c = 0; c < K; c++)
    for (let k = 0; k < K; k++) {
      totals[c] = totals[c]! + coincidence[c * K + k]!;
      total += coincidence[c * K + k]!;
    }
  if (total === 0) return Number.NaN;
  let expected = 0;
  for (let c = 0; c < K; c++) expected += (totals[c]! / total) ** 2;
  const observed = agreementSum / items;
  return expected >= 1 - 1e-12 ? Number.NaN : (observed - expected) / (1 - expected);
}

/** The confusion matrix against gold when any gold was answered, else against the aggregate. */
export function confusionFromRollups(
  table: RollupTable,
  classes: readonly string[],
): { against: "gold" | "aggregate"; matrix: number[][] } {
  const rows = rowsOf(table, "confusion");
  const against = rows.some((r) => r.parts[0] === "gold") ? "gold" : "aggregate";
  const matrix = classes.map(() => classes.map(() => 0));
  for (const row of rows) {
    if (row.parts[0] !== against) continue;
    const i = classes.indexOf(String(row.parts[1]));
    const j = classes.indexOf(String(row.parts[2]));
    if (i >= 0 && j >= 0) matrix[i]![j]! += Math.round(row.values[0]);
  }
  return { against, matrix };
}

/** Judgments per label, in class (or option) order where there is one, otherwise most frequent first. */
export function labelDistributionFromRollups(
  schema: LabelSchema,
  table: RollupTable,
  classes: readonly string[],
): { label: string; judgments: number }[] {
  const order = classes.length > 0 ? classes : schema.type === "multi_label" ? schema.options.map((o) => o.value) : [];
  return rowsOf(table, "label")
    .map((row) => ({ label: String(row.parts[0]), judgments: Math.round(row.values[0]) }))
    .sort((a, b) =>
      order.includes(a.label) && order.includes(b.label)
        ? order.indexOf(a.label) - order.indexOf(b.label)
        : b.judgments - a.judgments,
    );
}

/** Each annotator's answers on tasks with an aggregate, and how many equal it. */
export function aggregateAgreementFromRollups(table: RollupTable): Map<number, IntervalEstimate> {
  const sums = new Map<number, { answers: number; agreeing: number }>();
  for (const row of rowsOf(table, "annotator")) {
    const id = Number(row.parts[0]);
    const sum = sums.get(id) ?? { answers: 0, agreeing: 0 };
    sum.answers += row.values[3];
    sum.agreeing += row.values[4];
    sums.set(id, sum);
  }
  const result = new Map<number, IntervalEstimate>();
  for (const [id, sum] of sums)
    if (sum.answers > 0) result.set(id, intervalEstimate(Math.round(sum.agreeing), Math.round(sum.answers)));
  return result;
}

/** All judgments counted by the roll-ups. */
export function judgmentsInRollups(table: RollupTable): number {
  let total = 0;
  for (const row of rowsOf(table, "annotator")) total += row.values[0];
  return Math.round(total);
}

/** One bin of the reliability diagram. */
export interface ReliabilityBin {
  /** The bin covers confidences from `low` (included) to `high`. */
  low: number;
  high: number;
  tasks: number;
  /** Null for an empty bin. */
  meanConfidence: number | null;
  /** Share of the bin's gold tasks whose aggregate is the gold answer, with its Wilson interval. */
  accuracy: IntervalEstimate;
}

/** Calibration of task confidences on gold: the reliability diagram and its expected calibration error. */
export interface CalibrationSummary {
  tasks: number;
  /** Σ over bins of |correct - Σ confidence| / tasks; null without gold tasks. */
  ece: number | null;
  bins: ReliabilityBin[];
}

export function calibrationSummary(
  counts: readonly { tasks: number; confidence: number; correct: number }[],
): CalibrationSummary {
  let tasks = 0;
  let gap = 0;
  const bins = counts.map((bin, b) => {
    tasks += bin.tasks;
    gap += Math.abs(bin.correct - bin.confidence);
    return {
      low: b / CALIBRATION_BINS,
      high: (b + 1) / CALIBRATION_BINS,
      tasks: Math.round(bin.tasks),
      meanConfidence: bin.tasks > 0 ? rounded(bin.confidence / bin.tasks) : null,
      accuracy: intervalEstimate(Math.round(bin.correct), Math.round(bin.tasks)),
    };
  });
  return { tasks: Math.round(tasks), ece: tasks > 0 ? rounded(gap / tasks) : null, bins };
}

function emptyBins() {
  return Array.from({ length: CALIBRATION_BINS }, () => ({ tasks: 0, confidence: 0, correct: 0 }));
}

/** The project's calibration over all languages. */
export function reliabilityFromRollups(table: RollupTable): CalibrationSummary {
  const bins = emptyBins();
  for (const row of rowsOf(table, "calibration")) {
    const bin = bins[Number(row.parts[1])];
    if (!bin) continue;
    bin.tasks += row.values[0];
    bin.confidence += row.values[1];
    bin.correct += row.values[2];
  }
  return calibrationSummary(bins);
}

/** A language is flagged miscalibrated when its ECE is above this with enough gold tasks. */
export const MISCALIBRATED_ECE = 0.1;
export const MIN_CALIBRATION_TASKS = 20;

/** Gold accuracy and calibration of one task language ("" for none). */
export interface LanguageQualityRow {
  language: string;
  judgments: number;
  goldAccuracy: IntervalEstimate;
  calibration: CalibrationSummary;
  /** ECE above `MISCALIBRATED_ECE` over at least `MIN_CALIBRATION_TASKS` gold tasks. */
  miscalibrated: boolean;
}

export function languagesFromRollups(table: RollupTable): LanguageQualityRow[] {
  const languages = new Map<
    string,
    { judgments: number; answered: number; correct: number; bins: ReturnType<typeof emptyBins> }
  >();
  const entry = (language: string) => {
    let e = languages.get(language);
    if (!e) {
      e = { judgments: 0, answered: 0, correct: 0, bins: emptyBins() };
      languages.set(language, e);
    }
    return e;
  };
  for (const row of rowsOf(table, "annotator")) {
    const e = entry(String(row.parts[1]));
    e.judgments += row.values[0];
    e.answered += row.values[1];
    e.correct += row.values[2];
  }
  for (const row of rowsOf(table, "calibration")) {
    const bin = entry(String(row.parts[0])).bins[Number(row.parts[1])];
    if (!bin) continue;
    bin.tasks += row.values[0];
    bin.confidence += row.values[1];
    bin.correct += row.values[2];
  }
  return [...languages]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([language, e]) => {
      const calibration = calibrationSummary(e.bins);
      return {
        language,
        judgments: Math.round(e.judgments),
        goldAccuracy: intervalEstimate(Math.round(e.correct), Math.round(e.answered)),
        calibration,
        miscalibrated:
          calibration.ece !== null && calibration.tasks >= MIN_CALIBRATION_TASKS && calibration.ece > MISCALIBRATED_ECE,
      };
    });
}

/** Cohen's kappa of two annotators over the tasks both labelled. */
export interface PairKappaRow {
  first: number;
  second: number;
  items: number;
  /** Share of those tasks where they gave the same answer. */
  agreement: number;
  kappa: number | null;
}

/** Cohen's kappa of one annotator against everyone who labelled the same tasks (their pairs pooled). */
export interface AnnotatorKappa {
  items: number;
  kappa: number | null;
}

/** Pairs with fewer co-labelled tasks are left out of the worst-pairs list (too noisy to act on). */
export const MIN_PAIR_ITEMS = 10;

/**
 * Pairwise Cohen's kappa (unweighted, over the classes) and each annotator's kappa against the
 * rest: the contingency of their answers against every other answer on the same tasks.
 */
export function kappaFromRollups(
  table: RollupTable,
  classes: readonly string[],
): { pairs: PairKappaRow[]; annotators: Map<number, AnnotatorKappa> } {
  const K = classes.length;
  const pairs = new Map<string, { first: number; second: number; matrix: Float64Array }>();
  const pooled = new Map<number, Float64Array>();
  const matrixOf = (map: Map<number, Float64Array>, id: number) => {
    let m = map.get(id);
    if (!m) {
      m = new Float64Array(K * K);
      map.set(id, m);
    }
    return m;
  };
  for (const row of rowsOf(table, "pair")) {
    const [first, second, labelA, labelB] = row.parts as [number, number, string, string];
    const i = classes.indexOf(labelA);
    const j = classes.indexOf(labelB);
    if (i < 0 || j < 0) continue;
    const id = `${first},${second}`;
    let pair = pairs.get(id);
    if (!pair) {
      pair = { first, second, matrix: new Float64Array(K * K) };
      pairs.set(id, pair);
    }
    const n = row.values[0];
    pair.matrix[i * K + j]! += n;
    matrixOf(pooled, first)[i * K + j]! += n;
    matrixOf(pooled, second)[j * K + i]! += n;
  }
  const itemsOf = (matrix: Float64Array) => Math.round(matrix.reduce((a, b) => a + b, 0));
  return {
    pairs: [...pairs.values()].map(({ first, second, matrix }) => {
      let diagonal = 0;
      for (let k = 0; k < K; k++) diagonal += matrix[k * K + k]!;
      const items = itemsOf(matrix);
      return {
        first,
        second,
        items,
        agreement: rounded(items > 0 ? diagonal / items : Number.NaN) ?? 0,
        kappa: rounded(kappaFromMatrix(matrix, K)),
      };
    }),
    annotators: new Map(
      [...pooled].map(([id, matrix]) => [id, { items: itemsOf(matrix), kappa: rounded(kappaFromMatrix(matrix, K)) }]),
    ),
  };
}

/** The pairs worth a look: enough tasks in common, lowest kappa first (undefined kappa last). */
export function worstPairs(pairs: readonly PairKappaRow[], limit: number): PairKappaRow[] {
  return pairs
    .filter((p) => p.items >= MIN_PAIR_ITEMS)
    .sort((a, b) => (a.kappa ?? Number.POSITIVE_INFINITY) - (b.kappa ?? Number.POSITIVE_INFINITY) || b.items - a.items)
    .slice(0, limit);
}
