import type { CellWrite } from '@kairos/core'
import { describe, expect, it } from 'vitest'
import { cell, newPrefix, query, useLive } from './live-backend.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const ALWAYS = Number.NEGATIVE_INFINITY

/** Names that are prefixes, patterns, paths or near-copies of each other. */
const RIVALS = ['a', 'a:b', 'a.b', 'a.*', 'a*', '^a', 'a$', '$a', 'a\u0000', 'A', 'a ', '["a"]']

function everyOp(name: string, bucket: number, interval = 'hour'): CellWrite[] {
  const at = { name, bucket, interval }
  return [
    cell({ op: 'count', counts: new Map([['m', 1]]) }, at),
    cell({ op: 'increment', amount: 1 }, at),
    cell({ op: 'replace', value: 'v' }, at),
    cell({ op: 'add', members: new Set(['m']) }, at),
    cell({ op: 'append', values: ['v'] }, at),
  ]
}

describe('metadata', () => {
  const live = useLive()

  const holds = async (prefix: string, name: string, bucket = 0, interval = 'hour') => {
    const rows = await live.backend.read(prefix, query('increment', [bucket], { name, interval }))
    return rows.length > 0
  }

  it('reports the first and last live bucket of each interval', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [
      ...[-2, 5, 9].map((h) => cell({ op: 'increment', amount: 1 }, { bucket: h * HOUR })),
      cell({ op: 'increment', amount: 1 }, { bucket: 7 * HOUR, sub: 7 * HOUR + 60_000 }),
      cell({ op: 'increment', amount: 1 }, { interval: 'day', bucket: DAY }),
    ])

    const all = await live.backend.bounds(prefix, 'n', [
      { interval: 'hour', liveFrom: ALWAYS },
      { interval: 'day', liveFrom: ALWAYS },
      { interval: 'month', liveFrom: ALWAYS },
    ])
    expect([...all]).toEqual([
      ['hour', { first: -2 * HOUR, last: 9 * HOUR }],
      ['day', { first: DAY, last: DAY }],
    ])

    const cut = await live.backend.bounds(prefix, 'n', [
      { interval: 'hour', liveFrom: 5 * HOUR },
      { interval: 'day', liveFrom: 2 * DAY },
    ])
    expect(cut).toEqual(new Map([['hour', { first: 5 * HOUR, last: 9 * HOUR }]]))
    expect(await live.backend.bounds(prefix, 'other', [{ interval: 'hour', liveFrom: 0 }])).toEqual(
      new Map(),
    )
  })

  it('lists every name of a prefix, whatever it contains, and only those', async () => {
    const prefix = newPrefix()
    const names = [...RIVALS, ...Array.from({ length: 300 }, (_, i) => `name-${i}`)]
    await live.backend.write(
      prefix,
      names.map((name) => cell({ op: 'increment', amount: 1 }, { name })),
    )
    await live.backend.write(newPrefix(), [cell({ op: 'increment', amount: 1 }, { name: 'x' })])

    expect((await live.backend.list(prefix)).sort()).toEqual([...names].sort())
    expect(await live.backend.list(newPrefix())).toEqual([])
  })

  it('deletes one name in every interval, and no rival name', async () => {
    const prefix = newPrefix()
    for (const name of RIVALS) {
      await live.backend.write(prefix, [...everyOp(name, 0), ...everyOp(name, DAY, 'day')])
    }

    await live.backend.delete(prefix, 'a')

    expect(await holds(prefix, 'a')).toBe(false)
    expect(await holds(prefix, 'a', DAY, 'day')).toBe(false)
    expect(
      await live.backend.bounds(prefix, 'a', [{ interval: 'hour', liveFrom: ALWAYS }]),
    ).toEqual(new Map())
    for (const rival of RIVALS.slice(1)) {
      expect(await holds(prefix, rival)).toBe(true)
      expect(await holds(prefix, rival, DAY, 'day')).toBe(true)
    }
    expect((await live.backend.list(prefix)).sort()).toEqual(RIVALS.slice(1).sort())
  })

  it('deletes every name of a prefix, and nothing of other prefixes', async () => {
    const prefix = newPrefix()
    const rivals = [`${prefix}x`, prefix.slice(0, -1), `${prefix}.`, `^${prefix}`]
    for (const p of [prefix, ...rivals]) await live.backend.write(p, everyOp('n', 0))

    await live.backend.deleteAll(prefix)

    expect(await live.backend.list(prefix)).toEqual([])
    expect(await holds(prefix, 'n')).toBe(false)
    for (const rival of rivals) {
      expect(await live.backend.list(rival)).toEqual(['n'])
      expect(await holds(rival, 'n')).toBe(true)
    }
  })

  it('expires buckets before each cutoff, and forgets a name with nothing left', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [
      ...[0, 1, 2, 3].map((h) => cell({ op: 'increment', amount: 1 }, { bucket: h * HOUR })),
      cell({ op: 'increment', amount: 1 }, { interval: 'day', bucket: 0, sub: HOUR }),
      cell({ op: 'increment', amount: 1 }, { interval: 'forever', bucket: 0 }, null),
      cell({ op: 'increment', amount: 1 }, { name: 'gone', bucket: 0 }),
      cell({ op: 'increment', amount: 1 }, { name: 'a', bucket: 0 }),
    ])

    await live.backend.expire(prefix, 'n', [
      { interval: 'hour', liveFrom: 2 * HOUR },
      { interval: 'day', liveFrom: DAY },
      { interval: 'forever', liveFrom: ALWAYS },
    ])
    await live.backend.expire(prefix, 'gone', [{ interval: 'hour', liveFrom: HOUR }])

    const hours = await live.backend.read(prefix, query('increment', [0, HOUR, 2 * HOUR, 3 * HOUR]))
    expect(hours.map((row) => row.bucket).sort((x, y) => x - y)).toEqual([2 * HOUR, 3 * HOUR])
    expect(await holds(prefix, 'n', 0, 'day')).toBe(false)
    expect(await holds(prefix, 'n', 0, 'forever')).toBe(true)
    expect(await holds(prefix, 'a')).toBe(true)
    expect((await live.backend.list(prefix)).sort()).toEqual(['a', 'n'])

    // Harmless when there is nothing to do, or no such name.
    await live.backend.expire(prefix, 'n', [{ interval: 'hour', liveFrom: 2 * HOUR }])
    await live.backend.expire(prefix, 'nobody', [{ interval: 'hour', liveFrom: 2 * HOUR }])
    expect((await live.backend.list(prefix)).sort()).toEqual(['a', 'n'])
  })

  it('keeps a name that is written again while it expires', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [cell({ op: 'increment', amount: 1 }, { bucket: 0 })])

    await Promise.all([
      live.backend.expire(prefix, 'n', [{ interval: 'hour', liveFrom: HOUR }]),
      live.backend.write(prefix, [cell({ op: 'increment', amount: 1 }, { bucket: 5 * HOUR })]),
    ])

    expect(await holds(prefix, 'n', 5 * HOUR)).toBe(true)
    expect(await live.backend.list(prefix)).toEqual(['n'])
  })
})
