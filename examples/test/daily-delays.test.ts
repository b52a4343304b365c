import { describe, expect, it } from 'vitest'
import { DailyDelays } from '../src/flights/daily-delays.js'
import type { FlightColumns } from '../src/flights/flight-columns.js'

const DAY = 86_400_000
const JAN_1 = Date.UTC(2001, 0, 1)

function batch(rows: readonly (readonly [timestamp: number, delay: number])[]): FlightColumns {
  return {
    length: rows.length,
    origin: rows.map(() => 'ORD'),
    destination: rows.map(() => 'LAX'),
    timestamp: Float64Array.from(rows, ([timestamp]) => timestamp),
    delay: Float64Array.from(rows, ([, delay]) => delay),
    distance: Float64Array.from(rows, () => 1744),
  }
}

describe('DailyDelays', () => {
  it('buckets by UTC day and reports mean and nearest-rank percentile', () => {
    const tally = new DailyDelays(95)
    // Day one: delays 1..20, p95 is the 19th smallest. Day two: one flight.
    tally.add(batch(Array.from({ length: 20 }, (_, i) => [JAN_1 + i * 60_000, i + 1] as const)))
    tally.add(batch([[JAN_1 + DAY + 23 * 3_600_000, -5]]))

    expect(tally.days()).toEqual([
      { day: JAN_1, flights: 20, mean: 10.5, percentile: 19 },
      { day: JAN_1 + DAY, flights: 1, mean: -5, percentile: -5 },
    ])
  })

  it('lists days in order whatever order the flights came in', () => {
    const tally = new DailyDelays(50)
    tally.add(
      batch([
        [JAN_1 + 2 * DAY, 4],
        [JAN_1, 1],
        [JAN_1, 3],
        [JAN_1 + 2 * DAY, 2],
      ]),
    )

    expect(tally.days().map(({ day, percentile }) => [day, percentile])).toEqual([
      [JAN_1, 1],
      [JAN_1 + 2 * DAY, 2],
    ])
  })

  it('rejects a percentile outside (0, 100]', () => {
    expect(() => new DailyDelays(0)).toThrow(RangeError)
    expect(() => new DailyDelays(101)).toThrow(RangeError)
  })
})
