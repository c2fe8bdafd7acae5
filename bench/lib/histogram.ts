// A fixed-bucket latency histogram: 10 µs buckets to 10 ms, 1 ms buckets to 10 s; mergeable across processes.

/** Width of the fine buckets, in ms. */
const FINE_MS = 0.01;
/** Upper edge of the fine range, in ms. */
const FINE_LIMIT_MS = 10;
/** Width of the coarse buckets, in ms. */
const COARSE_MS = 1;
/** Upper edge of the coarse range, in ms; anything above lands in the last bucket. */
const COARSE_LIMIT_MS = 10_000;

const FINE_BUCKETS = Math.round(FINE_LIMIT_MS / FINE_MS);
const BUCKETS = FINE_BUCKETS + Math.round((COARSE_LIMIT_MS - FINE_LIMIT_MS) / COARSE_MS) + 1;

function bucketOf(ms: number): number {
  if (ms < FINE_LIMIT_MS) return Math.max(0, Math.floor(ms / FINE_MS));
  return Math.min(BUCKETS - 1, FINE_BUCKETS + Math.floor((ms - FINE_LIMIT_MS) / COARSE_MS));
}

/** Upper edge of a bucket, in ms: percentiles are reported conservatively. */
function upperEdge(bucket: number): number {
  if (bucket < FINE_BUCKETS) return (bucket + 1) * FINE_MS;
  return FINE_LIMIT_MS + (bucket - FINE_BUCKETS + 1) * COARSE_MS;
}

/** Sparse form for IPC: [bucket, count] pairs. */
export type HistogramPairs = Array<[number, number]>;

/** Latency samples in ms. */
export class Histogram {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  max = 0;

  record(ms: number): void {
    this.counts[bucketOf(ms)]! += 1;
    this.count += 1;
    if (ms > this.max) this.max = ms;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.max = 0;
  }

  toPairs(): HistogramPairs {
    const pairs: HistogramPairs = [];
    for (let i = 0; i < BUCKETS; i++) if (this.counts[i]! > 0) pairs.push([i, this.counts[i]!]);
    return pairs;
  }

  addPairs(pairs: HistogramPairs, max: number): void {
    for (const [bucket, count] of pairs) {
      this.counts[bucket]! += count;
      this.count += count;
    }
    if (max > this.max) this.max = max;
  }

  /** The `p`-th percentile (0..100) in ms, as the upper edge of its bucket; NaN without samples. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(upperEdge(i), this.max);
    }
    return this.max;
  }
}
