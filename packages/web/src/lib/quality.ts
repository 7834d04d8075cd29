/**
 * Wilson score interval for a proportion (95% by default): unlike the normal approximation it
 * stays inside [0, 1] and is honest for the small counts of one annotator's gold answers.
 */
export function wilsonInterval(successes: number, trials: number, z = 1.96): { low: number; high: number } | null {
  if (trials <= 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { low: Math.max(0, centre - margin), high: Math.min(1, centre + margin) };
}

/** A proportion with its interval, as the quality report sends it (`estimate` null when nothing was counted). */
export interface EstimateInterval {
  estimate: number | null;
  low: number;
  high: number;
  n?: number;
}

function percent(ratio: number, digits: number): string {
  return `${(Math.round(ratio * 100 * 10 ** digits) / 10 ** digits).toFixed(digits)}`;
}

/**
 * "85–96%": an interval rounded outwards (low down, high up) so it never looks narrower than it is.
 * A tiny tolerance keeps float noise (0.85 * 100 = 85.00000000000001) from moving a bound.
 */
export function formatRange(value: { low: number; high: number }, digits = 0): string {
  const scale = 10 ** digits;
  const low = Math.floor(value.low * 100 * scale + 1e-9) / scale;
  const high = Math.ceil(value.high * 100 * scale - 1e-9) / scale;
  return `${low.toFixed(digits)}–${high.toFixed(digits)}%`;
}

/** "92% (85–96%)": an estimate with its interval (see `formatRange`); "–" when there is no estimate. */
export function formatInterval(value: EstimateInterval | null | undefined, digits = 0): string {
  if (!value || value.estimate === null || !Number.isFinite(value.estimate)) return "–";
  return `${percent(value.estimate, digits)}% (${formatRange(value, digits)})`;
}

/** The interval with its count: "92% (85–96%), n = 24". */
export function formatIntervalWithN(value: EstimateInterval | null | undefined, digits = 0): string {
  if (!value || value.estimate === null) return "–";
  return value.n === undefined ? formatInterval(value, digits) : `${formatInterval(value, digits)}, n = ${value.n}`;
}

/** Kappa and alpha to two decimals ("0.58", "−0.12"), "–" when undefined (e.g. one class only). */
export function formatCoefficient(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const text = value.toFixed(2);
  return text.startsWith("-") ? `−${text.slice(1)}` : text;
}

/**
 * Landis and Koch's reading of a kappa (or alpha): a word for people who do not read
 * coefficients. The bands are conventions, not statistics; shown beside the number.
 */
export function agreementStrength(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "";
  if (value < 0) return "worse than chance";
  if (value < 0.2) return "slight";
  if (value < 0.4) return "fair";
  if (value < 0.6) return "moderate";
  if (value < 0.8) return "substantial";
  return "almost perfect";
}

/** Series for the accuracy trend chart: one point per day, gaps (null) on days without gold answers. */
export function accuracyTrendSeries(trend: { day: string; goldAccuracy: EstimateInterval }[]): {
  times: number[];
  estimate: (number | null)[];
  low: (number | null)[];
  high: (number | null)[];
  answered: number[];
} {
  const times: number[] = [];
  const estimate: (number | null)[] = [];
  const low: (number | null)[] = [];
  const high: (number | null)[] = [];
  const answered: number[] = [];
  for (const point of trend) {
    // Noon UTC: the day's point sits in the middle of its day whatever the viewer's time zone.
    times.push(Date.parse(`${point.day}T12:00:00Z`) / 1000);
    const has = point.goldAccuracy.estimate !== null && (point.goldAccuracy.n ?? 1) > 0;
    estimate.push(has ? point.goldAccuracy.estimate : null);
    low.push(has ? point.goldAccuracy.low : null);
    high.push(has ? point.goldAccuracy.high : null);
    answered.push(point.goldAccuracy.n ?? 0);
  }
  return { times, estimate, low, high, answered };
}
