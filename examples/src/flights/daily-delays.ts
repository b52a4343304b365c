import type { FlightColumns } from './flight-columns.js'

const DAY = 86_400_000

/** Delay figures of one UTC day. */
export interface DayDelays {
  /** The day's first instant, epoch milliseconds at UTC midnight. */
  readonly day: number
  readonly flights: number
  /** Mean delay in minutes. */
  readonly mean: number
  /** Nearest-rank percentile of the delays, in minutes. */
  readonly percentile: number
}

/**
 * Computes exact daily mean and percentile delays straight from the flights, with no store in
 * between, to check what a time-series store reports for the same data.
 *
 * Delays are whole minutes, so each day keeps a count per distinct delay and the percentile is
 * exact (nearest rank: the smallest delay with at least `p`% of the day's flights at or below).
 */
export class DailyDelays {
  readonly #days = new Map<number, Map<number, number>>()

  /**
   * @param percentileRank - which percentile to report, in (0, 100]
   */
  constructor(readonly percentileRank = 95) {
    if (!(percentileRank > 0 && percentileRank <= 100)) {
      throw new RangeError(`percentile must be in (0, 100], got ${percentileRank}`)
    }
  }

  /**
   * Counts a batch of flights.
   *
   * @param batch - flights to add
   */
  add(batch: FlightColumns): void {
    for (let i = 0; i < batch.length; i++) {
      const day = Math.floor((batch.timestamp[i] as number) / DAY) * DAY
      const delay = batch.delay[i] as number
      let counts = this.#days.get(day)
      if (!counts) {
        counts = new Map()
        this.#days.set(day, counts)
      }
      counts.set(delay, (counts.get(delay) ?? 0) + 1)
    }
  }

  /**
   * @returns one entry per day that has flights, in day order
   */
  days(): DayDelays[] {
    return [...this.#days]
      .sort(([a], [b]) => a - b)
      .map(([day, counts]) => ({ day, ...this.#summarize(counts) }))
  }

  #summarize(counts: Map<number, number>) {
    const delays = [...counts].sort(([a], [b]) => a - b)
    let flights = 0
    let sum = 0
    for (const [delay, count] of delays) {
      flights += count
      sum += delay * count
    }

    const rank = Math.ceil((this.percentileRank / 100) * flights)
    let seen = 0
    let percentile = Number.NaN
    for (const [delay, count] of delays) {
      seen += count
      if (seen >= rank) {
        percentile = delay
        break
      }
    }
    return { flights, mean: sum / flights, percentile }
  }
}
