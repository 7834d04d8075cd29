/**
 * The quality roll-ups: sums over a project's tasks that the quality report reads instead of the
 * judgments. Each cell is a kind, a key (a JSON array) and three numbers whose meaning the kind
 * gives:
 *
 *   annotator    [annotatorId, language]        judgments, gold answered, gold correct
 *   aggregate    [annotatorId]                  answers on tasks with an aggregate, equal to it, 0
 *   pair         [annotatorA, annotatorB, labelA, labelB] (A < B)   co-labelled tasks, 0, 0
 *   confusion    ["gold" | "aggregate", truth, label]              judgments, 0, 0
 *   label        [label] (multi-label: each option ticked, "(none)")  judgments, 0, 0
 *   answer       [labelKey] (multi-label only: the answer sets seen)  judgments, 0, 0
 *   agreement    [dimension, group]             judgments, tasks, 0
 *   pairing      [dimension, group]             tasks with ≥ 2 answers, Σ their pairwise agreement, 0
 *   coincidence  [dimension, group, c, k]       Krippendorff coincidence Σ n_c·n_k/(m-1), 0, 0
 *   calibration  [language, bin]                gold tasks, Σ confidence, aggregate = gold
 *
 * Every cell is a sum over tasks of what one task contributes (`taskRollup`), so a change to one
 * task (a judgment, a new aggregate) moves the roll-ups by the difference of its contributions.
 */
export type RollupKind =
  | "annotator"
  | "aggregate"
  | "pair"
  | "confusion"
  | "label"
  | "answer"
  | "agreement"
  | "pairing"
  | "coincidence"
  | "calibration";

export interface RollupCell {
  kind: RollupKind;
  /** JSON array of the cell's key parts. */
  key: string;
  values: [number, number, number];
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

  add(kind: RollupKind, parts: readonly (string | number)[], a: number, b = 0, c = 0): void {
    this.addAt(kind, rollupKey(...parts), a, b, c);
  }

  addAt(kind: RollupKind, key: string, a: number, b = 0, c = 0): void {
    const id = kind + key;
    const cell = this.cells.get(id);
    if (cell) {
      cell.values[0] += a;
      cell.values[1] += b;
      cell.values[2] += c;
    } else this.cells.set(id, { kind, key, values: [a, b, c] });
  }

  /** Adds every cell of `other`, times `sign`. */
  merge(other: RollupSums, sign = 1): void {
    for (const cell of other.cells.values())
      this.addAt(cell.kind, cell.key, sign * cell.values[0], sign * cell.values[1], sign * cell.values[2]);
  }

  /** The cells with any value different from 0 (differences below 1e-12 are float noise). */
  nonZero(): RollupCell[] {
    const cells: RollupCell[] = [];
    for (const cell of this.cells.values())
      if (Math.abs(cell.values[0]) > 1e-12 || Math.abs(cell.values[1]) > 1e-12 || Math.abs(cell.values[2]) > 1e-12)
        cells.push(cell);
    return cells;
  }
}
