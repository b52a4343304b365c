/** Latencies of single operations, in milliseconds. */
export interface LatencySummary {
  readonly samples: number
  readonly p50: number
  readonly p99: number
  readonly mean: number
}

/**
 * Summarises single-operation latencies by nearest rank.
 *
 * @param milliseconds - one duration per operation, in any order
 * @returns count, median, 99th percentile and mean
 */
export function summariseLatency(milliseconds: readonly number[]): LatencySummary {
  const sorted = [...milliseconds].sort((a, b) => a - b)
  const total = sorted.reduce((sum, ms) => sum + ms, 0)

  return {
    samples: sorted.length,
    p50: rank(sorted, 0.5),
    p99: rank(sorted, 0.99),
    mean: sorted.length === 0 ? 0 : total / sorted.length,
  }
}

function rank(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number
}
