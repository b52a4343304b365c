import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'

const intervals = { minute: { step: '1m' }, hour: { step: '1h' } }
const config = { type: 'count', intervals }

/** Timeseries under different prefixes never see each other, even with the same names. */
export function prefixIsolationTests(setup: ConformanceOptions): void {
  describe('prefix isolation', () => {
    const kit = useBackend(setup)

    it('the same names under two prefixes keep their own data', async () => {
      const one = kit.open(config).ts
      const two = kit.open(config).ts
      const t = kit.anchor
      await one.insert('shared', 1, { timestamp: t })
      await two.insert('shared', 20, { timestamp: t })
      await two.insert('only-two', 1, { timestamp: t + 3 * 60_000 })

      expect((await one.get('shared', 'minute', { timestamp: t })).get(t)).toBe(1)
      expect((await two.get('shared', 'minute', { timestamp: t })).get(t)).toBe(20)
      expect(await one.list()).toEqual(['shared'])
      expect((await two.list()).sort()).toEqual(['only-two', 'shared'])
      expect(await one.properties('shared')).toEqual({
        minute: { first: t, last: t },
        hour: { first: t, last: t },
      })
      expect(await one.properties('only-two')).toEqual({})
    })

    it('two types written to one name under one prefix keep their data apart', async () => {
      const opened = kit.open(config)
      const counts = opened.ts
      const sets = kit.open({ type: 'set', intervals }, { prefix: opened.prefix }).ts
      const t = kit.anchor
      await counts.insert('both', 5, { timestamp: t })
      await sets.bulkInsert([
        { name: 'fresh', value: 1, timestamp: t },
        { name: 'both', value: 7, timestamp: t },
        { name: 'both', value: 8, timestamp: t + 2 * 3_600_000 },
      ])
      await counts.insert('both', 1, { timestamp: t })

      expect((await counts.get('both', 'minute', { timestamp: t })).get(t)).toBe(6)
      expect((await sets.get('both', 'minute', { timestamp: t })).get(t)).toEqual(new Set([7]))
      expect((await sets.get('fresh', 'minute', { timestamp: t })).get(t)).toEqual(new Set([1]))
      expect((await counts.list()).sort()).toEqual(['both', 'fresh'])
    })

    it('prefixes that extend or pattern-match each other stay apart', async () => {
      const base = kit.newPrefix()
      const prefixes = [
        base,
        `${base}:`,
        `${base}:x`,
        `${base}x`,
        `${base}*`,
        `${base}?`,
        `[${base}]`,
      ]
      const opened = prefixes.map((prefix) => kit.open(config, { prefix }).ts)
      const t = kit.anchor
      for (const [i, ts] of opened.entries()) await ts.insert('n', i + 1, { timestamp: t })
      // Names that would spell another prefix's keys if prefix and name were just joined.
      const lookalikes = [':x:n', 'x:n', 'xn', '*:n', ':n']
      for (const name of lookalikes) await opened[0]?.insert(name, 100, { timestamp: t })

      await opened[0]?.delete('n')
      await opened[1]?.deleteAll()
      expect((await opened[0]?.list())?.sort()).toEqual([...lookalikes].sort())
      expect(await opened[1]?.list()).toEqual([])
      for (const [i, ts] of opened.entries()) {
        if (i < 2) continue
        expect(await ts.list(), prefixes[i]).toEqual(['n'])
        expect((await ts.get('n', 'hour', { timestamp: t })).get(t), prefixes[i]).toBe(i + 1)
      }
    })

    it('delete, deleteAll and expire under one prefix leave the other alone', async () => {
      const one = kit.open(config)
      const two = kit.open(config)
      const t = kit.anchor
      for (const { ts } of [one, two]) {
        await ts.insert('a', 1, { timestamp: t })
        await ts.insert('b', 1, { timestamp: t })
      }
      await one.ts.delete('a')
      await one.ts.expire('b')
      await one.ts.deleteAll()

      expect((await two.ts.list()).sort()).toEqual(['a', 'b'])
      expect((await two.ts.get('a', 'minute', { timestamp: t })).get(t)).toBe(1)
    })

    it('a timeseries without a prefix does not see prefixed data, nor the reverse', async () => {
      const own = `kc-unprefixed-${kit.newPrefix()}`
      const names = [own, `${own}-bare`]
      const bare = kit.open(config, { prefix: null }).ts
      const prefixed = kit.open(config).ts
      try {
        for (const name of names) await bare.insert(name, 1, { timestamp: kit.anchor })
        await prefixed.insert(own, 5, { timestamp: kit.anchor })

        expect(await bare.list()).toEqual(expect.arrayContaining(names))
        expect(await prefixed.list()).toEqual([own])
        expect((await bare.get(own, 'minute', { timestamp: kit.anchor })).get(kit.anchor)).toBe(1)
        await prefixed.deleteAll()
        expect((await bare.get(own, 'minute', { timestamp: kit.anchor })).get(kit.anchor)).toBe(1)
      } finally {
        for (const name of names) await bare.delete(name)
      }
      expect(await bare.list()).not.toContain(own)
    })
  })
}
