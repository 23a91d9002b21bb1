// Order statistics for samples: median of rounds, latency percentiles.

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** Nearest-rank quantile (q in [0, 1]) of unsorted samples. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** Runs `gc()` (node --expose-gc) a few times so heap samples are comparable. */
export function fullGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 4; i++) gc();
}
