/** The value below which `p` percent of `sorted` lies (nearest rank). `sorted` must be ascending and not empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** The middle value; the mean of the two middle values for an even count. `values` must not be empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Rounds to `digits` decimals, for results people read. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Timings of one kind, summed up. */
export interface SampleSummary {
  runs: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

/** The percentiles, least and most of `samples` (in any order; not empty). */
export function summarizeSamples(samples: readonly number[]): SampleSummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { runs: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** The order of `sides` over `repeats` rounds: as given, then reversed, and so on (A B, B A, ...). */
export function alternatingOrder<T>(sides: readonly T[], repeats: number): T[] {
  return Array.from({ length: repeats }, (_, round) => (round % 2 === 0 ? [...sides] : [...sides].reverse())).flat();
}
