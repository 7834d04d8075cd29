/**
 * Latency histogram with bounded memory: 1 µs buckets below 1 ms, then buckets growing by 0.5 %
 * up to about 2 minutes, so any percentile is read to within 0.5 % of the true value.
 */
export class Histogram {
  private static readonly LINEAR_US = 1000;
  private static readonly GROWTH = Math.log(1.005);
  private static readonly BUCKETS = Histogram.LINEAR_US + Math.ceil(Math.log(120_000) / Histogram.GROWTH) + 1;

  private readonly counts = new Float64Array(Histogram.BUCKETS);
  count = 0;
  private sumMs = 0;
  maxMs = 0;

  record(ms: number): void {
    const us = Math.max(0, ms * 1000);
    let index: number;
    if (us < Histogram.LINEAR_US) index = Math.floor(us);
    else index = Histogram.LINEAR_US + Math.floor(Math.log(us / Histogram.LINEAR_US) / Histogram.GROWTH);
    this.counts[Math.min(index, Histogram.BUCKETS - 1)]! += 1;
    this.count++;
    this.sumMs += ms;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  merge(other: Histogram): void {
    for (let i = 0; i < Histogram.BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.sumMs += other.sumMs;
    this.maxMs = Math.max(this.maxMs, other.maxMs);
  }

  get meanMs(): number {
    return this.count === 0 ? Number.NaN : this.sumMs / this.count;
  }

  /** The latency (ms) below which `p` percent of the recorded values fall (bucket's upper edge). */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < Histogram.BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(Histogram.upperEdgeMs(i), this.maxMs);
    }
    return this.maxMs;
  }

  private static upperEdgeMs(index: number): number {
    if (index < Histogram.LINEAR_US) return (index + 1) / 1000;
    return (Histogram.LINEAR_US * Math.exp((index - Histogram.LINEAR_US + 1) * Histogram.GROWTH)) / 1000;
  }
}
