import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import type { LooseTimeseries, Options } from '../kit/loose-timeseries.js'
import { HOUR, MINUTE } from '../kit/time.js'

async function collect(ts: LooseTimeseries, name: string, interval: string, options?: Options) {
  const pairs: [number, unknown][] = []
  for await (const pair of ts.iterate(name, interval, options)) pairs.push(pair)
  return pairs
}

/** `iterate`: every bucket from the first to the last that holds data, in order. */
export function iterateTests(setup: ConformanceOptions): void {
  describe('iterate', () => {
    const kit = useBackend(setup)

    it('yields every bucket between the first and the last with data', async () => {
      const { ts } = kit.open({ type: 'count', intervals: { minute: { step: '1m' } } })
      const t = kit.anchor
      await ts.insert('c', 1, { timestamp: t + 3 * MINUTE })
      await ts.insert('c', 2, { timestamp: t })
      await ts.insert('c', 3, { timestamp: t + MINUTE })

      expect(await collect(ts, 'c', 'minute')).toEqual([
        [t, 2],
        [t + MINUTE, 3],
        [t + 2 * MINUTE, 0],
        [t + 3 * MINUTE, 1],
      ])
    })

    it('takes the read options of get', async () => {
      const { ts } = kit.open({ type: 'series', intervals: { minute: { step: '1m' } } })
      const t = kit.anchor
      await ts.insert('s', [1, 2, 3], { timestamp: t })
      await ts.insert('s', 10, { timestamp: t + MINUTE })

      expect(await collect(ts, 's', 'minute', { transform: 'sum' })).toEqual([
        [t, 6],
        [t + MINUTE, 10],
      ])
    })

    it('with a resolution and condense yields one value per bucket', async () => {
      const intervals = { hour: { step: '1h', resolution: '1m' } }
      const { ts } = kit.open({ type: 'count', intervals })
      const t = kit.anchor
      await ts.insert('c', 1, { timestamp: t + MINUTE })
      await ts.insert('c', 2, { timestamp: t + 2 * MINUTE })
      await ts.insert('c', 4, { timestamp: t + HOUR + 5 * MINUTE })

      expect(await collect(ts, 'c', 'hour', { condense: true })).toEqual([
        [t, 3],
        [t + HOUR, 4],
      ])
    })

    it('yields nothing for a name without data', async () => {
      const { ts } = kit.open({ type: 'count', intervals: { minute: { step: '1m' } } })
      expect(await collect(ts, 'nobody', 'minute')).toEqual([])
    })

    it('can be left early', async () => {
      const { ts } = kit.open({ type: 'count', intervals: { minute: { step: '1m' } } })
      const t = kit.anchor
      for (let i = 0; i < 50; i++) await ts.insert('c', i, { timestamp: t + i * MINUTE })

      const seen: number[] = []
      for await (const [bucket] of ts.iterate('c', 'minute')) {
        seen.push(bucket)
        if (seen.length === 2) break
      }
      expect(seen).toEqual([t, t + MINUTE])
    })
  })
}
