/** A bin of the reliability diagram as the quality report gives it. */
export interface ReliabilityBinLike {
  low: number;
  high: number;
  tasks: number;
  meanConfidence: number | null;
  accuracy: { estimate: number | null; low: number; high: number };
}

/**
 * The reliability diagram's series over the bins' midpoints (uPlot needs ascending x): accuracy
 * on gold with its 95% interval (null for empty bins) and the diagonal of perfect calibration.
 */
export function reliabilitySeries(bins: readonly ReliabilityBinLike[]) {
  const x = bins.map((b) => Math.round(((b.low + b.high) / 2) * 1000) / 1000);
  const has = (b: ReliabilityBinLike) => b.tasks > 0 && b.accuracy.estimate !== null;
  return {
    x,
    accuracy: bins.map((b) => (has(b) ? b.accuracy.estimate : null)),
    high: bins.map((b) => (has(b) ? b.accuracy.high : null)),
    low: bins.map((b) => (has(b) ? b.accuracy.low : null)),
    perfect: x,
  };
}
