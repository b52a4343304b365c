import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { type BackendKit, useBackend } from '../kit/backend-kit.js'
import type { LooseTimeseries } from '../kit/loose-timeseries.js'
import type { ManualClock } from '../kit/manual-clock.js'
import { MINUTE, SECOND } from '../kit/time.js'

const intervals = { minute: { step: '1m' }, kept: { step: '1m', steps: 4 } }

/** Writes `i + 1` into minute `i` after the anchor, for i in 0..9. */
async function tenMinutes(
  kit: BackendKit,
): Promise<{ ts: LooseTimeseries; clock: ManualClock; t: number }> {
  const opened = kit.open({ type: 'count', intervals })
  const t = kit.anchor
  opened.clock.set(t + 9 * MINUTE)
  for (let i = 0; i < 10; i++)
    await opened.ts.insert('c', i + 1, { timestamp: t + i * MINUTE + 7 * SECOND })
  return { ts: opened.ts, clock: opened.clock, t }
}

/** `series` ranges: start and end, one of them with steps, or neither (the clock). */
export function seriesRangeTests(setup: ConformanceOptions): void {
  describe('series ranges', () => {
    const kit = useBackend(setup)

    it('with start and end: the buckets holding them and all between', async () => {
      const { ts, t } = await tenMinutes(kit)
      const read = await ts.series('c', 'minute', {
        start: t + 2 * MINUTE + 5 * SECOND,
        end: t + 5 * MINUTE - 1,
      })
      expect([...read]).toEqual([
        [t + 2 * MINUTE, 3],
        [t + 3 * MINUTE, 4],
        [t + 4 * MINUTE, 5],
      ])
    })

    it('with start only: steps buckets forwards from it', async () => {
      const { ts, t } = await tenMinutes(kit)
      const read = await ts.series('c', 'minute', { start: t + 2 * MINUTE + 59 * SECOND, steps: 3 })
      expect([...read]).toEqual([
        [t + 2 * MINUTE, 3],
        [t + 3 * MINUTE, 4],
        [t + 4 * MINUTE, 5],
      ])
    })

    it('with end only: steps buckets backwards to it', async () => {
      const { ts, t } = await tenMinutes(kit)
      const read = await ts.series('c', 'minute', { end: t + 4 * MINUTE + 1, steps: 3 })
      expect([...read]).toEqual([
        [t + 2 * MINUTE, 3],
        [t + 3 * MINUTE, 4],
        [t + 4 * MINUTE, 5],
      ])
    })

    it('with neither: the steps buckets ending at the clock', async () => {
      const { ts, clock, t } = await tenMinutes(kit)
      expect([...(await ts.series('c', 'minute', { steps: 3 }))]).toEqual([
        [t + 7 * MINUTE, 8],
        [t + 8 * MINUTE, 9],
        [t + 9 * MINUTE, 10],
      ])

      clock.set(t + 4 * MINUTE + 30 * SECOND)
      expect([...(await ts.series('c', 'minute', { steps: 3 }))]).toEqual([
        [t + 2 * MINUTE, 3],
        [t + 3 * MINUTE, 4],
        [t + 4 * MINUTE, 5],
      ])
    })

    it('steps defaults to the interval steps', async () => {
      const { ts, t } = await tenMinutes(kit)
      expect([...(await ts.series('c', 'kept'))]).toEqual([
        [t + 6 * MINUTE, 7],
        [t + 7 * MINUTE, 8],
        [t + 8 * MINUTE, 9],
        [t + 9 * MINUTE, 10],
      ])
      const back = await ts.series('c', 'kept', { end: t + 9 * MINUTE })
      expect([...back.keys()]).toEqual([6, 7, 8, 9].map((i) => t + i * MINUTE))
    })

    it('steps defaults to 1 without interval steps', async () => {
      const { ts, t } = await tenMinutes(kit)
      expect([...(await ts.series('c', 'minute'))]).toEqual([[t + 9 * MINUTE, 10]])
      const fromStart = await ts.series('c', 'minute', { start: t + 3 * MINUTE })
      expect([...fromStart]).toEqual([[t + 3 * MINUTE, 4]])
    })

    it('empty buckets are included, in time order', async () => {
      const { ts, t } = await tenMinutes(kit)
      const read = await ts.series('c', 'minute', { start: t + 8 * MINUTE, end: t + 12 * MINUTE })
      expect([...read]).toEqual([
        [t + 8 * MINUTE, 9],
        [t + 9 * MINUTE, 10],
        [t + 10 * MINUTE, 0],
        [t + 11 * MINUTE, 0],
        [t + 12 * MINUTE, 0],
      ])
    })

    it('start and end in one bucket give that bucket; Date bounds are accepted', async () => {
      const { ts, t } = await tenMinutes(kit)
      const same = await ts.series('c', 'minute', {
        start: t + MINUTE + 1,
        end: t + 2 * MINUTE - 1,
      })
      expect([...same]).toEqual([[t + MINUTE, 2]])
      const dates = await ts.series('c', 'minute', {
        start: new Date(t),
        end: new Date(t + MINUTE),
      })
      expect([...dates]).toEqual([
        [t, 1],
        [t + MINUTE, 2],
      ])
    })

    it('a range without data reads as empty buckets of the type', async () => {
      const { ts } = kit.open({ type: 'series', intervals })
      const t = kit.anchor
      const read = await ts.series('none', 'minute', { start: t, steps: 2 })
      expect([...read]).toEqual([
        [t, []],
        [t + MINUTE, []],
      ])
    })
  })
}
