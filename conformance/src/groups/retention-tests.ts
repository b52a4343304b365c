import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import type { LooseTimeseries } from '../kit/loose-timeseries.js'
import { DAY, HOUR, MINUTE, SECOND } from '../kit/time.js'

const intervals = { minute: { step: '1m', steps: 5 } }

/** The value of the one bucket holding `t`, with an absent bucket read as 0. */
async function at(
  ts: LooseTimeseries,
  interval: string,
  t: number,
  bucket: number,
): Promise<unknown> {
  return (await ts.get('c', interval, { timestamp: t })).get(bucket) ?? 0
}

/**
 * Retention at its exact boundary. With step 1m, steps 5 and the clock at the start of
 * minute M, the buckets M-4m..M are live and M-5m is not.
 */
export function retentionTests(setup: ConformanceOptions): void {
  describe('retention', () => {
    const kit = useBackend(setup)

    it('writes land in M-4m..M and the future, never in M-5m', async () => {
      const { ts } = kit.open({ type: 'count', intervals })
      const m = kit.anchor
      await ts.insert('c', 1, { timestamp: m - 5 * MINUTE })
      await ts.insert('c', 1, { timestamp: m - 4 * MINUTE - 1 })
      await ts.insert('c', 1, { timestamp: m - 4 * MINUTE })
      await ts.insert('c', 1, { timestamp: m + 59 * SECOND })
      await ts.insert('c', 1, { timestamp: m + 10 * MINUTE })

      const read = await ts.series('c', 'minute', { start: m - 5 * MINUTE, end: m + 10 * MINUTE })
      expect(read.get(m - 5 * MINUTE) ?? 0).toBe(0)
      expect(read.get(m - 4 * MINUTE)).toBe(1)
      expect(read.get(m)).toBe(1)
      expect(read.get(m + 10 * MINUTE)).toBe(1)
      expect(await ts.list()).toEqual(['c'])
    })

    it('bulkInsert counts a point in M-5m as skipped, one in M-4m as written', async () => {
      const { ts } = kit.open({ type: 'count', intervals })
      const m = kit.anchor
      const summary = await ts.bulkInsert([
        { name: 'c', value: 1, timestamp: m - 4 * MINUTE },
        { name: 'c', value: 1, timestamp: m - 4 * MINUTE - 1 },
        { name: 'gone', value: 1, timestamp: m - 5 * MINUTE },
      ])

      expect(summary).toEqual({ written: 1, skipped: 2 })
      expect((await ts.list()).sort()).toEqual(['c'])
      expect(await at(ts, 'minute', m - 4 * MINUTE, m - 4 * MINUTE)).toBe(1)
    })

    it('a bucket stays readable until steps intervals after its own start', async () => {
      const { ts, clock } = kit.open({ type: 'count', intervals })
      const m = kit.anchor
      clock.set(m - 2 * MINUTE)
      await ts.insert('c', 1, { timestamp: m - 5 * MINUTE })
      await ts.insert('c', 2, { timestamp: m - 4 * MINUTE })
      expect(await at(ts, 'minute', m - 5 * MINUTE, m - 5 * MINUTE)).toBe(1)

      clock.set(m - 1)
      expect(await at(ts, 'minute', m - 5 * MINUTE, m - 5 * MINUTE)).toBe(1)
      clock.set(m)
      expect(await at(ts, 'minute', m - 5 * MINUTE, m - 5 * MINUTE)).toBe(0)
      expect(await at(ts, 'minute', m - 4 * MINUTE, m - 4 * MINUTE)).toBe(2)

      const read = await ts.series('c', 'minute', { start: m - 5 * MINUTE, end: m })
      expect(read.get(m - 5 * MINUTE) ?? 0).toBe(0)
      expect(read.get(m - 4 * MINUTE)).toBe(2)
      const window = await ts.series('c', 'minute')
      expect([...window.keys()]).toEqual([4, 3, 2, 1, 0].map((i) => m - i * MINUTE))
    })

    it('a point past retention in one interval still lands in the others', async () => {
      const both = { minute: { step: '1m', steps: 5 }, hour: { step: '1h' } }
      const m = kit.anchor + 30 * MINUTE
      const { ts } = kit.open({ type: 'count', intervals: both }, { now: m })
      await ts.insert('c', 1, { timestamp: m - 10 * MINUTE })

      expect(await at(ts, 'hour', m, kit.anchor)).toBe(1)
      expect(await at(ts, 'minute', m - 10 * MINUTE, m - 10 * MINUTE)).toBe(0)
    })

    it('retention with a resolution applies to whole buckets', async () => {
      const fine = { hour: { step: '1h', steps: 2, resolution: '1m' } }
      const { ts, clock } = kit.open({ type: 'count', intervals: fine })
      const h = kit.anchor
      clock.set(h + HOUR - 1)
      await ts.insert('c', 1, { timestamp: h - HOUR + 59 * MINUTE })
      await ts.insert('c', 1, { timestamp: h + MINUTE })

      clock.set(h + HOUR)
      expect((await ts.get('c', 'hour', { timestamp: h - HOUR })).size).toBe(0)
      expect([...(await ts.get('c', 'hour', { timestamp: h }))]).toEqual([[h + MINUTE, 1]])
    })

    it('calendar retention counts calendar steps', async () => {
      const { ts, clock } = kit.open({
        type: 'count',
        intervals: { day: { step: 'daily', steps: 2 } },
      })
      const d = kit.anchor
      clock.set(d - DAY)
      await ts.insert('c', 1, { timestamp: d - 2 * DAY })
      await ts.insert('c', 1, { timestamp: d - DAY })

      clock.set(d + 12 * HOUR)
      expect(await at(ts, 'day', d - 2 * DAY, d - 2 * DAY)).toBe(0)
      expect(await at(ts, 'day', d - DAY, d - DAY)).toBe(1)
      await ts.insert('c', 1, { timestamp: d - 2 * DAY })
      expect(await at(ts, 'day', d - 2 * DAY, d - 2 * DAY)).toBe(0)
    })
  })
}
