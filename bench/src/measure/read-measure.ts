import { createProgress } from '@kairos/examples'
import { type LatencySummary, summariseLatency } from './latency-summary.js'
import { runPool, timeEach } from './run-pool.js'

/** Throughput with many reads in flight and the latency of reads made one at a time. */
export interface ReadMeasure {
  /** Operations per second with `concurrency` in flight. */
  readonly rate: number
  readonly operations: number
  readonly concurrency: number
  readonly latency: LatencySummary
}

/** Seconds of reads the throughput measurement aims at, to smooth out start-up effects. */
const THROUGHPUT_SECONDS = 2

/** Sequential latency samples aimed at, enough for a stable 99th percentile. */
const LATENCY_SAMPLES = 500

/** A pass slower than this is not repeated: a slow store gets one pass of each kind. */
const SLOW_PASS_MS = 3_000

/**
 * The most milliseconds one slow pass may take: on a store that needs a second per read,
 * a pass over every name would take minutes and say nothing more.
 */
const SLOW_STORE_BUDGET_MS = 10_000

/**
 * Measures one kind of read: a warm-up pass over `items`, then passes with `concurrency`
 * reads in flight for about two seconds, then passes one read at a time for the latency
 * percentiles. On a slow store the warm-up pass is the measurement, and each part stops
 * starting reads after ten seconds.
 *
 * @param label - for the progress bars
 * @param items - one read per item per pass
 * @param concurrency - reads in flight in the throughput passes
 * @param read - one read
 * @returns throughput and latency
 */
export async function measureRead<T>(
  label: string,
  items: readonly T[],
  concurrency: number,
  read: (item: T) => Promise<unknown>,
): Promise<ReadMeasure> {
  const throughput = await measureThroughput(label, items, concurrency, read)
  const latency = await measureLatency(label, items, read)

  return { ...throughput, concurrency, latency: summariseLatency(latency) }
}

async function measureThroughput<T>(
  label: string,
  items: readonly T[],
  concurrency: number,
  read: (item: T) => Promise<unknown>,
): Promise<{ rate: number; operations: number }> {
  // The first pass warms the JIT and the connections; it only sizes the measured passes,
  // unless it is so slow that it has to be the measurement.
  const deadline = performance.now() + SLOW_STORE_BUDGET_MS
  const first = await runPool(items, concurrency, read, { deadline })
  if (first.milliseconds >= SLOW_PASS_MS) {
    return { rate: first.done / (first.milliseconds / 1000), operations: first.done }
  }

  const passes = plannedPasses(first.milliseconds, THROUGHPUT_SECONDS * 1000)
  const total = passes * items.length
  const progress = createProgress({ total, label: `${label} x${concurrency}` })
  let elapsed = 0
  for (let pass = 0; pass < passes; pass++) {
    const run = await runPool(items, concurrency, read, { onDone: () => progress.advance(1) })
    elapsed += run.milliseconds
  }
  progress.stop()

  return { rate: total / (elapsed / 1000), operations: total }
}

async function measureLatency<T>(
  label: string,
  items: readonly T[],
  read: (item: T) => Promise<unknown>,
): Promise<number[]> {
  const passes = Math.max(1, Math.ceil(LATENCY_SAMPLES / items.length))
  const progress = createProgress({ total: passes * items.length, label: `${label} x1` })
  const onDone = () => progress.advance(1)
  const started = performance.now()
  const deadline = started + SLOW_STORE_BUDGET_MS
  const durations: number[] = []

  for (let pass = 0; pass < passes; pass++) {
    durations.push(...(await timeEach(items, read, { onDone, deadline })))
    if (performance.now() - started >= SLOW_PASS_MS) break
  }
  progress.stop()
  return durations
}

function plannedPasses(firstMs: number, budgetMs: number): number {
  return Math.min(200, Math.max(1, Math.ceil(budgetMs / Math.max(firstMs, 0.001))))
}
