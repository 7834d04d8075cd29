/**
 * Objective for `minimizeConjugateGradient`: writes the gradient at `x` into `gradient` and
 * returns the value at `x`.
 */
export type ObjectiveWithGradient = (x: Float64Array, gradient: Float64Array) => number;

/** Settings of `minimizeConjugateGradient`. */
export interface ConjugateGradientOptions {
  /** Most line searches (iterations). */
  maxIterations: number;
  /** Stop once the largest gradient component is at most this. */
  gradientTolerance: number;
}

/** Armijo (sufficient decrease) and curvature constants of the strong Wolfe conditions. */
const C1 = 1e-4;
const C2 = 0.4;
/** A new direction must descend at least this share of the squared gradient norm, else restart. */
const DESCENT = 0.01;
const MAX_ZOOM = 30;

/**
 * Minimises `objective` from `x` (updated in place) by nonlinear conjugate gradients with the
 * Polak-Ribière+ update and a line search for the strong Wolfe conditions (Nocedal and Wright,
 * algorithms 3.5 and 3.6, cubic interpolation), as GLAD's reference M-step does with scipy's
 * `minimize(method="CG")`. The first trial step of each search follows the previous decrease
 * (Nocedal and Wright eq. 3.60, capped at 1). Returns the iterations run.
 *
 * Hand-written because matching crowd-kit needs scipy's iteration cap and gradient tolerance
 * exactly; the npm optimisers at hand (e.g. fmin, unmaintained since 2017) use other line-search
 * constants and stopping rules, and would still need an adapter to Float64Array gradients.
 */
export function minimizeConjugateGradient(
  objective: ObjectiveWithGradient,
  x: Float64Array,
  options: ConjugateGradientOptions,
): number {
  const n = x.length;
  const gradient = new Float64Array(n);
  const nextGradient = new Float64Array(n);
  const direction = new Float64Array(n);
  const trial = new Float64Array(n);
  let value = objective(x, gradient);
  let previousValue = value + norm2(gradient) / 2;
  for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
  let iterations = 0;
  while (iterations < options.maxIterations && maxAbs(gradient) > options.gradientTolerance) {
    const slope = dot(gradient, direction);
    if (!(slope < 0)) break;
    let first = Math.min(1, (1.01 * 2 * (value - previousValue)) / slope);
    if (!(first > 0)) first = 1;
    const evaluate = (step: number): { value: number; slope: number } => {
      for (let i = 0; i < n; i++) trial[i] = x[i]! + step * direction[i]!;
      const v = objective(trial, nextGradient);
      return { value: v, slope: dot(nextGradient, direction) };
    };
    const step = strongWolfeStep(evaluate, value, slope, first);
    if (step === undefined) break;
    const accepted = evaluate(step); // leaves the accepted point in `trial` and its gradient in `nextGradient`
    const squared = dot(gradient, gradient);
    let change = 0;
    for (let i = 0; i < n; i++) change += (nextGradient[i]! - gradient[i]!) * nextGradient[i]!;
    const beta = Math.max(0, change / squared);
    for (let i = 0; i < n; i++) direction[i] = -nextGradient[i]! + beta * direction[i]!;
    if (dot(direction, nextGradient) > -DESCENT * dot(nextGradient, nextGradient))
      for (let i = 0; i < n; i++) direction[i] = -nextGradient[i]!;
    x.set(trial);
    gradient.set(nextGradient);
    previousValue = value;
    value = accepted.value;
    iterations++;
  }
  return iterations;
}

/** A step along the direction that meets the strong Wolfe conditions, or undefined if none found. */
function strongWolfeStep(
  evaluate: (step: number) => { value: number; slope: number },
  value0: number,
  slope0: number,
  first: number,
): number | undefined {
  let previousStep = 0;
  let previous = { value: value0, slope: slope0 };
  let step = first;
  for (let i = 0; i < MAX_ZOOM; i++) {
    const current = evaluate(step);
    if (
      !Number.isFinite(current.value) ||
      current.value > value0 + C1 * step * slope0 ||
      (i > 0 && current.value >= previous.value)
    )
      return zoom(evaluate, value0, slope0, previousStep, previous, step, current);
    if (Math.abs(current.slope) <= -C2 * slope0) return step;
    if (current.slope >= 0) return zoom(evaluate, value0, slope0, step, current, previousStep, previous);
    previousStep = step;
    previous = current;
    step *= 2;
  }
  return undefined;
}

function zoom(
  evaluate: (step: number) => { value: number; slope: number },
  value0: number,
  slope0: number,
  lowStep: number,
  low: { value: number; slope: number },
  highStep: number,
  high: { value: number; slope: number },
): number | undefined {
  for (let i = 0; i < MAX_ZOOM; i++) {
    let step = cubicMinimizer(lowStep, low, highStep, high);
    const lo = Math.min(lowStep, highStep);
    const width = Math.abs(highStep - lowStep);
    if (step === undefined || step < lo + 0.1 * width || step > lo + 0.9 * width) step = (lowStep + highStep) / 2;
    const current = evaluate(step);
    if (!Number.isFinite(current.value) || current.value > value0 + C1 * step * slope0 || current.value >= low.value) {
      highStep = step;
      high = current;
    } else {
      if (Math.abs(current.slope) <= -C2 * slope0) return step;
      if (current.slope * (highStep - lowStep) >= 0) {
        highStep = lowStep;
        high = low;
      }
      lowStep = step;
      low = current;
    }
    if (width < 1e-14) break;
  }
  return lowStep > 0 ? lowStep : undefined;
}

/** Minimiser of the cubic through two points with their values and slopes, if it exists. */
function cubicMinimizer(
  a: number,
  fa: { value: number; slope: number },
  b: number,
  fb: { value: number; slope: number },
): number | undefined {
  if (!Number.isFinite(fb.value)) return undefined;
  const d1 = fa.slope + fb.slope - (3 * (fa.value - fb.value)) / (a - b);
  const radicand = d1 * d1 - fa.slope * fb.slope;
  if (radicand < 0) return undefined;
  const d2 = Math.sign(b - a) * Math.sqrt(radicand);
  const step = b - (b - a) * ((fb.slope + d2 - d1) / (fb.slope - fa.slope + 2 * d2));
  return Number.isFinite(step) ? step : undefined;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function norm2(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]!));
  return max;
}
