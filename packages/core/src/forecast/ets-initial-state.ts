/**
 * Starting values for an ETS fit's states, as R's forecast::ets chooses them (`initstate`), so
 * that the optimiser starts where R's does:
 * - seasonal models take the seasonal pattern from a classical additive decomposition (centred
 *   moving average) with three or more periods of data, else from a regression on a line and
 *   one Fourier pair; the first m − 1 seasonal states are that pattern for t = m, m − 1, …, 2;
 * - the level (and slope) come from the mean of (a line fitted to) the first max(10, 2m)
 *   seasonally adjusted values.
 */
export function initialEtsState(y: readonly number[], trend: boolean, period: number): number[] {
  const n = y.length;
  let adjusted: number[] = [...y];
  let seasonalStart: number[] = [];
  if (period > 1) {
    const seasonal = n < 3 * period ? fourierSeasonal(y, period) : decomposeSeasonal(y, period);
    for (let t = period; t >= 2; t--) seasonalStart.push(seasonal[t - 1]!);
    adjusted = y.map((v, t) => v - seasonal[t]!);
  } else {
    seasonalStart = [];
  }
  const head = adjusted.slice(0, Math.min(Math.max(10, 2 * period), n));
  if (!trend) return [mean(head), ...seasonalStart];
  const [intercept, slope] = leastSquares(
    head.map((_, t) => [1, t + 1]),
    head,
  );
  return [intercept!, slope!, ...seasonalStart];
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** R's `decompose(y)$seasonal` (additive): the mean detrended value at each position of the period, centred. */
function decomposeSeasonal(y: readonly number[], period: number): number[] {
  const n = y.length;
  const weights =
    period % 2 === 0 ? [0.5, ...new Array<number>(period - 1).fill(1), 0.5] : new Array<number>(period).fill(1);
  const half = (weights.length - 1) / 2;
  const sums = new Array<number>(period).fill(0);
  const counts = new Array<number>(period).fill(0);
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    for (let j = 0; j < weights.length; j++) trend += weights[j]! * y[t - half + j]!;
    trend /= period;
    sums[t % period]! += y[t]! - trend;
    counts[t % period]!++;
  }
  const figure = sums.map((s, i) => s / counts[i]!);
  const centre = mean(figure);
  return y.map((_, t) => figure[t % period]! - centre);
}

/** Short series: y less a fitted line, where the line is fitted together with one Fourier pair (R's tslm(y ~ trend + fourier(y, 1))). */
function fourierSeasonal(y: readonly number[], period: number): number[] {
  const rows = y.map((_, i) => {
    const t = i + 1;
    const angle = (2 * Math.PI * t) / period;
    // With period 2 the sine column is zero; R's fourier() leaves it out.
    return period === 2 ? [1, t, Math.cos(angle)] : [1, t, Math.sin(angle), Math.cos(angle)];
  });
  const [intercept, slope] = leastSquares(rows, y);
  return y.map((v, i) => v - intercept! - slope! * (i + 1));
}

/** Ordinary least squares by the normal equations (a handful of columns), Gaussian elimination with partial pivoting. */
export function leastSquares(rows: readonly (readonly number[])[], y: readonly number[]): number[] {
  const p = rows[0]?.length ?? 0;
  const a = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
  rows.forEach((row, r) => {
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) a[i]![j]! += row[i]! * row[j]!;
      a[i]![p]! += row[i]! * y[r]!;
    }
  });
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const diagonal = a[col]![col]!;
    if (diagonal === 0) continue;
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const factor = a[r]![col]! / diagonal;
      for (let c = col; c <= p; c++) a[r]![c]! -= factor * a[col]![c]!;
    }
  }
  return a.map((row, i) => (row[i] === 0 ? 0 : row[p]! / row[i]!));
}
