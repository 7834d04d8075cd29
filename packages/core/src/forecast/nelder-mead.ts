/** Where `nelderMead` stopped. */
export interface NelderMeadResult {
  point: number[];
  value: number;
  evaluations: number;
  /** False when it stopped on `maxEvaluations` or a shrink that did not shrink. */
  converged: boolean;
}

export interface NelderMeadOptions {
  /** Stop when the simplex's values are within `relativeTolerance · (|f₀| + relativeTolerance)`. Default √ε, as R. */
  relativeTolerance?: number;
  /** Default 2000, as R's `ets`. */
  maxEvaluations?: number;
}

/** What an objective returns where it is not finite; as R's `optim`. */
const BIG = 1e35;

/**
 * Minimises `f` by the Nelder-Mead simplex, following R's `optim(method = "Nelder-Mead")` (and
 * the copy inside R's forecast::ets): a first simplex stepping each coordinate by 10% of the
 * largest |coordinate| (0.1 when all are 0), reflection 1, contraction 0.5, expansion 2, and a
 * stop when the spread of values falls under the relative tolerance. An objective that returns a
 * non-finite value (outside the parameter space) is treated as 1e35. Following R keeps our fits
 * comparable with R's; the npm optimisers at hand (e.g. fmin) stop on other criteria.
 */
export function nelderMead(
  f: (point: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const tolerance = options.relativeTolerance ?? Math.sqrt(Number.EPSILON);
  const maxEvaluations = options.maxEvaluations ?? 2000;
  const n = start.length;
  let evaluations = 0;
  const evaluate = (point: readonly number[]) => {
    evaluations++;
    const value = f(point);
    return Number.isFinite(value) ? value : BIG;
  };

  const first = evaluate(start);
  if (first >= BIG) throw new Error("nelderMead: the objective is not finite at the starting point");
  const convergence = tolerance * (Math.abs(first) + tolerance);
  if (n === 0) return { point: [], value: first, evaluations, converged: true };

  let step = 0;
  for (const x of start) step = Math.max(step, 0.1 * Math.abs(x));
  if (step === 0) step = 0.1;
  const vertices: number[][] = [[...start]];
  const values: number[] = [first];
  let size = 0;
  for (let j = 0; j < n; j++) {
    const vertex = [...start];
    let trial = step;
    // A step too small to change the coordinate grows tenfold until it does.
    while (vertex[j] === start[j]) {
      vertex[j] = start[j]! + trial;
      trial *= 10;
    }
    size += trial;
    vertices.push(vertex);
    values.push(Number.NaN);
  }
  let oldSize = size;
  let low = 0;
  let recompute = true;
  let converged = false;

  while (evaluations <= maxEvaluations) {
    if (recompute) {
      for (let j = 0; j <= n; j++) if (j !== low) values[j] = evaluate(vertices[j]!);
      recompute = false;
    }
    let high = low;
    for (let j = 0; j <= n; j++) {
      if (values[j]! < values[low]!) low = j;
      if (values[j]! > values[high]!) high = j;
    }
    const lowValue = values[low]!;
    const highValue = values[high]!;
    if (highValue <= lowValue + convergence) {
      converged = true;
      break;
    }

    const centroid = new Array<number>(n).fill(0);
    for (let j = 0; j <= n; j++) {
      if (j === high) continue;
      for (let i = 0; i < n; i++) centroid[i]! += vertices[j]![i]! / n;
    }
    const reflected = centroid.map((c, i) => 2 * c - vertices[high]![i]!);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < lowValue) {
      const expanded = centroid.map((c, i) => 2 * reflected[i]! - c);
      const expandedValue = evaluate(expanded);
      if (expandedValue < reflectedValue) {
        vertices[high] = expanded;
        values[high] = expandedValue;
      } else {
        vertices[high] = reflected;
        values[high] = reflectedValue;
      }
      continue;
    }
    if (reflectedValue < highValue) {
      vertices[high] = reflected;
      values[high] = reflectedValue;
    }
    const contracted = centroid.map((c, i) => 0.5 * vertices[high]![i]! + 0.5 * c);
    const contractedValue = evaluate(contracted);
    if (contractedValue < values[high]!) {
      vertices[high] = contracted;
      values[high] = contractedValue;
    } else if (reflectedValue >= highValue) {
      // Shrink towards the best vertex.
      recompute = true;
      size = 0;
      for (let j = 0; j <= n; j++) {
        if (j === low) continue;
        for (let i = 0; i < n; i++) {
          vertices[j]![i] = 0.5 * (vertices[j]![i]! - vertices[low]![i]!) + vertices[low]![i]!;
          size += Math.abs(vertices[j]![i]! - vertices[low]![i]!);
        }
      }
      if (size >= oldSize) break;
      oldSize = size;
    }
  }
  return { point: [...vertices[low]!], value: values[low]!, evaluations, converged };
}
