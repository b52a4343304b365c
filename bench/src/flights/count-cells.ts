import type { FlightData } from './flight-data.js'

/** What the delay histogram of some flights holds, whatever the store. */
export interface CellCount {
  /** Distinct (origin, interval, bucket): one kairos cell each, a hash or document in a store. */
  readonly cells: number
  /** Distinct (origin, interval, bucket, delay): one member count each, a hash field in Redis. */
  readonly entries: number
  /** Entries per cell of the day interval alone: the size of one bucket a daily read fetches. */
  readonly entriesPerDay: number
}

const HOUR = 3_600_000
const DAY = 86_400_000

/** Delays are whole minutes well inside this bound; see `entryKey`. */
const DELAY_SPAN = 100_000

/**
 * Counts the cells and member entries the delay histogram of the first `events` flights
 * stores: the same for every store, computed from the flights themselves rather than asked
 * of a store that may not say.
 *
 * @param flights - the decoded flights
 * @param events - how many of them were ingested
 * @returns the counts over the hour, day and month intervals together
 */
export function countDelayCells(flights: FlightData, events: number): CellCount {
  const origins = new Map<string, number>()
  const intervals = [
    (t: number) => Math.floor(t / HOUR),
    (t: number) => Math.floor(t / DAY),
    (t: number) => {
      const date = new Date(t)
      return date.getUTCFullYear() * 12 + date.getUTCMonth()
    },
  ]
  const cells = intervals.map(() => new Set<number>())
  const entries = intervals.map(() => new Set<number | string>())

  for (const batch of flights.batches(events, 100_000)) {
    for (let i = 0; i < batch.length; i++) {
      const origin = originIndex(origins, batch.origin[i] as string)
      const timestamp = batch.timestamp[i] as number
      const delay = batch.delay[i] as number

      intervals.forEach((bucketOf, k) => {
        const cell = origin * 1e7 + bucketOf(timestamp)
        cells[k]?.add(cell)
        entries[k]?.add(entryKey(cell, delay))
      })
    }
  }

  return {
    cells: cells.reduce((sum, set) => sum + set.size, 0),
    entries: entries.reduce((sum, set) => sum + set.size, 0),
    entriesPerDay: (entries[1]?.size ?? 0) / Math.max(1, cells[1]?.size ?? 0),
  }
}

function originIndex(origins: Map<string, number>, origin: string): number {
  let index = origins.get(origin)
  if (index === undefined) {
    index = origins.size
    origins.set(origin, index)
  }
  return index
}

// A number key is far cheaper than a string for millions of entries; it stays exact below
// 2^53 for thousands of origins and bucket numbers under 10^7. Odd delays fall back to text.
function entryKey(cell: number, delay: number): number | string {
  if (Number.isInteger(delay) && Math.abs(delay) < DELAY_SPAN / 2) {
    return cell * DELAY_SPAN + delay + DELAY_SPAN / 2
  }
  return `${cell}:${delay}`
}

const counted = new WeakMap<FlightData, Map<number, CellCount>>()

/**
 * {@link countDelayCells}, remembered per flights and size: every store of a run stores the
 * same cells.
 */
export function delayCells(flights: FlightData, events: number): CellCount {
  let bySize = counted.get(flights)
  if (bySize === undefined) {
    bySize = new Map()
    counted.set(flights, bySize)
  }

  let count = bySize.get(events)
  if (count === undefined) {
    count = countDelayCells(flights, events)
    bySize.set(events, count)
  }
  return count
}
