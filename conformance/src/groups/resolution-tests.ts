import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import { expectMatch, ordered } from '../kit/compare.js'
import { HOUR, MINUTE, SECOND } from '../kit/time.js'

const fine = { hour: { step: '1h', resolution: '1m' } }
const coarse = { minute: { step: '1m' } }

/** What condense makes of two sub-buckets of each type (written at +1m and +3m). */
const condensed: [string, unknown[], unknown, unknown][] = [
  ['series', [[1, 2], [3]], [1, 2, 3], []],
  [
    'histogram',
    [[1, 2], [2]],
    new Map([
      [1, 1],
      [2, 2],
    ]),
    new Map(),
  ],
  ['count', [[1, 2], [3]], 6, 0],
  ['gauge', [[5], [7]], 7, null],
  [
    'set',
    [
      [1, 2],
      [2, 3],
    ],
    new Set([1, 2, 3]),
    new Set(),
  ],
]

/** Intervals with a resolution: sub-buckets, `condense` and `collapse`. */
export function resolutionTests(setup: ConformanceOptions): void {
  describe('resolutions, condense and collapse', () => {
    const kit = useBackend(setup)

    it('get without condense returns the sub-buckets that hold data', async () => {
      const { ts } = kit.open({ type: 'series', intervals: fine })
      const t = kit.anchor
      await ts.insert('s', 1, { timestamp: t + MINUTE + 5 * SECOND })
      await ts.insert('s', 2, { timestamp: t + MINUTE + 10 * SECOND })
      await ts.insert('s', 3, { timestamp: t + 5 * MINUTE })

      const read = await ts.get('s', 'hour', { timestamp: t + 30 * MINUTE })
      expect([...read]).toEqual([
        [t + MINUTE, [1, 2]],
        [t + 5 * MINUTE, [3]],
      ])
      const folded = await ts.get('s', 'hour', { timestamp: t + 30 * MINUTE, condense: true })
      expect([...folded]).toEqual([[t, [1, 2, 3]]])
    })

    it('series without condense maps each bucket to its sub-buckets with data', async () => {
      const { ts } = kit.open({ type: 'series', intervals: fine })
      const t = kit.anchor
      await ts.insert('s', 3, { timestamp: t + 5 * MINUTE })
      await ts.insert('s', 1, { timestamp: t + MINUTE })

      const read = await ts.series('s', 'hour', { start: t, end: t + HOUR })
      expect([...read.keys()]).toEqual([t, t + HOUR])
      expect([...(read.get(t) as Map<number, unknown>)]).toEqual([
        [t + MINUTE, [1]],
        [t + 5 * MINUTE, [3]],
      ])
      const empty = read.get(t + HOUR)
      expect(empty).toBeInstanceOf(Map)
      expect((empty as Map<number, unknown>).size).toBe(0)

      const folded = await ts.series('s', 'hour', { start: t, end: t + HOUR, condense: true })
      expect([...folded]).toEqual([
        [t, [1, 3]],
        [t + HOUR, []],
      ])
    })

    it.each(condensed)('condense folds %s sub-buckets', async (type, subs, whole, empty) => {
      const { ts } = kit.open({ type, intervals: fine })
      const t = kit.anchor
      for (const [i, values] of subs.entries()) {
        const at = t + (1 + 2 * i) * MINUTE
        for (const value of values as unknown[]) await ts.insert('x', value, { timestamp: at })
      }

      const read = await ts.series('x', 'hour', { start: t, steps: 2, condense: true })
      expect([...read]).toEqual([
        [t, whole],
        [t + HOUR, empty],
      ])
    })

    it('collapse folds a range into one entry keyed by the first bucket', async () => {
      const { ts } = kit.open({ type: 'count', intervals: coarse })
      const t = kit.anchor
      await ts.insert('c', 2, { timestamp: t + MINUTE })
      await ts.insert('c', 5, { timestamp: t + 3 * MINUTE })
      await ts.insert('c', 100, { timestamp: t + 4 * MINUTE })

      const read = await ts.series('c', 'minute', { start: t, end: t + 3 * MINUTE, collapse: true })
      expect([...read]).toEqual([[t, 7]])
    })

    it('collapse over a resolution condenses too; transforms run after it', async () => {
      const { ts } = kit.open({ type: 'series', intervals: fine })
      const t = kit.anchor
      await ts.insert('s', 4, { timestamp: t + MINUTE })
      await ts.insert('s', 9, { timestamp: t + HOUR + 2 * MINUTE })
      await ts.insert('s', 1, { timestamp: t + 2 * HOUR })

      const opts = { start: t, end: t + 2 * HOUR, collapse: true }
      expect([...(await ts.series('s', 'hour', opts))]).toEqual([[t, [4, 9, 1]]])
      const max = await ts.series('s', 'hour', { ...opts, transform: 'max' })
      expect([...max]).toEqual([[t, 9]])
      const count = await ts.series('s', 'hour', { ...opts, condense: true, transform: 'count' })
      expect([...count]).toEqual([[t, 3]])
    })

    it('condense on an interval without a resolution changes nothing', async () => {
      const { ts } = kit.open({ type: 'series', intervals: coarse })
      const t = kit.anchor
      await ts.insert('s', 1, { timestamp: t })

      expect([...(await ts.get('s', 'minute', { timestamp: t, condense: true }))]).toEqual([
        [t, [1]],
      ])
      const read = await ts.series('s', 'minute', { start: t, steps: 2, condense: true })
      expect([...read]).toEqual([
        [t, [1]],
        [t + MINUTE, []],
      ])
    })

    it('an empty bucket with a resolution reads as an empty map of sub-buckets', async () => {
      const { ts } = kit.open({ type: 'count', intervals: fine })
      const read = await ts.get('c', 'hour', { timestamp: kit.anchor })
      expect(read).toBeInstanceOf(Map)
      expect(read.size).toBe(0)
    })

    it('without condense a transform applies to each sub-bucket over its duration', async () => {
      const { ts } = kit.open({ type: 'count', intervals: fine })
      const t = kit.anchor
      await ts.insert('c', 30, { timestamp: t + MINUTE })
      await ts.insert('c', 6, { timestamp: t + 2 * MINUTE })

      const rates = await ts.get('c', 'hour', { timestamp: t, transform: 'rate' })
      expectMatch(
        rates,
        ordered(
          new Map([
            [t + MINUTE, 0.5],
            [t + 2 * MINUTE, 0.1],
          ]),
        ),
      )
      const whole = await ts.get('c', 'hour', { timestamp: t, condense: true, transform: 'rate' })
      expectMatch(whole, ordered(new Map([[t, 0.01]])))
    })
  })
}
