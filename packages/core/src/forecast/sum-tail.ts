/**
 * The upper tail P(X₁ + … + X_d ≥ b) of a sum of d independent draws from a distribution on whole
 * numbers with finite support, computed exactly (a convolution, not sampling) through the
 * discrete Fourier transform of one draw.
 *
 * Why not a day-by-day convolution: for a backlog of a million judgments the sum lives on a
 * million-point lattice and needs hundreds of thousands of steps. Here the d-fold convolution is
 * the d-th power of the transform, and the tail sum is a geometric series in each frequency, so
 * one probability costs a few thousand operations whatever d is. Two observations keep it small:
 *
 * - The support. The sum lies in [d·min, d·max], but all but ε = 1e-13 of its mass lies within
 *   t of its mean (t from Hoeffding's or Bernstein's inequality, whichever is tighter), so the
 *   transform is taken on that window only (the mass outside wraps around, moving the result by
 *   at most ε, which is reported as the error). The values are first shifted to start at 0 and
 *   divided by their greatest common divisor, so the lattice has no needless gaps.
 * - The frequencies. |φ(ω)|^d vanishes fast away from the few frequencies where one draw's
 *   transform has modulus near 1; terms with |φ|^d below e^-40 are skipped (since each term's
 *   series is at most 1/|sin(πk/N)|, the skipped ones add up to under 1e-15 of probability).
 */

import FFT from "fft.js";

/** A probability and a bound on its absolute error. */
export interface BoundedProbability {
  value: number;
  error: number;
}

/** Mass allowed outside the window (both tails together). */
const TAIL_MASS = 1e-13;
/** Per-frequency terms whose modulus is below e^-CUT are dropped. */
const CUT = 40;
/**
 * Floating-point allowance on every result, plus this much per draw: φ's rounding raised to the
 * d-th power, for φ summed from exact roots of unity, and for φ from a fast Fourier transform
 * (error about log₂N · ε, times Σ_k |series_k| / N ≤ log N).
 */
const ROUNDING = 1e-12;
const ROUNDING_PER_DAY = 2e-16;
const ROUNDING_PER_DAY_FFT = 3e-14;
/**
 * Windows up to this size tabulate the transform at every frequency; larger ones (many days on
 * a fine lattice, where only frequencies near 0 count) search for the few frequencies that
 * matter, each costing one cosine per distinct value.
 */
const TABLE_SIZE = 1 << 20;
/** Tables above this size, or of more distinct values than `LOOKUP_TABLE_VALUES`, come from an FFT. */
const LOOKUP_TABLE_SIZE = 1 << 16;
const LOOKUP_TABLE_VALUES = 64;
/** Frequency ranges this narrow are evaluated bin by bin. */
const LEAF_BINS = 8;

interface Table {
  /** Interleaved re, im of φ(2πk/N) for k < N. */
  phi: Float64Array;
  fromFft: boolean;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Smallest power of two ≥ n. */
function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** (a · b) mod n for whole numbers below 2^33 without losing digits past 2^53. */
function mulMod(a: number, b: number, n: number): number {
  if (a * b < Number.MAX_SAFE_INTEGER) return (a * b) % n;
  const high = Math.floor(b / 2 ** 20);
  const low = b - high * 2 ** 20;
  return (((((a * high) % n) * 2 ** 20) % n) + ((a * low) % n)) % n;
}

/** cos and sin of 2πk/N for k < N, so that every angle below is a table lookup (exact, no drift). */
function rootsOfUnity(size: number): { cos: Float64Array; sin: Float64Array } {
  const cos = new Float64Array(size);
  const sin = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / size);
    sin[k] = Math.sin((2 * Math.PI * k) / size);
  }
  return { cos, sin };
}

/**
 * One frequency's term: φ^d (in polar form) times the geometric series Σ_{t=first}^{first+count−1} z^t
 * = z^first (1 − z^count) / (1 − z), z = e^{2πik/N}, given cos and sin of the angles of z^first,
 * z^count and z. Returns the real part (the imaginary parts cancel between k and N − k).
 */
