import { createProgress, type FlightColumns } from '@kairos/examples'

/** What the plain-Map ingest measured. */
export interface PlainMapResult {
  readonly events: number
  readonly seconds: number
  readonly eventsPerSecond: number
  /** Distinct (origin, interval, bucket) held at the end: a check that the work was done. */
  readonly cells: number
}

/** Bucket start → delay → count. */
type Buckets = Map<number, Map<number, number>>

/** One origin's hour, day and month buckets. */
type Intervals = [hours: Buckets, days: Buckets, months: Buckets]

const HOUR = 3_600_000
const DAY = 86_400_000

/**
 * The delay histogram kept the plainest way JavaScript allows, without kairos: per flight and
 * per interval (hour, day, UTC month), one count in nested `Map`s keyed by origin, bucket
 * start and delay. No validation, no encoding, no batching: what the engine itself costs for
 * the shape of store that the memory backend keeps, a reference for that backend's ingest.
 *
 * @param batches - the flights, in the batches kairos gets them
 * @param events - how many flights the batches hold, for the progress bar
 * @returns events per second
 */
export function plainMapIngest(batches: Iterable<FlightColumns>, events: number): PlainMapResult {
  const progress = createProgress({ total: events, label: 'plain Map ingest' })
  const byOrigin = new Map<string, Intervals>()
  const monthOfDay = new Map<number, number>()

  for (const batch of batches) {
    for (let i = 0; i < batch.length; i++) {
      const t = batch.timestamp[i] as number
      const delay = batch.delay[i] as number
      const [hours, days, months] = intervalsOf(byOrigin, batch.origin[i] as string)
      const day = Math.floor(t / DAY) * DAY

      count(hours, Math.floor(t / HOUR) * HOUR, delay)
      count(days, day, delay)
      count(months, monthStart(monthOfDay, day), delay)
    }
    progress.advance(batch.length)
  }

  const { events: done, milliseconds } = progress.stop()
  let cells = 0
  for (const intervals of byOrigin.values()) for (const buckets of intervals) cells += buckets.size
  return {
    events: done,
    seconds: milliseconds / 1000,
    eventsPerSecond: done / (milliseconds / 1000),
    cells,
  }
}

function intervalsOf(byOrigin: Map<string, Intervals>, origin: string): Intervals {
  let intervals = byOrigin.get(origin)
  if (intervals === undefined) {
    intervals = [new Map(), new Map(), new Map()]
    byOrigin.set(origin, intervals)
  }
  return intervals
}

function count(buckets: Buckets, start: number, delay: number): void {
  let counts = buckets.get(start)
  if (counts === undefined) {
    counts = new Map()
    buckets.set(start, counts)
  }
  counts.set(delay, (counts.get(delay) ?? 0) + 1)
}

/** The UTC month of a day, remembered per day: `Date` per flight would dominate. */
function monthStart(monthOfDay: Map<number, number>, day: number): number {
  let start = monthOfDay.get(day)
  if (start === undefined) {
    const date = new Date(day)
    start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)
    monthOfDay.set(day, start)
  }
  return start
}
