import { invalidInput } from "../errors.js";
import { type EncodedAnswers, groupAnswersByTask } from "./answers.js";

/**
 * Ratings counted per item and class: `counts[item*K + k]` raters put `item` in class `k`.
 * Raters' identities are not kept; missing ratings are simply not counted.
 */
export interface RatingTable {
  itemCount: number;
  classCount: number;
  counts: Float64Array;
}

/** Counts each task's answers per class (a worker answering twice counts twice). */
export function ratingTable(answers: EncodedAnswers): RatingTable {
  const K = answers.classCount;
  const counts = new Float64Array(answers.taskCount * K);
  for (let i = 0; i < answers.task.length; i++) {
    const cell = answers.task[i]! * K + answers.label[i]!;
    counts[cell] = counts[cell]! + 1;
  }
  return { itemCount: answers.taskCount, classCount: K, counts };
}

/** Builds a `RatingTable` from rows of per-class counts (one row per item). */
export function ratingTableFromRows(rows: readonly (readonly number[])[]): RatingTable {
  const K = rows[0]?.length ?? 0;
  const counts = new Float64Array(rows.length * K);
  rows.forEach((row, item) => {
    if (row.length !== K) throw invalidInput(`row ${item + 1} has ${row.length} classes, expected ${K}`);
    row.forEach((count, k) => {
      if (!(count >= 0)) throw invalidInput(`row ${item + 1}: counts must be non-negative`);
      counts[item * K + k] = count;
    });
  });
  return { itemCount: rows.length, classCount: K, counts };
}

/** Per item: number of ratings and number of agreeing ordered pairs Σ n_k(n_k - 1). */
function itemPairs(table: RatingTable, item: number): { ratings: number; agreeingPairs: number } {
  const K = table.classCount;
  let ratings = 0;
  let agreeingPairs = 0;
  for (let k = 0; k < K; k++) {
    const n = table.counts[item * K + k]!;
    ratings += n;
    agreeingPairs += n * (n - 1);
  }
  return { ratings, agreeingPairs };
}

/**
 * Pairwise percent agreement: for each item with at least two ratings, the share of pairs of its
 * ratings that agree; averaged over those items (each item weighs the same). NaN when no item
 * has two ratings. Does not correct for chance; see `fleissKappa`.
 */
export function percentAgreement(table: RatingTable): number {
  let sum = 0;
  let items = 0;
  for (let item = 0; item < table.itemCount; item++) {
    const { ratings, agreeingPairs } = itemPairs(table, item);
    if (ratings < 2) continue;
    sum += agreeingPairs / (ratings * (ratings - 1));
    items++;
  }
  return items === 0 ? Number.NaN : sum / items;
}

/**
 * Fleiss' kappa (Fleiss 1971): (P̄ - P̄e) / (1 - P̄e), where P̄ is the pairwise percent agreement
 * averaged over items and P̄e = Σ_k p_k² with p_k the share of all ratings in class k.
 * Raters need not be the same people across items. Items with fewer than two ratings are left
 * out. With a variable number of ratings per item this is the common generalisation (each item
 * weighs the same in P̄, each rating the same in p_k); with a constant number it is exactly
 * Fleiss' formula. NaN when P̄e = 1 (everyone always used one class) or no item has two ratings.
 */
export function fleissKappa(table: RatingTable): number {
  const K = table.classCount;
  const classTotals = new Float64Array(K);
  let totalRatings = 0;
  let agreementSum = 0;
  let items = 0;
  for (let item = 0; item < table.itemCount; item++) {
    const { ratings, agreeingPairs } = itemPairs(table, item);
    if (ratings < 2) continue;
    agreementSum += agreeingPairs / (ratings * (ratings - 1));
    items++;
    totalRatings += ratings;
    for (let k = 0; k < K; k++) classTotals[k] = classTotals[k]! + table.counts[item * K + k]!;
  }
  if (items === 0) return Number.NaN;
  const observed = agreementSum / items;
  let expected = 0;
  for (let k = 0; k < K; k++) expected += (classTotals[k]! / totalRatings) ** 2;
  return expected >= 1 ? Number.NaN : (observed - expected) / (1 - expected);
}

/** Weighting of disagreements for `weightedKappa`: |i-j| or (i-j)² between class indices. */
export type KappaWeighting = "linear" | "quadratic";

