import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import { HOUR, MINUTE, SECOND } from '../kit/time.js'

/** The most distinct cells the batching test writes; more only slows slow stores. */
const MAX_CELLS = 2_001

function* points(name: string, at: number, values: readonly unknown[]) {
  for (const value of values) yield { name, value, timestamp: at }
}

/** `bulkInsert`: batching, folding, defaults and its `{ written, skipped }` summary. */
export function bulkInsertTests(setup: ConformanceOptions): void {
  describe('bulk insert', () => {
    const kit = useBackend(setup)

    it('writes the points of any iterable and reports them written', async () => {
      const { ts } = kit.open({ type: 'series', intervals: { minute: { step: '1m' } } })
      const t = kit.anchor
      const summary = await ts.bulkInsert(
        (function* () {
          yield* points('a', t, [1, 2])
          yield* points('b', t + MINUTE, [3])
        })(),
      )

      expect(summary).toEqual({ written: 3, skipped: 0 })
      expect([...(await ts.get('a', 'minute', { timestamp: t }))]).toEqual([[t, [1, 2]]])
      expect([...(await ts.get('b', 'minute', { timestamp: t + MINUTE }))]).toEqual([
        [t + MINUTE, [3]],
      ])
      expect((await ts.list()).sort()).toEqual(['a', 'b'])
    })

    it('a point without a timestamp is written at the clock', async () => {
      const { ts, clock } = kit.open({ type: 'count', intervals: { minute: { step: '1m' } } })
      clock.set(kit.anchor + 5 * MINUTE + SECOND)
      await ts.bulkInsert([{ name: 'c', value: 4 }])

      expect([...(await ts.get('c', 'minute'))]).toEqual([[kit.anchor + 5 * MINUTE, 4]])
    })

    it('many points in one cell fold to the same result as single inserts', async () => {
      const intervals = { minute: { step: '1m' }, hour: { step: '1h', resolution: '1m' } }
      const opened = ['series', 'histogram', 'count', 'set'].map((type) =>
        kit.open({ type, intervals }),
      )
      const values = Array.from({ length: 60 }, (_, i) => i % 7)
      const t = kit.anchor
      for (const { ts } of opened) await ts.bulkInsert(points('x', t, values))

      const [series, histogram, count, set] = await Promise.all(
        opened.map(async ({ ts }) => (await ts.get('x', 'minute', { timestamp: t })).get(t)),
      )
      expect(series).toEqual(values)
      expect((histogram as Map<number, number>).get(0)).toBe(9)
      expect(count).toBe(values.reduce((a, b) => a + b, 0))
      expect(set).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]))
    })

    it('an empty batch writes nothing and says so', async () => {
      const { ts } = kit.open({ type: 'count', intervals: { minute: { step: '1m' } } })
      expect(await ts.bulkInsert([])).toEqual({ written: 0, skipped: 0 })
      expect(await ts.list()).toEqual([])
    })

    it('counts as skipped only points past retention in every interval', async () => {
      const intervals = { minute: { step: '1m', steps: 5 }, hour: { step: '1h', steps: 2 } }
      const { ts, clock } = kit.open({ type: 'count', intervals })
      const now = kit.anchor + 30 * MINUTE
      clock.set(now)
      const summary = await ts.bulkInsert([
        { name: 'c', value: 1, timestamp: now },
        { name: 'c', value: 10, timestamp: now - 10 * MINUTE },
        { name: 'c', value: 100, timestamp: now - 3 * HOUR },
      ])

      expect(summary).toEqual({ written: 2, skipped: 1 })
      expect([...(await ts.get('c', 'hour'))]).toEqual([[kit.anchor, 11]])
      const minutes = await ts.series('c', 'minute', { start: now - 10 * MINUTE, end: now })
      expect(minutes.get(now - 10 * MINUTE) ?? 0).toBe(0)
      expect(minutes.get(now)).toBe(1)
      const expired = await ts.get('c', 'hour', { timestamp: now - 3 * HOUR })
      expect(expired.get(kit.anchor - 3 * HOUR) ?? 0).toBe(0)
    })

    it('a batch larger than the backend batch size is written whole', async () => {
      const cells = Math.min(kit.capabilities.maxBatchCells * 2 + 1, MAX_CELLS)
      const { ts } = kit.open({ type: 'count', intervals: { minute: { step: '1m' } } })
      const t = kit.anchor
      const summary = await ts.bulkInsert(
        Array.from({ length: cells }, (_, i) => ({
          name: 'c',
          value: i + 1,
          timestamp: t + i * MINUTE,
        })),
      )

      expect(summary).toEqual({ written: cells, skipped: 0 })
      const read = await ts.series('c', 'minute', { start: t, steps: cells })
      expect(read.size).toBe(cells)
      expect([...read.values()].every((value, i) => value === i + 1)).toBe(true)
    })
  })
}
