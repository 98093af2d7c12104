/** The q-quantile (0–1) of already sorted numbers, nearest-rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export function sortedNumbers(values: Iterable<number>): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Counts of timestamps (ms) per bucket of `bucketMs` over [from, from + spanMs); others are ignored. */
export function bucketCounts(timestamps: readonly number[], from: number, spanMs: number, bucketMs: number) {
  const counts = new Array<number>(Math.ceil(spanMs / bucketMs)).fill(0);
  for (const t of timestamps) {
    const index = Math.floor((t - from) / bucketMs);
    if (index >= 0 && index < counts.length) counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}

/** The largest sum of `width` consecutive counts (a sliding window), with the index where it starts. */
export function peakWindow(counts: readonly number[], width: number): { peak: number; at: number } {
  let best = { peak: 0, at: 0 };
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    sum += counts[i] ?? 0;
    if (i >= width) sum -= counts[i - width] ?? 0;
    if (sum > best.peak) best = { peak: sum, at: Math.max(0, i - width + 1) };
  }
  return best;
}