/** A K×K contingency matrix of two raters (row = rater A's class, column = rater B's). */
export function contingencyMatrix(a: ArrayLike<number>, b: ArrayLike<number>, classCount: number): Float64Array {
  if (a.length !== b.length) throw invalidInput("both raters must rate the same items");
  const matrix = new Float64Array(classCount * classCount);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (!(x >= 0 && x < classCount && y >= 0 && y < classCount))
      throw invalidInput(`item ${i}: class index out of range`);
    matrix[x * classCount + y] = matrix[x * classCount + y]! + 1;
  }
  return matrix;
}

/**
 * Cohen's kappa (or a weighted kappa) from a K×K contingency matrix of two raters:
 * 1 - Σ w_ij·o_ij / Σ w_ij·e_ij, with o the observed and e the chance-expected proportions
 * (products of the two raters' marginals) and w the disagreement weights: 0/1 for unweighted,
 * |i-j| for linear and (i-j)² for quadratic. NaN when chance disagreement is zero.
 */
export function kappaFromMatrix(matrix: ArrayLike<number>, classCount: number, weighting?: KappaWeighting): number {
  const K = classCount;
  if (matrix.length !== K * K) throw invalidInput("matrix must hold K×K counts");
  const rows = new Float64Array(K);
  const columns = new Float64Array(K);
  let total = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const n = matrix[i * K + j]!;
      rows[i] = rows[i]! + n;
      columns[j] = columns[j]! + n;
      total += n;
    }
  }
  if (total === 0) return Number.NaN;
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const d = i - j;
      const weight = weighting === "linear" ? Math.abs(d) : weighting === "quadratic" ? d * d : d === 0 ? 0 : 1;
      if (weight === 0) continue;
      observed += (weight * matrix[i * K + j]!) / total;
      expected += (weight * rows[i]! * columns[j]!) / (total * total);
    }
  }
  return expected === 0 ? Number.NaN : 1 - observed / expected;
}

/**
 * Cohen's kappa for two raters who rated the same items: `a[i]` and `b[i]` are their class
 * indices for item `i`. Chance agreement uses each rater's own marginals (Cohen 1960).
 */
export function cohenKappa(a: ArrayLike<number>, b: ArrayLike<number>, classCount: number): number {
  return kappaFromMatrix(contingencyMatrix(a, b, classCount), classCount);
}

/**
 * Weighted kappa (Cohen 1968) for ordinal ratings: disagreements cost |i-j| (linear) or (i-j)²
 * (quadratic) in class-index units, so near misses count less than far ones. Assumes classes are
 * ordered by index and equally spaced.
 */
export function weightedKappa(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  classCount: number,
  weighting: KappaWeighting,
): number {
  return kappaFromMatrix(contingencyMatrix(a, b, classCount), classCount, weighting);
}

/** Level of measurement for Krippendorff's alpha. */
export type AlphaMetric = "nominal" | "ordinal" | "interval";

/**
 * Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"):
 * 1 - (n-1)·Σ o_ck·δ²_ck / Σ n_c·n_k·δ²_ck, from the coincidence matrix o (each item with m ≥ 2
 * ratings adds its ordered pairs of ratings from different raters with weight 1/(m-1)) and its
 * marginals n_c. Any number of raters, missing ratings allowed (items with fewer than two
 * ratings drop out). δ² is [c≠k] for nominal data, (v_c - v_k)² for interval data (`values`
 * gives each class's number; default its index) and, for ordinal data, the squared number of
 * pairable values between the two ranks (Σ_{g=c..k} n_g - (n_c + n_k)/2)², classes ordered by index.
 * NaN when there is no disagreement to expect (fewer than two distinct values in the data).
 */
export function krippendorffAlpha(table: RatingTable, metric: AlphaMetric, values?: ArrayLike<number>): number {
  const K = table.classCount;
  if (values && values.length !== K) throw invalidInput("values must give one number per class");
  const coincidence = new Float64Array(K * K);
  for (let item = 0; item < table.itemCount; item++) {
    let m = 0;
    for (let k = 0; k < K; k++) m += table.counts[item * K + k]!;
    if (m < 2) continue;
    for (let c = 0; c < K; c++) {
      const nc = table.counts[item * K + c]!;
      if (nc === 0) continue;
      for (let k = 0; k < K; k++) {
        const pairs = nc * (table.counts[item * K + k]! - (c === k ? 1 : 0));
        if (pairs > 0) coincidence[c * K + k] = coincidence[c * K + k]! + pairs / (m - 1);
      }
    }
  }
  return alphaFromCoincidence(coincidence, K, metric, values);
}