function term(
  days: number,
  re: number,
  im: number,
  firstCos: number,
  firstSin: number,
  countCos: number,
  countSin: number,
  zCos: number,
  zSin: number,
): number {
  const modulus = Math.exp(days * 0.5 * Math.log(re * re + im * im));
  const phase = days * Math.atan2(im, re);
  const powRe = modulus * Math.cos(phase);
  const powIm = modulus * Math.sin(phase);
  const numRe = 1 - countCos;
  const numIm = -countSin;
  const denRe = 1 - zCos;
  const denIm = -zSin;
  const den2 = denRe * denRe + denIm * denIm;
  const ratioRe = (numRe * denRe + numIm * denIm) / den2;
  const ratioIm = (numIm * denRe - numRe * denIm) / den2;
  const seriesRe = firstCos * ratioRe - firstSin * ratioIm;
  const seriesIm = firstCos * ratioIm + firstSin * ratioRe;
  return powRe * seriesRe - powIm * seriesIm;
}

/** Sum of d draws from `values` (non-negative whole numbers) with probabilities `weights`. */
export class SumTail {
  /** Draw = offset + span · step, steps whole numbers from 0 to maxStep with gcd 1. */
  private readonly offset: number;
  private readonly span: number;
  private readonly steps: number[];
  private readonly weights: number[];
  private readonly maxStep: number;
  private readonly mean: number;
  private readonly variance: number;
  /** Σ w |step − median|: a bound on how fast |φ(ω)| can change with ω. */
  private readonly spread: number;
  /** One draw's transform per window size N, and how it was made. */
  private readonly tables = new Map<number, Table>();

  private readonly tableSize: number | undefined;
  private readonly roots = new Map<number, { cos: Float64Array; sin: Float64Array }>();

  /**
   * `options.tableSize`: the largest window for which the transform is tabulated at every
   * frequency (default 2^20); beyond it the frequencies that matter are searched for. Both give
   * the same result; tests set it to compare them.
   */
  constructor(values: readonly number[], weights: readonly number[], options: { tableSize?: number } = {}) {
    this.tableSize = options.tableSize;
    const merged = new Map<number, number>();
    values.forEach((value, i) => {
      merged.set(value, (merged.get(value) ?? 0) + (weights[i] ?? 0));
    });
    const distinct = [...merged.keys()].sort((a, b) => a - b);
    this.offset = distinct[0] ?? 0;
    this.span = distinct.reduce((g, v) => gcd(g, v - this.offset), 0) || 1;
    this.steps = distinct.map((v) => (v - this.offset) / this.span);
    this.weights = distinct.map((v) => merged.get(v) ?? 0);
    this.maxStep = this.steps[this.steps.length - 1] ?? 0;
    this.mean = this.steps.reduce((s, step, i) => s + step * this.weights[i]!, 0);
    this.variance = this.steps.reduce((s, step, i) => s + (step - this.mean) ** 2 * this.weights[i]!, 0);
    let median = 0;
    for (let i = 0, cumulative = 0; i < this.steps.length; i++) {
      cumulative += this.weights[i]!;
      if (cumulative >= 0.5) {
        median = this.steps[i]!;
        break;
      }
    }
    this.spread = this.steps.reduce((s, step, i) => s + Math.abs(step - median) * this.weights[i]!, 0);
  }

  /**
   * The lattice window [low, high] (in steps) that holds all but `TAIL_MASS` of the sum of `days`
   * draws, and whether it cuts anything off.
   */
  window(days: number): { low: number; high: number; truncated: boolean } {
    const top = days * this.maxStep;
    const logTerm = Math.log(2 / TAIL_MASS);
    const hoeffding = this.maxStep * Math.sqrt((days * logTerm) / 2);
    const linear = (2 * logTerm * this.maxStep) / 3;
    const bernstein = (linear + Math.sqrt(linear * linear + 8 * logTerm * days * this.variance)) / 2;
    const reach = Math.min(hoeffding, bernstein);
    const centre = days * this.mean;
    const low = Math.max(0, Math.floor(centre - reach));
    const high = Math.min(top, Math.ceil(centre + reach));
    return { low, high, truncated: low > 0 || high < top };
  }

