import { type StorageBackend, Timeseries } from '@kairos/core'
import { MINUTE } from './time-base.js'

/**
 * Bounds the fault tests promise and check, in milliseconds. Each backend is given a 2 s
 * round-trip timeout (1.5 s for the driver's own command timeout); a failure must show within
 * that plus half a second of scheduling slack on a loaded two-core machine.
 */
export const BACKEND_TIMEOUT_MS = 2_000
export const DRIVER_TIMEOUT_MS = 1_500
export const FAILURE_BOUND_MS = BACKEND_TIMEOUT_MS + 500

/** Cells in the large bulk insert that a fault cuts short, and cells per backend call. */
export const BIG_BATCH_CELLS = 60_000
export const SLICE_CELLS = 5_000

/** A count timeseries with one minute interval and no retention: one cell per point below. */
export function countSeries(backend: StorageBackend, prefix: string) {
  return new Timeseries(backend, { type: 'count', prefix, intervals: { minute: { step: '1m' } } })
}

/** Points that each land in a cell of their own (50 names, distinct minutes). */
export function bigBatch(anchor: number): { name: string; value: number; timestamp: number }[] {
  return Array.from({ length: BIG_BATCH_CELLS }, (_, i) => ({
    name: `n${i % 50}`,
    value: 1,
    timestamp: anchor + i * MINUTE,
  }))
}
