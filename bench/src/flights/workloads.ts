import type { BulkPoint, TimeseriesConfig } from '@kairos/core'
import type { FlightColumns } from '@kairos/examples'

/** What the benchmark stores from the flights, and how it turns a batch into points. */
export interface Workload {
  readonly key: WorkloadKey
  /** For people, as in `delay histogram (1h, 1d, monthly)`. */
  readonly label: string
  readonly config: (prefix: string) => TimeseriesConfig
  readonly points: (batch: FlightColumns) => BulkPoint<number>[]
}

/** The workloads by key. */
export type WorkloadKey = 'delay' | 'count' | 'distance'

/** Hour, day and calendar month buckets without retention, as the brief of the demo. */
const THREE_INTERVALS = {
  hour: { step: '1h' },
  day: { step: '1d' },
  month: { step: 'monthly' },
} as const

/** A histogram of departure delays per origin airport: the `count` merge operation. */
export const DELAY_WORKLOAD: Workload = {
  key: 'delay',
  label: 'delay histogram (1h, 1d, monthly)',
  config: (prefix) => ({ type: 'histogram', prefix, intervals: THREE_INTERVALS }),
  points: (batch) => toPoints(batch, (i) => batch.delay[i] as number),
}

/** Flights per origin airport, one per flight: the `increment` merge operation. */
export const COUNT_WORKLOAD: Workload = {
  key: 'count',
  label: 'flight count (1h, 1d, monthly)',
  config: (prefix) => ({ type: 'count', prefix, intervals: THREE_INTERVALS }),
  points: (batch) => toPoints(batch, () => 1),
}

/**
 * Every flight's distance kept raw per origin and day: the `append` merge operation, whose
 * stored size grows with every event rather than with distinct values.
 */
export const DISTANCE_WORKLOAD: Workload = {
  key: 'distance',
  label: 'distance series (1d)',
  config: (prefix) => ({ type: 'series', prefix, intervals: { day: { step: '1d' } } }),
  points: (batch) => toPoints(batch, (i) => batch.distance[i] as number),
}

/** The workloads of the ingest phase, in the order they run. */
export const INGEST_WORKLOADS: readonly Workload[] = [
  DELAY_WORKLOAD,
  COUNT_WORKLOAD,
  DISTANCE_WORKLOAD,
]

function toPoints(batch: FlightColumns, value: (row: number) => number): BulkPoint<number>[] {
  const points: BulkPoint<number>[] = new Array(batch.length)

  for (let i = 0; i < batch.length; i++) {
    points[i] = {
      name: batch.origin[i] as string,
      value: value(i),
      timestamp: batch.timestamp[i] as number,
    }
  }
  return points
}