  /** Lattice points the transform needs for `days` draws (a power of two, for reuse across nearby days). */
  windowSize(days: number): number {
    const { low, high } = this.window(days);
    return nextPowerOfTwo(high - low + 1);
  }

  /** P(sum of `days` draws ≥ `threshold`), `threshold` a whole number. */
  probabilityAtLeast(days: number, threshold: number): BoundedProbability {
    // In steps: sum ≥ threshold ⇔ Σ steps ≥ (threshold − days·offset) / span.
    const target = Math.ceil((threshold - days * this.offset) / this.span);
    if (target <= 0) return { value: 1, error: 0 };
    if (target > days * this.maxStep) return { value: 0, error: 0 };
    const { low, high, truncated } = this.window(days);
    const bound = (truncated ? TAIL_MASS : 0) + ROUNDING;
    if (target > high) return { value: 0, error: bound + ROUNDING_PER_DAY * days };
    if (target <= low) return { value: 1, error: bound + ROUNDING_PER_DAY * days };

    const size = nextPowerOfTwo(high - low + 1);
    // Window positions counted: first .. low + size − 1 (those past `high` hold no mass).
    const first = target;
    const count = low + size - first;
    const minModulus2 = Math.exp((-2 * CUT) / days); // |φ|^d ≥ e^-CUT
    if (size <= (this.tableSize ?? TABLE_SIZE)) {
      const table = this.table(size);
      const sum = this.tabulatedSum(table, days, size, first, count, minModulus2);
      const perDay = table.fromFft ? ROUNDING_PER_DAY_FFT : ROUNDING_PER_DAY;
      return { value: Math.min(1, Math.max(0, sum / size)), error: bound + perDay * days };
    }
    const sum = this.searchedSum(days, size, first, count, Math.sqrt(minModulus2));
    return { value: Math.min(1, Math.max(0, sum / size)), error: bound + ROUNDING_PER_DAY * days };
  }

  /**
   * N · P(window positions first … first + count − 1) = Σ_k φ_k^d · Σ_t e^{2πikt/N}, over every
   * frequency whose term is not negligible, φ read from the table. The angles of the series come
   * from a table of the roots of unity when many frequencies count (few days), and from cosines
   * of exactly reduced angles when only a few do.
   */
  private tabulatedSum(
    table: Table,
    days: number,
    size: number,
    first: number,
    count: number,
    minModulus2: number,
  ): number {
    const { phi } = table;
    const included: number[] = [];
    for (let k = 1; k < size; k++) {
      const re = phi[2 * k]!;
      const im = phi[2 * k + 1]!;
      if (re * re + im * im >= minModulus2) included.push(k);
    }
    const roots = included.length > size / 16 ? this.rootsOfUnity(size) : undefined;
    const firstStep = first % size;
    const countStep = count % size;
    let sum = count; // frequency 0: φ = 1 and the series is the number of terms
    for (const k of included) {
      const firstIndex = mulMod(k, firstStep, size);
      const countIndex = mulMod(k, countStep, size);
      const re = phi[2 * k]!;
      const im = phi[2 * k + 1]!;
      if (roots) {
        const { cos, sin } = roots;
        sum += term(
          days,
          re,
          im,
          cos[firstIndex]!,
          sin[firstIndex]!,
          cos[countIndex]!,
          sin[countIndex]!,
          cos[k]!,
          sin[k]!,
        );
      } else {
        const a = (2 * Math.PI * firstIndex) / size;
        const c = (2 * Math.PI * countIndex) / size;
        const z = (2 * Math.PI * k) / size;
        sum += term(days, re, im, Math.cos(a), Math.sin(a), Math.cos(c), Math.sin(c), Math.cos(z), Math.sin(z));
      }
    }
    return sum;
  }

