import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import type { LooseTimeseries } from '../kit/loose-timeseries.js'
import { DAY, HOUR, MINUTE, SECOND } from '../kit/time.js'

const intervals = { minute: { step: '1m' }, hour: { step: '1h' }, day: { step: 'daily' } }

async function counts(
  ts: LooseTimeseries,
  interval: string,
  start: number,
  steps: number,
): Promise<unknown[]> {
  return [...(await ts.series('c', interval, { start, steps })).values()]
}

/** `intervals: n` on writes: the value also goes into neighbouring buckets. */
export function insertIntervalTests(setup: ConformanceOptions): void {
  describe('insert with intervals', () => {
    const kit = useBackend(setup)

    it('a positive n also writes the n following buckets of every interval', async () => {
      const { ts } = kit.open({ type: 'count', intervals })
      const t = kit.anchor + 30 * SECOND
      await ts.insert('c', 1, { timestamp: t, intervals: 2 })

      expect(await counts(ts, 'minute', kit.anchor - MINUTE, 5)).toEqual([0, 1, 1, 1, 0])
      expect(await counts(ts, 'hour', kit.anchor - HOUR, 5)).toEqual([0, 1, 1, 1, 0])
      expect(await counts(ts, 'day', kit.anchor - DAY, 5)).toEqual([0, 1, 1, 1, 0])
    })

    it('a negative n also writes the |n| preceding buckets', async () => {
      const { ts } = kit.open({ type: 'count', intervals })
      const t = kit.anchor + 30 * SECOND
      await ts.insert('c', 1, { timestamp: t, intervals: -2 })

      expect(await counts(ts, 'minute', kit.anchor - 3 * MINUTE, 5)).toEqual([0, 1, 1, 1, 0])
      expect(await counts(ts, 'hour', kit.anchor - 3 * HOUR, 5)).toEqual([0, 1, 1, 1, 0])
      expect(await counts(ts, 'day', kit.anchor - 3 * DAY, 5)).toEqual([0, 1, 1, 1, 0])
    })

    it('zero writes only the bucket of the timestamp', async () => {
      const { ts } = kit.open({ type: 'count', intervals })
      await ts.insert('c', 1, { timestamp: kit.anchor, intervals: 0 })

      expect(await counts(ts, 'minute', kit.anchor - MINUTE, 3)).toEqual([0, 1, 0])
    })

    it('works for every type, each element of an array value included', async () => {
      const { ts } = kit.open({ type: 'series', intervals: { minute: { step: '1m' } } })
      const t = kit.anchor
      await ts.insert('s', [1, 2], { timestamp: t, intervals: 1 })

      const read = await ts.series('s', 'minute', { start: t, steps: 3 })
      expect([...read]).toEqual([
        [t, [1, 2]],
        [t + MINUTE, [1, 2]],
        [t + 2 * MINUTE, []],
      ])
    })

    // As in kairos: the extra buckets are addressed by their start, not by the same offset.
    it('with a resolution, the extra buckets get the value in their first sub-bucket', async () => {
      const { ts } = kit.open({
        type: 'series',
        intervals: { hour: { step: '1h', resolution: '1m' } },
      })
      const t = kit.anchor
      await ts.insert('s', 1, { timestamp: t + 30 * MINUTE + 5 * SECOND, intervals: 1 })
      await ts.insert('s', 2, { timestamp: t + 40 * MINUTE, intervals: -1 })

      const read = await ts.series('s', 'hour', { start: t - HOUR, steps: 3 })
      expect(
        [...read].map(([bucket, subs]) => [bucket, [...(subs as Map<number, unknown>)]]),
      ).toEqual([
        [t - HOUR, [[t - HOUR, [2]]]],
        [
          t,
          [
            [t + 30 * MINUTE, [1]],
            [t + 40 * MINUTE, [2]],
          ],
        ],
        [t + HOUR, [[t + HOUR, [1]]]],
      ])
    })

    it('bulkInsert takes the same option for all its points', async () => {
      const { ts } = kit.open({ type: 'count', intervals })
      const t = kit.anchor
      const summary = await ts.bulkInsert(
        [
          { name: 'c', value: 1, timestamp: t },
          { name: 'c', value: 10, timestamp: t + MINUTE },
        ],
        { intervals: -1 },
      )

      expect(summary).toEqual({ written: 2, skipped: 0 })
      expect(await counts(ts, 'minute', t - 2 * MINUTE, 4)).toEqual([0, 1, 11, 10])
      expect(await counts(ts, 'hour', t - HOUR, 2)).toEqual([11, 11])
    })
  })
}
