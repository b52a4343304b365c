import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import { construct } from '../kit/loose-timeseries.js'
import { HOUR, MINUTE } from '../kit/time.js'

const intervals = { minute: { step: '1m' }, hour: { step: '1h' } }

/** `list`, `properties`, `delete`, `deleteAll`, `expire` and `close`. */
export function metadataTests(setup: ConformanceOptions): void {
  describe('metadata and deletion', () => {
    const kit = useBackend(setup)

    it('list gives every name with data, and nothing on an empty prefix', async () => {
      const { ts } = kit.open({ type: 'count', intervals })
      expect(await ts.list()).toEqual([])
      for (const name of ['beta', 'alpha', 'alpha.2'])
        await ts.insert(name, 1, { timestamp: kit.anchor })

      expect((await ts.list()).sort()).toEqual(['alpha', 'alpha.2', 'beta'])
    })

    it('properties gives the first and last bucket of each interval', async () => {
      const { ts } = kit.open({ type: 'count', intervals })
      const t = kit.anchor
      await ts.insert('p', 1, { timestamp: t + 2 * HOUR + 5 * MINUTE + 1 })
      await ts.insert('p', 1, { timestamp: t + 30 * MINUTE })
      await ts.insert('p', 1, { timestamp: t + 61 * MINUTE })

      expect(await ts.properties('p')).toEqual({
        minute: { first: t + 30 * MINUTE, last: t + 2 * HOUR + 5 * MINUTE },
        hour: { first: t, last: t + 2 * HOUR },
      })
    })

    it('delete removes one name in every interval and nothing else', async () => {
      const { ts } = kit.open({ type: 'count', intervals })
      const t = kit.anchor
      for (const name of ['x', 'y']) await ts.insert(name, 1, { timestamp: t })
      await ts.delete('x')

      expect(await ts.list()).toEqual(['y'])
      expect([...(await ts.get('x', 'minute', { timestamp: t }))]).toEqual([[t, 0]])
      expect([...(await ts.get('x', 'hour', { timestamp: t }))]).toEqual([[t, 0]])
      expect([...(await ts.get('y', 'hour', { timestamp: t }))]).toEqual([[t, 1]])
      await ts.delete('never-written')
    })

    it('deleteAll removes every name under the prefix', async () => {
      const { ts } = kit.open({ type: 'series', intervals })
      for (const name of ['a', 'b', 'c']) await ts.insert(name, 1, { timestamp: kit.anchor })
      await ts.deleteAll()

      expect(await ts.list()).toEqual([])
      expect([...(await ts.get('a', 'hour', { timestamp: kit.anchor }))]).toEqual([
        [kit.anchor, []],
      ])
    })

    it('properties and list only count live buckets; expire drops the rest', async () => {
      const retained = { minute: { step: '1m', steps: 5 }, hour: { step: '1h', steps: 1 } }
      const { ts, clock } = kit.open({ type: 'count', intervals: retained })
      const t = kit.anchor
      clock.set(t + 4 * MINUTE)
      await ts.insert('old', 1, { timestamp: t })
      await ts.insert('kept', 1, { timestamp: t })
      await ts.insert('kept', 1, { timestamp: t + 4 * MINUTE })

      clock.set(t + 5 * MINUTE)
      expect(await ts.properties('kept')).toEqual({
        minute: { first: t + MINUTE * 4, last: t + 4 * MINUTE },
        hour: { first: t, last: t },
      })
      clock.set(t + HOUR)
      await ts.expire('old')
      await ts.expire('kept')

      expect(await ts.properties('old')).toEqual({})
      expect(await ts.properties('kept')).toEqual({})
      // A store with its own expiry drops data on real time, which the injected clock
      // does not move; only a store without it must have forgotten the names by now.
      if (!kit.capabilities.nativeExpiry) expect(await ts.list()).toEqual([])
    })

    it('expire keeps live data and is harmless without retention', async () => {
      const { ts, clock } = kit.open({ type: 'count', intervals })
      await ts.insert('c', 3, { timestamp: kit.anchor })
      clock.set(kit.anchor + 1000 * HOUR)
      await ts.expire('c')
      await ts.expire('never-written')

      expect([...(await ts.get('c', 'minute', { timestamp: kit.anchor }))]).toEqual([
        [kit.anchor, 3],
      ])
    })

    it('close leaves a backend that was passed in usable', async () => {
      const prefix = kit.newPrefix()
      const first = construct(kit.backend, { type: 'count', intervals, prefix })
      await first.insert('c', 1, { timestamp: kit.anchor })
      await first.close()

      const { ts } = kit.open({ type: 'count', intervals }, { prefix })
      expect([...(await ts.get('c', 'minute', { timestamp: kit.anchor }))]).toEqual([
        [kit.anchor, 1],
      ])
    })
  })
}
