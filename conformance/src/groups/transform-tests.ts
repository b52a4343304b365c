import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import { expectMatch } from '../kit/compare.js'
import { MINUTE } from '../kit/time.js'

const intervals = { ten: { step: '10s' }, minute: { step: '1m' } }

/** 1..100 in a scrambled order, so that percentiles have to sort. */
const hundred = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1)

const named: [unknown, unknown][] = [
  ['mean', 50.5],
  ['count', 100],
  ['min', 1],
  ['max', 100],
  ['sum', 5050],
  ['rate', 10],
  ['median', 50],
  ['p90', 90],
  ['p95', 95],
  ['p99', 99],
  [{ percentile: 0.25 }, 25],
  [{ percentile: 1 }, 100],
  ['stddev', 28.866070047722118],
]

const onEmpty = {
  count: 0,
  sum: 0,
  rate: 0,
  mean: null,
  min: null,
  max: null,
  median: null,
  p90: null,
  p95: null,
  p99: null,
  stddev: null,
}

/** Two, four (three times), five (twice), seven and nine: mean 5, stddev 2. */
const weighted = [4, 2, 5, 4, 9, 4, 7, 5]

/** Transforms by name, percentiles, functions, arrays and records of them. */
export function transformTests(setup: ConformanceOptions): void {
  describe('transforms', () => {
    const kit = useBackend(setup)

    async function seriesOf(values: readonly number[], type = 'series') {
      const { ts } = kit.open({ type, intervals })
      await ts.bulkInsert(values.map((value) => ({ name: 'x', value, timestamp: kit.anchor })))
      return ts
    }

    it.each(named)('%j over a series bucket', async (transform, expected) => {
      const ts = await seriesOf(hundred)
      const read = await ts.get('x', 'ten', { timestamp: kit.anchor, transform })
      expect([...read.keys()]).toEqual([kit.anchor])
      expectMatch(read.get(kit.anchor), expected)
    })

    it('a function gets the data and the bucket duration in milliseconds', async () => {
      const ts = await seriesOf([3, 1])
      const transform = (data: unknown, durationMs: unknown) => ({ data, durationMs })
      const read = await ts.get('x', 'minute', { timestamp: kit.anchor, transform })
      expect(read.get(kit.anchor)).toEqual({ data: [3, 1], durationMs: MINUTE })
    })

    it('an array of names gives a record keyed by those names', async () => {
      const ts = await seriesOf(hundred)
      const read = await ts.get('x', 'ten', {
        timestamp: kit.anchor,
        transform: ['count', 'max', 'median'],
      })
      expectMatch(read.get(kit.anchor), { count: 100, max: 100, median: 50 })
    })

    it('a record of transforms gives a record with the same keys', async () => {
      const ts = await seriesOf(hundred)
      const transform = {
        n: 'count',
        top: 'max',
        quarter: { percentile: 0.25 },
        twice: (data: unknown) => (data as unknown[]).length * 2,
      }
      const read = await ts.get('x', 'ten', { timestamp: kit.anchor, transform })
      expectMatch(read.get(kit.anchor), { n: 100, top: 100, quarter: 25, twice: 200 })
    })

    // On a histogram, rate is a map of values (empty here), so only the series checks it.
    it.each(['series', 'histogram'])('over an empty %s bucket', async (type) => {
      const { ts } = kit.open({ type, intervals })
      const names = Object.keys(onEmpty).filter((name) => type === 'series' || name !== 'rate')
      const transform = { ...Object.fromEntries(names.map((k) => [k, k])), q: { percentile: 0.5 } }
      const read = await ts.get('x', 'ten', { timestamp: kit.anchor, transform })

      const expected = Object.fromEntries(names.map((k) => [k, onEmpty[k as keyof typeof onEmpty]]))
      expectMatch(read.get(kit.anchor), { ...expected, q: null }, true)
    })

    it('a histogram weighs each value by its count', async () => {
      const ts = await seriesOf(weighted, 'histogram')
      const transform = ['mean', 'sum', 'count', 'min', 'max', 'median', 'p90', 'stddev']
      const read = await ts.get('x', 'ten', { timestamp: kit.anchor, transform })
      expectMatch(read.get(kit.anchor), {
        mean: 5,
        sum: 40,
        count: 8,
        min: 2,
        max: 9,
        median: 4,
        p90: 9,
        stddev: 2,
      })
      const quartile = await ts.get('x', 'ten', {
        timestamp: kit.anchor,
        transform: { percentile: 0.75 },
      })
      expect(quartile.get(kit.anchor)).toBe(5)
    })

    it('rate on a histogram gives each value per second', async () => {
      const ts = await seriesOf(weighted, 'histogram')
      const read = await ts.get('x', 'ten', { timestamp: kit.anchor, transform: 'rate' })
      expectMatch(
        read.get(kit.anchor),
        new Map([
          [2, 0.1],
          [4, 0.3],
          [5, 0.2],
          [7, 0.1],
          [9, 0.1],
        ]),
      )
    })

    it('rate on a count divides the total by the bucket seconds', async () => {
      const { ts } = kit.open({ type: 'count', intervals })
      await ts.insert('c', 30, { timestamp: kit.anchor })
      const read = await ts.series('c', 'minute', {
        start: kit.anchor,
        steps: 2,
        transform: 'rate',
      })
      expectMatch(
        [...read],
        [
          [kit.anchor, 0.5],
          [kit.anchor + MINUTE, 0],
        ],
      )
    })

    it('a set transforms its distinct values', async () => {
      const ts = await seriesOf([1, 6, 2, 3, 6, 1], 'set')
      const transform = ['count', 'sum', 'min', 'max', 'mean']
      const read = await ts.get('x', 'ten', { timestamp: kit.anchor, transform })
      expectMatch(read.get(kit.anchor), { count: 4, sum: 12, min: 1, max: 6, mean: 3 })
    })

    it('a function transforms a gauge and a count', async () => {
      const gauge = kit.open({ type: 'gauge', intervals }).ts
      const count = kit.open({ type: 'count', intervals }).ts
      await gauge.insert('x', 21, { timestamp: kit.anchor })
      await count.insert('x', 4, { timestamp: kit.anchor })

      const double = (value: unknown) => (value as number) * 2
      expect(
        (await gauge.get('x', 'minute', { timestamp: kit.anchor, transform: double })).get(
          kit.anchor,
        ),
      ).toBe(42)
      expect(
        (await count.get('x', 'minute', { timestamp: kit.anchor, transform: double })).get(
          kit.anchor,
        ),
      ).toBe(8)
    })
  })
}
