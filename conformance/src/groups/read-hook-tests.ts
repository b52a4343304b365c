import type { CellQuery, CellRead } from '@kairos/core'
import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import { MINUTE } from '../kit/time.js'

const coarse = { minute: { step: '1m' } }
const fine = { hour: { step: '1h', resolution: '1m' } }

/**
 * Custom reads: each stage of a read can be replaced by a function. The shapes tested:
 * - `fetch(query)`: stands in for the store read of one name; `query` is the backend's
 *   `CellQuery` plus the timeseries' `prefix`, and it resolves to `CellRead`s
 * - `processRow(data)`: maps the decoded data of each stored cell
 * - `condense(subBuckets)`: folds one bucket's map of sub-buckets
 * - `joinRows(rows)`: folds one bucket's rows of several names, in the order given
 * - `collapse(buckets)`: folds the whole range's map of buckets
 */
export function readHookTests(setup: ConformanceOptions): void {
  describe('custom read hooks', () => {
    const kit = useBackend(setup)

    it('fetch sees the buckets of the read and may narrow them', async () => {
      const { ts, prefix } = kit.open({ type: 'count', intervals: coarse })
      const t = kit.anchor
      for (let i = 0; i < 3; i++) await ts.insert('x', i + 1, { timestamp: t + i * MINUTE })

      const seen: (CellQuery & { prefix: string })[] = []
      const fetch = (query: CellQuery & { prefix: string }) => {
        seen.push(query)
        const buckets = query.buckets.filter((b) => b !== t + MINUTE)
        return kit.backend.read(query.prefix, { ...query, buckets })
      }
      const read = await ts.series('x', 'minute', { start: t, steps: 3, fetch })

      expect([...read]).toEqual([
        [t, 1],
        [t + MINUTE, 0],
        [t + 2 * MINUTE, 3],
      ])
      expect(
        seen.every((q) => q.name === 'x' && q.interval === 'minute' && q.prefix === prefix),
      ).toBe(true)
      expect([...new Set(seen.flatMap((q) => q.buckets))].sort((a, b) => a - b)).toEqual([
        t,
        t + MINUTE,
        t + 2 * MINUTE,
      ])
    })

    it('fetch may serve cells of its own', async () => {
      const { ts } = kit.open({ type: 'count', intervals: coarse })
      const t = kit.anchor
      const fetch = async (): Promise<CellRead[]> => [
        { bucket: t, sub: null, op: 'increment', amount: 42 },
      ]

      expect([...(await ts.get('x', 'minute', { timestamp: t, fetch }))]).toEqual([[t, 42]])
    })

    it('processRow maps each stored cell before transforms', async () => {
      const { ts } = kit.open({ type: 'series', intervals: coarse })
      const t = kit.anchor
      await ts.insert('x', [1, 2], { timestamp: t })
      const processRow = (values: unknown) => (values as number[]).map((v) => v * 10)

      expect([...(await ts.get('x', 'minute', { timestamp: t, processRow }))]).toEqual([
        [t, [10, 20]],
      ])
      const sum = await ts.get('x', 'minute', { timestamp: t, processRow, transform: 'sum' })
      expect([...sum]).toEqual([[t, 30]])
    })

    it('processRow runs on each sub-bucket before condense', async () => {
      const { ts } = kit.open({ type: 'series', intervals: fine })
      const t = kit.anchor
      await ts.insert('x', [1, 2], { timestamp: t + MINUTE })
      await ts.insert('x', 3, { timestamp: t + 3 * MINUTE })
      const processRow = (values: unknown) => [(values as number[]).length]

      const read = await ts.get('x', 'hour', { timestamp: t, processRow, condense: true })
      expect([...read]).toEqual([[t, [2, 1]]])
    })

    it('condense as a function gets the map of sub-buckets', async () => {
      const { ts } = kit.open({ type: 'count', intervals: fine })
      const t = kit.anchor
      await ts.insert('x', 5, { timestamp: t + 3 * MINUTE })
      await ts.insert('x', 2, { timestamp: t + MINUTE })
      const condense = (subs: unknown) => [...(subs as Map<number, number>)]

      expect([...(await ts.get('x', 'hour', { timestamp: t, condense }))]).toEqual([
        [
          t,
          [
            [t + MINUTE, 2],
            [t + 3 * MINUTE, 5],
          ],
        ],
      ])
    })

    it('joinRows gets the rows of each name in the order given', async () => {
      const { ts } = kit.open({ type: 'count', intervals: coarse })
      const t = kit.anchor
      for (const [name, value] of [
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ] as const) {
        await ts.insert(name, value, { timestamp: t })
      }
      const joinRows = (rows: unknown) => (rows as number[]).join('|')

      expect([...(await ts.get(['a', 'b', 'c'], 'minute', { timestamp: t, joinRows }))]).toEqual([
        [t, '1|2|3'],
      ])
      expect([...(await ts.get(['c', 'a', 'b'], 'minute', { timestamp: t, joinRows }))]).toEqual([
        [t, '3|1|2'],
      ])
    })

    it('collapse as a function gets the ordered map of buckets; transforms follow', async () => {
      const { ts } = kit.open({ type: 'count', intervals: coarse })
      const t = kit.anchor
      await ts.insert('x', 2, { timestamp: t })
      await ts.insert('x', 5, { timestamp: t + 2 * MINUTE })
      const collapse = (buckets: unknown) => [...(buckets as Map<number, number>)]

      expect([...(await ts.series('x', 'minute', { start: t, steps: 3, collapse }))]).toEqual([
        [
          t,
          [
            [t, 2],
            [t + MINUTE, 0],
            [t + 2 * MINUTE, 5],
          ],
        ],
      ])
      const total = (buckets: unknown) =>
        [...(buckets as Map<number, number>).values()].reduce((a, b) => a + b)
      const read = await ts.series('x', 'minute', {
        start: t,
        steps: 3,
        collapse: total,
        transform: (x: unknown) => (x as number) * 10,
      })
      expect([...read]).toEqual([[t, 70]])
    })
  })
}