/**
 * Krippendorff's alpha from a K×K coincidence matrix (`coincidence[c*K + k]`, as `krippendorffAlpha`
 * builds it), for callers that keep the matrix summed over items (the quality roll-ups).
 */
export function alphaFromCoincidence(
  coincidence: ArrayLike<number>,
  K: number,
  metric: AlphaMetric,
  values?: ArrayLike<number>,
): number {
  if (values && values.length !== K) throw invalidInput("values must give one number per class");
  const marginals = new Float64Array(K);
  let n = 0;
  for (let c = 0; c < K; c++) {
    for (let k = 0; k < K; k++) marginals[c] = marginals[c]! + coincidence[c * K + k]!;
    n += marginals[c]!;
  }
  const delta = (c: number, k: number): number => {
    if (c === k) return 0;
    if (metric === "nominal") return 1;
    if (metric === "interval") {
      const d = values ? values[c]! - values[k]! : c - k;
      return d * d;
    }
    const low = Math.min(c, k);
    const high = Math.max(c, k);
    let between = 0;
    for (let g = low; g <= high; g++) between += marginals[g]!;
    const d = between - (marginals[low]! + marginals[high]!) / 2;
    return d * d;
  };
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < K; c++) {
    for (let k = 0; k < K; k++) {
      if (c === k) continue;
      const d = delta(c, k);
      observed += coincidence[c * K + k]! * d;
      expected += marginals[c]! * marginals[k]! * d;
    }
  }
  return expected === 0 ? Number.NaN : 1 - ((n - 1) * observed) / expected;
}

/** Options of `pairwiseCohenKappa`. */
export interface PairwiseKappaOptions {
  /** Pairs of workers with fewer items in common are skipped (their kappa is too noisy). Default 10. */
  minCommonItems?: number;
  /** Use weighted kappa for ordinal classes. Default unweighted. */
  weighting?: KappaWeighting;
}

/** Cohen's kappa averaged over pairs of workers. */
export interface PairwiseKappaResult {
  /** Mean of Cohen's kappa over the pairs kept (NaN when none). */
  mean: number;
  /** Mean weighted by the number of items each pair has in common. */
  weightedMean: number;
  /** Number of worker pairs kept (defined kappa and at least `minCommonItems` items in common). */
  pairs: number;
}

/** Cohen's kappa of one pair of workers. */
export interface AnnotatorPairKappa {
  /** Worker indices, `first < second`. */
  first: number;
  second: number;
  /** Items both answered (each pair of their answers on an item counts once). */
  items: number;
  /** Cohen's (or weighted) kappa over those items; NaN when undefined (both always used one class). */
  kappa: number;
}

/**
 * Cohen's kappa of every pair of workers over the items both answered, for pairs with at least
 * `minCommonItems` items in common. Cost grows with Σ (answers per item)², not with workers², by
 * sorting one record per co-rated pair. If a worker answered an item twice, each answer is
 * paired. Sorted by pair.
 */
export function annotatorPairKappas(answers: EncodedAnswers, options: PairwiseKappaOptions = {}): AnnotatorPairKappa[] {
  const K = answers.classCount;
  const W = answers.workerCount;
  const minCommon = options.minCommonItems ?? 10;
  const { start, order } = groupAnswersByTask(answers);
  let size = 0;
  for (let t = 0; t < answers.taskCount; t++) {
    const m = start[t + 1]! - start[t]!;
    size += (m * (m - 1)) / 2;
  }
  const keys = new Float64Array(size);
  let used = 0;
  for (let t = 0; t < answers.taskCount; t++) {
    for (let x = start[t]!; x < start[t + 1]!; x++) {
      const i = order[x]!;
      for (let y = x + 1; y < start[t + 1]!; y++) {
        const j = order[y]!;
        const wi = answers.worker[i]!;
        const wj = answers.worker[j]!;
        if (wi === wj) continue;
        const [first, second] = wi < wj ? [i, j] : [j, i];
        const pair = answers.worker[first]! * W + answers.worker[second]!;
        keys[used++] = (pair * K + answers.label[first]!) * K + answers.label[second]!;
      }
    }
  }
  const sorted = keys.subarray(0, used).sort();
  const matrix = new Float64Array(K * K);
  const out: AnnotatorPairKappa[] = [];
  let index = 0;
  while (index < sorted.length) {
    const pair = Math.floor(sorted[index]! / (K * K));
    matrix.fill(0);
    let common = 0;
    while (index < sorted.length && Math.floor(sorted[index]! / (K * K)) === pair) {
      const cell = sorted[index]! - pair * K * K;
      matrix[cell] = matrix[cell]! + 1;
      common++;
      index++;
    }
    if (common < minCommon) continue;
    out.push({
      first: Math.floor(pair / W),
      second: pair % W,
      items: common,
      kappa: kappaFromMatrix(matrix, K, options.weighting),
    });
  }
  return out;
}

