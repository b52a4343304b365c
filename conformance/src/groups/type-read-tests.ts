import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import { SECOND } from '../kit/time.js'

const intervals = { minute: { step: '1m' } }

/** The five types: what `insert` keeps in a bucket and what `get` returns for it. */
export function typeReadTests(setup: ConformanceOptions): void {
  describe('the five types through insert and get', () => {
    const kit = useBackend(setup)

    it('series keeps every value in arrival order; an array inserts each element', async () => {
      const { ts } = kit.open({ type: 'series', intervals })
      const t = kit.anchor
      await ts.insert('s', 3, { timestamp: t + 5 * SECOND })
      await ts.insert('s', 1, { timestamp: t + SECOND })
      await ts.insert('s', [2, 2], { timestamp: t + 59 * SECOND })

      const read = await ts.get('s', 'minute', { timestamp: t + 30 * SECOND })
      expect([...read]).toEqual([[t, [3, 1, 2, 2]]])
    })

    it('histogram counts the occurrences of each value, keys decoded as numbers', async () => {
      const { ts } = kit.open({ type: 'histogram', intervals })
      const t = kit.anchor
      for (const value of [1, 2, 2, 0.5, 2]) await ts.insert('h', value, { timestamp: t })

      const read = await ts.get('h', 'minute', { timestamp: t })
      expect([...read.keys()]).toEqual([t])
      expect(read.get(t)).toEqual(
        new Map([
          [1, 1],
          [2, 3],
          [0.5, 1],
        ]),
      )
    })

    it('count adds the value, 1 by default, negative and fractional included', async () => {
      const { ts } = kit.open({ type: 'count', intervals })
      const t = kit.anchor
      await ts.insert('c', undefined, { timestamp: t })
      await ts.insert('c', 2.5, { timestamp: t + SECOND })
      await ts.insert('c', -1, { timestamp: t + 2 * SECOND })

      expect([...(await ts.get('c', 'minute', { timestamp: t }))]).toEqual([[t, 2.5]])
    })

    it('gauge keeps the last value written', async () => {
      const { ts } = kit.open({ type: 'gauge', intervals })
      const t = kit.anchor
      await ts.insert('g', 5, { timestamp: t + 50 * SECOND })
      await ts.insert('g', 7, { timestamp: t + 10 * SECOND })

      expect([...(await ts.get('g', 'minute', { timestamp: t }))]).toEqual([[t, 7]])
    })

    it('set keeps the distinct values', async () => {
      const { ts } = kit.open({ type: 'set', intervals })
      const t = kit.anchor
      await ts.insert('z', [1, 2, 2], { timestamp: t })
      await ts.insert('z', 3, { timestamp: t })
      await ts.insert('z', 1, { timestamp: t })

      expect([...(await ts.get('z', 'minute', { timestamp: t }))]).toEqual([
        [t, new Set([1, 2, 3])],
      ])
    })

    const empties: [string, unknown][] = [
      ['series', []],
      ['histogram', new Map()],
      ['count', 0],
      ['gauge', null],
      ['set', new Set()],
    ]
    it.each(empties)('an empty %s bucket reads as its empty value', async (type, empty) => {
      const { ts } = kit.open({ type, intervals })
      const read = await ts.get('nothing', 'minute', { timestamp: kit.anchor + 3 * SECOND })
      expect([...read]).toEqual([[kit.anchor, empty]])
    })

    it('timestamps default to the clock; Date objects are accepted', async () => {
      const { ts, clock } = kit.open({ type: 'series', intervals })
      const t = kit.anchor
      clock.set(t + 61 * SECOND)
      await ts.insert('s', 1)
      await ts.insert('s', 2, { timestamp: new Date(t + 62 * SECOND) })

      expect([...(await ts.get('s', 'minute'))]).toEqual([[t + 60 * SECOND, [1, 2]]])
      const byDate = await ts.get('s', 'minute', { timestamp: new Date(t + 119 * SECOND) })
      expect([...byDate]).toEqual([[t + 60 * SECOND, [1, 2]]])
    })

    it('a bucket holds exactly [start, start + step)', async () => {
      const { ts } = kit.open({ type: 'count', intervals })
      const t = kit.anchor
      await ts.insert('c', 1, { timestamp: t - 1 })
      await ts.insert('c', 10, { timestamp: t })
      await ts.insert('c', 100, { timestamp: t + 60 * SECOND - 1 })
      await ts.insert('c', 1000, { timestamp: t + 60 * SECOND })

      expect([...(await ts.get('c', 'minute', { timestamp: t }))]).toEqual([[t, 110]])
    })

    it('reads from one interval are not affected by another', async () => {
      const { ts } = kit.open({
        type: 'count',
        intervals: { minute: { step: '1m' }, hour: { step: '1h' } },
      })
      const t = kit.anchor
      await ts.insert('c', 1, { timestamp: t })
      await ts.insert('c', 1, { timestamp: t + 120 * SECOND })

      expect([...(await ts.get('c', 'minute', { timestamp: t }))]).toEqual([[t, 1]])
      expect([...(await ts.get('c', 'hour', { timestamp: t }))]).toEqual([[t, 2]])
    })
  })
}
