import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import type { LooseTimeseries } from '../kit/loose-timeseries.js'
import { MINUTE, SECOND } from '../kit/time.js'

const intervals = { minute: { step: '1m' } }

async function write(
  ts: LooseTimeseries,
  name: string,
  at: number,
  values: unknown[],
): Promise<void> {
  for (const [i, value] of values.entries())
    await ts.insert(name, value, { timestamp: at + i * SECOND })
}

/** Reads of several names at once, joined bucket by bucket. */
export function joinTests(setup: ConformanceOptions): void {
  describe('joins of several names', () => {
    const kit = useBackend(setup)

    it('series are concatenated in the order the names are given', async () => {
      const { ts } = kit.open({ type: 'series', intervals })
      const t = kit.anchor
      await write(ts, 'a', t, [1, 2])
      await write(ts, 'b', t, [3])

      expect([...(await ts.get(['a', 'b'], 'minute', { timestamp: t }))]).toEqual([[t, [1, 2, 3]]])
      expect([...(await ts.get(['b', 'a'], 'minute', { timestamp: t }))]).toEqual([[t, [3, 1, 2]]])
    })

    it('histograms are added value by value', async () => {
      const { ts } = kit.open({ type: 'histogram', intervals })
      const t = kit.anchor
      await write(ts, 'a', t, [1, 2])
      await write(ts, 'b', t, [2, 2, 3])

      const read = await ts.get(['a', 'b'], 'minute', { timestamp: t })
      expect(read).toEqual(
        new Map([
          [
            t,
            new Map([
              [1, 1],
              [2, 3],
              [3, 1],
            ]),
          ],
        ]),
      )
    })

    it('counts are added, bucket by bucket over a series', async () => {
      const { ts } = kit.open({ type: 'count', intervals })
      const t = kit.anchor
      await write(ts, 'a', t, [2])
      await write(ts, 'b', t, [5])
      await write(ts, 'b', t + MINUTE, [1])

      const read = await ts.series(['a', 'b'], 'minute', { start: t, steps: 3 })
      expect([...read]).toEqual([
        [t, 7],
        [t + MINUTE, 1],
        [t + 2 * MINUTE, 0],
      ])
    })

    it('sets are united', async () => {
      const { ts } = kit.open({ type: 'set', intervals })
      const t = kit.anchor
      await write(ts, 'a', t, [1, 2])
      await write(ts, 'b', t, [2, 3])

      expect([...(await ts.get(['a', 'b'], 'minute', { timestamp: t }))]).toEqual([
        [t, new Set([1, 2, 3])],
      ])
    })

    it('gauges give the last non-null value in the order the names are given', async () => {
      const { ts } = kit.open({ type: 'gauge', intervals })
      const t = kit.anchor
      await write(ts, 'a', t, [5])
      await write(ts, 'b', t, [7])
      await write(ts, 'a', t + MINUTE, [9])

      const ab = await ts.series(['a', 'b'], 'minute', { start: t, steps: 3 })
      expect([...ab]).toEqual([
        [t, 7],
        [t + MINUTE, 9],
        [t + 2 * MINUTE, null],
      ])
      const ba = await ts.series(['b', 'a'], 'minute', { start: t, steps: 2 })
      expect([...ba]).toEqual([
        [t, 5],
        [t + MINUTE, 9],
      ])
    })

    it('a name without data adds nothing', async () => {
      const { ts } = kit.open({ type: 'series', intervals })
      const t = kit.anchor
      await write(ts, 'a', t, [1])

      expect([...(await ts.get(['nobody', 'a'], 'minute', { timestamp: t }))]).toEqual([[t, [1]]])
      expect([...(await ts.get(['a'], 'minute', { timestamp: t }))]).toEqual([[t, [1]]])
    })

    it('sub-buckets are joined one by one, then condensed and transformed', async () => {
      const { ts } = kit.open({
        type: 'series',
        intervals: { hour: { step: '1h', resolution: '1m' } },
      })
      const t = kit.anchor
      await write(ts, 'a', t + MINUTE, [1])
      await write(ts, 'b', t + MINUTE, [2])
      await write(ts, 'b', t + 2 * MINUTE, [3])

      const read = await ts.get(['a', 'b'], 'hour', { timestamp: t })
      expect([...read]).toEqual([
        [t + MINUTE, [1, 2]],
        [t + 2 * MINUTE, [3]],
      ])
      const summed = await ts.get(['a', 'b'], 'hour', {
        timestamp: t,
        condense: true,
        transform: 'sum',
      })
      expect([...summed]).toEqual([[t, 6]])
      const collapsed = await ts.series(['b', 'a'], 'hour', { start: t, steps: 2, collapse: true })
      expect([...collapsed]).toEqual([[t, [2, 1, 3]]])
    })
  })
}
