/**
 * The quality roll-ups: sums over a project's tasks that the quality report reads instead of the
 * judgments. Each cell is a kind, a key (a JSON array) and five numbers whose meaning the kind
 * gives (numbers not listed stay 0). Related sums share a cell, since each cell is a row that
 * every judgment's transaction writes:
 *
 *   annotator    [annotatorId, language]   judgments, gold answered, gold correct,
 *                                          answers on tasks with an aggregate, answers equal to it
 *   pair         [annotatorA, annotatorB, labelA, labelB] (A < B)   co-labelled tasks
 *   confusion    ["gold" | "aggregate", truth, label]              judgments
 *   label        [label] (multi-label: each option ticked, "(none)")  judgments
 *   answer       [labelKey] (multi-label only: the answer sets seen)  judgments
 *   agreement    [dimension, group]        judgments, tasks, tasks with ≥ 2 answers, Σ their pairwise agreement
 *   coincidence  [dimension, group, c, k]  Krippendorff coincidence Σ n_c·n_k/(m-1)
 *   calibration  [language, bin]           gold tasks, Σ confidence, aggregate = gold
 *
 * Every cell is a sum over tasks of what one task contributes (`taskRollup`), so a change to one
 * task (a judgment, a new aggregate) moves the roll-ups by the difference of its contributions.
 */
export type RollupKind =
  | "annotator"
  | "pair"
  | "confusion"
  | "label"
  | "answer"
  | "agreement"
  | "coincidence"
  | "calibration";

export type RollupValues = [number, number, number, number, number];

export interface RollupCell {
  kind: RollupKind;
  /** JSON array of the cell's key parts. */
  key: string;
  values: RollupValues;
}

/** Agreement groups: by task language, by guideline version, and per option of a multi-label taxonomy. */
export type AgreementDimension = "language" | "version" | "option";

/** Equal-width confidence bins of the reliability diagram. */
export const CALIBRATION_BINS = 10;

/** The key of a cell: the same text as `JSON.stringify(parts)`, built without an array. */
export function rollupKey(...parts: readonly (string | number)[]): string {
  let key = "[";
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (i > 0) key += ",";
    key += typeof part === "number" ? String(part) : JSON.stringify(part);
  }
  return `${key}]`;
}

/** Cells keyed by kind and key, for summing contributions. */
export class RollupSums {
  readonly cells = new Map<string, RollupCell>();

  add(kind: RollupKind, parts: readonly (string | number)[], a: number, b = 0, c = 0, d = 0, e = 0): void {
    this.addAt(kind, rollupKey(...parts), a, b, c, d, e);
  }

  addAt(kind: RollupKind, key: string, a: number, b = 0, c = 0, d = 0, e = 0): void {
    const id = kind + key;
    const cell = this.cells.get(id);
    if (cell) {
      const v = cell.values;
      v[0] += a;
      v[1] += b;
      v[2] += c;
      v[3] += d;
      v[4] += e;
    } else this.cells.set(id, { kind, key, values: [a, b, c, d, e] });
  }

  /** Adds every cell of `other`, times `sign`. */
  merge(other: RollupSums, sign = 1): void {
    for (const { kind, key, values: v } of other.cells.values())
      this.addAt(kind, key, sign * v[0], sign * v[1], sign * v[2], sign * v[3], sign * v[4]);
  }

  /** The cells with any value different from 0 (differences below 1e-12 are float noise). */
  nonZero(): RollupCell[] {
    const cells: RollupCell[] = [];
    for (const cell of this.cells.values()) if (cell.values.some((v) => Math.abs(v) > 1e-12)) cells.push(cell);
    return cells;
  }
}
