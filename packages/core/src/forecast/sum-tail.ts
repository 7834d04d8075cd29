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
 *   transform has modulus near 1; terms below e^-40 are skipped (together under 1e-12 for any
 *   window that fits in memory).
 */

/** A probability and a bound on its absolute error. */
export interface BoundedProbability {
  value: number;
  error: number;
}

/** Mass allowed outside the window (both tails together). */
const TAIL_MASS = 1e-13;
/** Per-frequency terms whose modulus is below e^-CUT are dropped. */
const CUT = 40;
/** Floating-point allowance on every result, plus this much per draw (φ's rounding, raised to the d-th power). */
const ROUNDING = 1e-12;
const ROUNDING_PER_DAY = 2e-16;

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

/** cos and sin of 2πk/N for k < N, so that every angle below is a table lookup (exact, no drift). */
const rootTables = new Map<number, { cos: Float64Array; sin: Float64Array }>();
function rootsOfUnity(size: number): { cos: Float64Array; sin: Float64Array } {
  const cached = rootTables.get(size);
  if (cached) return cached;
  const cos = new Float64Array(size);
  const sin = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / size);
    sin[k] = Math.sin((2 * Math.PI * k) / size);
  }
  if (rootTables.size >= 4) rootTables.delete(rootTables.keys().next().value!);
  rootTables.set(size, { cos, sin });
  return { cos, sin };
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
  /** One draw's transform per window size N: interleaved re, im of φ(2πk/N) for k < N. */
  private readonly transforms = new Map<number, Float64Array>();

  constructor(values: readonly number[], weights: readonly number[]) {
    const merged = new Map<number, number>();
    values.forEach((value, i) => merged.set(value, (merged.get(value) ?? 0) + (weights[i] ?? 0)));
    const distinct = [...merged.keys()].sort((a, b) => a - b);
    this.offset = distinct[0] ?? 0;
    this.span = distinct.reduce((g, v) => gcd(g, v - this.offset), 0) || 1;
    this.steps = distinct.map((v) => (v - this.offset) / this.span);
    this.weights = distinct.map((v) => merged.get(v) ?? 0);
    this.maxStep = this.steps[this.steps.length - 1] ?? 0;
    this.mean = this.steps.reduce((s, step, i) => s + step * this.weights[i]!, 0);
    this.variance = this.steps.reduce((s, step, i) => s + (step - this.mean) ** 2 * this.weights[i]!, 0);
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
    const error = (truncated ? TAIL_MASS : 0) + ROUNDING + ROUNDING_PER_DAY * days;
    if (target > high) return { value: 0, error };
    if (target <= low) return { value: 1, error };

    const size = nextPowerOfTwo(high - low + 1);
    const phi = this.transform(size);
    const { cos, sin } = rootsOfUnity(size);
    // Window positions counted: first .. low + size − 1 (those past `high` hold no mass).
    const first = target;
    const count = low + size - first;
    const firstStep = first % size;
    const countStep = count % size;
    const minModulus2 = Math.exp((-2 * CUT) / days); // |φ|^d ≥ e^-CUT
    let sum = count; // frequency 0: φ = 1 and the series below is the number of terms
    let firstIndex = 0;
    let countIndex = 0;
    for (let k = 1; k < size; k++) {
      firstIndex += firstStep;
      if (firstIndex >= size) firstIndex -= size;
      countIndex += countStep;
      if (countIndex >= size) countIndex -= size;
      const re = phi[2 * k]!;
      const im = phi[2 * k + 1]!;
      const modulus2 = re * re + im * im;
      if (modulus2 < minModulus2) continue;
      // φ^d in polar form.
      const modulus = Math.exp(days * 0.5 * Math.log(modulus2));
      const phase = days * Math.atan2(im, re);
      const powRe = modulus * Math.cos(phase);
      const powIm = modulus * Math.sin(phase);
      // Σ_{t=first}^{first+count−1} z^t with z = e^{2πik/N} is z^first (1 − z^count) / (1 − z).
      const numRe = 1 - cos[countIndex]!;
      const numIm = -sin[countIndex]!;
      const denRe = 1 - cos[k]!;
      const denIm = -sin[k]!;
      const den2 = denRe * denRe + denIm * denIm;
      const ratioRe = (numRe * denRe + numIm * denIm) / den2;
      const ratioIm = (numIm * denRe - numRe * denIm) / den2;
      const zRe = cos[firstIndex]!;
      const zIm = sin[firstIndex]!;
      const seriesRe = zRe * ratioRe - zIm * ratioIm;
      const seriesIm = zRe * ratioIm + zIm * ratioRe;
      sum += powRe * seriesRe - powIm * seriesIm;
    }
    return { value: Math.min(1, Math.max(0, sum / size)), error };
  }

  /**
   * One draw's transform φ(2πk/N) = Σ_j w_j e^{−2πi k s_j / N} at every k < N, the angles read
   * from the table of roots of unity (N · distinct values lookups, no cosine); cached per N.
   */
  private transform(size: number): Float64Array {
    const cached = this.transforms.get(size);
    if (cached) return cached;
    const { cos, sin } = rootsOfUnity(size);
    const out = new Float64Array(2 * size);
    for (let j = 0; j < this.steps.length; j++) {
      const step = this.steps[j]! % size;
      const weight = this.weights[j]!;
      let index = 0;
      for (let k = 0; k < size; k++) {
        out[2 * k] = out[2 * k]! + weight * cos[index]!;
        out[2 * k + 1] = out[2 * k + 1]! - weight * sin[index]!;
        index += step;
        if (index >= size) index -= size;
      }
    }
    this.transforms.set(size, out);
    return out;
  }
}