/**
 * Cohen's kappa for every pair of workers over the items both answered (`annotatorPairKappas`),
 * averaged. Pairs whose kappa is undefined (both always used one class) are skipped.
 */
export function pairwiseCohenKappa(answers: EncodedAnswers, options: PairwiseKappaOptions = {}): PairwiseKappaResult {
  let sum = 0;
  let weightedSum = 0;
  let weightTotal = 0;
  let pairs = 0;
  for (const { items, kappa } of annotatorPairKappas(answers, options)) {
    if (!Number.isFinite(kappa)) continue;
    sum += kappa;
    weightedSum += kappa * items;
    weightTotal += items;
    pairs++;
  }
  return {
    mean: pairs === 0 ? Number.NaN : sum / pairs,
    weightedMean: weightTotal === 0 ? Number.NaN : weightedSum / weightTotal,
    pairs,
  };
}

/** One worker's agreement with the other workers' consensus. */
export interface AnnotatorKappaAgainstRest {
  worker: number;
  /** Items scored: answered by the worker and by others whose majority was not tied. */
  items: number;
  /** Share of those items where the worker gave the others' majority label. */
  agreement: number;
  /** Cohen's (or weighted) kappa between the worker's labels and the others' majority labels. */
  kappa: number;
}

/**
 * Each worker's Cohen's kappa against the rest: on every item they answered, their label is
 * paired with the majority label of the other workers' answers on that item (leave-one-out, so a
 * worker never agrees with themselves); items where the others are tied or absent are skipped.
 * Chance agreement uses the worker's and the consensus's own marginals, so a worker who always
 * answers the majority class scores near 0 however often they "agree". Workers with fewer than
 * `minItems` (default 10) scored items get NaN. O(answers·K).
 */
export function annotatorKappaAgainstRest(
  answers: EncodedAnswers,
  options: { minItems?: number; weighting?: KappaWeighting } = {},
): AnnotatorKappaAgainstRest[] {
  const K = answers.classCount;
  const W = answers.workerCount;
  const minItems = options.minItems ?? 10;
  const { start, order } = groupAnswersByTask(answers);
  const matrices = new Float64Array(W * K * K);
  const items = new Int32Array(W);
  const votes = new Int32Array(K);
  const own = new Int32Array(K);
  for (let t = 0; t < answers.taskCount; t++) {
    votes.fill(0);
    for (let x = start[t]!; x < start[t + 1]!; x++) votes[answers.label[order[x]!]!]!++;
    for (let x = start[t]!; x < start[t + 1]!; x++) {
      const i = order[x]!;
      const w = answers.worker[i]!;
      // Take out every answer of this worker on the item (a repeated answer is still theirs).
      own.fill(0);
      for (let y = start[t]!; y < start[t + 1]!; y++)
        if (answers.worker[order[y]!] === w) own[answers.label[order[y]!]!]!++;
      let best = -1;
      let bestVotes = 0;
      let tied = false;
      for (let k = 0; k < K; k++) {
        const v = votes[k]! - own[k]!;
        if (v > bestVotes) [best, bestVotes, tied] = [k, v, false];
        else if (v === bestVotes && v > 0) tied = true;
      }
      if (best < 0 || tied) continue;
      matrices[w * K * K + answers.label[i]! * K + best]!++;
      items[w]!++;
    }
  }
  const out: AnnotatorKappaAgainstRest[] = [];
  for (let w = 0; w < W; w++) {
    const matrix = matrices.subarray(w * K * K, (w + 1) * K * K);
    let agreeing = 0;
    for (let k = 0; k < K; k++) agreeing += matrix[k * K + k]!;
    const n = items[w]!;
    out.push({
      worker: w,
      items: n,
      agreement: n > 0 ? agreeing / n : Number.NaN,
      kappa: n >= minItems ? kappaFromMatrix(matrix, K, options.weighting) : Number.NaN,
    });
  }
  return out;
}