  private rootsOfUnity(size: number): { cos: Float64Array; sin: Float64Array } {
    let roots = this.roots.get(size);
    if (!roots) {
      roots = rootsOfUnity(size);
      this.roots.set(size, roots);
    }
    return roots;
  }

  /**
   * The same sum for windows too large to tabulate (a long horizon on a fine lattice): the
   * frequencies where |φ| ≥ `minModulus` are found by splitting the circle into ranges and
   * dropping a range when |φ| at its middle plus `spread` × its half-width (|φ| cannot change
   * faster) stays below the bar. For many days the bar is near 1 and only a few frequencies
   * around 0 survive, so the cost no longer grows with N.
   */
  private searchedSum(days: number, size: number, first: number, count: number, minModulus: number): number {
    const angle = (k: number, n: number) => (2 * Math.PI * mulMod(k, n % size, size)) / size;
    let sum = count;
    const visit = (from: number, to: number) => {
      if (to - from <= LEAF_BINS) {
        for (let k = from; k < to; k++) {
          const [re, im] = this.transformAt(k, size);
          if (re * re + im * im < minModulus * minModulus) continue;
          const a = angle(k, first);
          const c = angle(k, count);
          const z = (2 * Math.PI * k) / size;
          sum += term(days, re, im, Math.cos(a), Math.sin(a), Math.cos(c), Math.sin(c), Math.cos(z), Math.sin(z));
        }
        return;
      }
      const middle = Math.floor((from + to) / 2);
      const [re, im] = this.transformAt(middle, size);
      const halfWidth = (2 * Math.PI * Math.max(middle - from, to - 1 - middle)) / size;
      if (Math.hypot(re, im) + this.spread * halfWidth < minModulus) return;
      const part = Math.ceil((to - from) / 8);
      for (let start = from; start < to; start += part) visit(start, Math.min(to, start + part));
    };
    visit(1, size);
    return sum;
  }

  /** φ(2πk/N) = Σ_j w_j e^{−2πi k s_j / N}, the angles reduced exactly in whole numbers. */
  private transformAt(k: number, size: number): [number, number] {
    let re = 0;
    let im = 0;
    for (let j = 0; j < this.steps.length; j++) {
      const theta = (2 * Math.PI * mulMod(k, this.steps[j]! % size, size)) / size;
      re += this.weights[j]! * Math.cos(theta);
      im -= this.weights[j]! * Math.sin(theta);
    }
    return [re, im];
  }

  /**
   * One draw's transform φ(2πk/N) = Σ_j w_j e^{−2πi k s_j / N} at every k < N, cached per N:
   * summed from the table of roots of unity (N · distinct values lookups, each angle exact) for
   * small windows with few distinct values, else by a fast Fourier transform of the draw's
   * distribution folded onto N points (N log N, whatever the number of distinct values).
   */
  private table(size: number): Table {
    const cached = this.tables.get(size);
    if (cached) return cached;
    const phi = new Float64Array(2 * size);
    const fromFft = size >= 4 && (size > LOOKUP_TABLE_SIZE || this.steps.length > LOOKUP_TABLE_VALUES);
    if (fromFft) {
      const folded = new Float64Array(size);
      for (let j = 0; j < this.steps.length; j++) folded[this.steps[j]! % size]! += this.weights[j]!;
      const fft = new FFT(size);
      fft.realTransform(phi, folded);
      fft.completeSpectrum(phi);
    } else {
      const { cos, sin } = this.rootsOfUnity(size);
      for (let j = 0; j < this.steps.length; j++) {
        const step = this.steps[j]! % size;
        const weight = this.weights[j]!;
        let index = 0;
        for (let k = 0; k < size; k++) {
          phi[2 * k] = phi[2 * k]! + weight * cos[index]!;
          phi[2 * k + 1] = phi[2 * k + 1]! - weight * sin[index]!;
          index += step;
          if (index >= size) index -= size;
        }
      }
    }
    const table = { phi, fromFft };
    this.tables.set(size, table);
    return table;
  }
}
