import type { CellWrite } from '@kairos/core'
import { describe, expect, it } from 'vitest'
import { encodeComponent, NameKeys, namesKey } from '../src/key-layout.js'
import { cell, KINDS, newPrefix, useLive } from './live-backend.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Names that are prefixes, patterns or near-copies of each other. */
const RIVALS = ['a', 'a:b', 'a*', 'a?', '[a]', 'a:', '*', '{a}', 'a b', 'a\u0000', 'a\r\n', '']

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

describe.each(KINDS)('metadata on %s Redis', (kind) => {
  const live = useLive(kind)

  const holds = async (prefix: string, name: string, bucket = 0, interval = 'hour') => {
    const read = await live.backend.read(prefix, {
      name,
      interval,
      op: 'increment',
      buckets: [bucket],
    })
    return read.length > 0
  }

  it('reports the first and last live bucket of each interval', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [
      ...[-2, 5, 9].map((h) => cell({ op: 'increment', amount: 1 }, { bucket: h * HOUR })),
      cell({ op: 'increment', amount: 1 }, { interval: 'day', bucket: DAY }),
    ])

    const all = await live.backend.bounds(prefix, 'n', [
      { interval: 'hour', liveFrom: Number.NEGATIVE_INFINITY },
      { interval: 'day', liveFrom: Number.NEGATIVE_INFINITY },
      { interval: 'month', liveFrom: Number.NEGATIVE_INFINITY },
    ])
    expect(all).toEqual(
      new Map([
        ['hour', { first: -2 * HOUR, last: 9 * HOUR }],
        ['day', { first: DAY, last: DAY }],
      ]),
    )

    const cut = await live.backend.bounds(prefix, 'n', [
      { interval: 'hour', liveFrom: 5 * HOUR },
      { interval: 'day', liveFrom: 2 * DAY },
    ])
    expect(cut).toEqual(new Map([['hour', { first: 5 * HOUR, last: 9 * HOUR }]]))
    expect(await live.backend.bounds(prefix, 'other', [{ interval: 'hour', liveFrom: 0 }])).toEqual(
      new Map(),
    )
  })

  it('lists every name, whatever its characters', async () => {
    const prefix = newPrefix()
    const names = [
      ...RIVALS,
      'café',
      '🙂',
      '\ud800',
      ...Array.from({ length: 3_000 }, (_, i) => `n${i}`),
    ]
    await live.backend.write(
      prefix,
      names.map((name) => cell({ op: 'increment', amount: 1 }, { name })),
    )

    expect(new Set(await live.backend.list(prefix))).toEqual(new Set(names))
    expect(await live.backend.list(newPrefix())).toEqual([])
  })

  it('does not list names whose data has all expired', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [
      cell({ op: 'increment', amount: 1 }, { name: 'gone' }, Date.now() - 1_000),
      cell({ op: 'increment', amount: 1 }, { name: 'kept' }),
      cell({ op: 'increment', amount: 1 }, { name: 'forever' }, null),
    ])

    expect((await live.backend.list(prefix)).sort()).toEqual(['forever', 'kept'])
    expect(await live.client.zcard(namesKey(prefix))).toBe(2)
    expect(await live.backend.bounds(prefix, 'gone', [{ interval: 'hour', liveFrom: 0 }])).toEqual(
      new Map(),
    )
  })

  it('deletes one name and nothing that resembles it', async () => {
    const prefix = newPrefix()
    await live.backend.write(
      prefix,
      RIVALS.flatMap((name) => [...everyOp(name, 0), ...everyOp(name, DAY, 'day')]),
    )

    for (const victim of RIVALS) {
      await live.backend.delete(prefix, victim)
      const survivors = RIVALS.slice(RIVALS.indexOf(victim) + 1)

      expect(await holds(prefix, victim)).toBe(false)
      for (const name of survivors) expect(await holds(prefix, name)).toBe(true)
      expect(new Set(await live.backend.list(prefix))).toEqual(new Set(survivors))
    }
  })

  it('leaves no key behind after delete', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [
      ...Array.from({ length: 1_200 }, (_, i) => everyOp('n', i * HOUR)).flat(),
      ...everyOp('n', 0, 'day'),
    ])
    await live.backend.delete(prefix, 'n')

    const keys = new NameKeys(prefix, 'n')
    const interval = encodeComponent('hour')
    const probes = [keys.meta(), keys.buckets(interval), keys.buckets(encodeComponent('day'))]
    for (const op of ['count', 'increment', 'replace', 'add', 'append'] as const) {
      probes.push(keys.data(op, interval, 0), keys.data(op, interval, 1_199 * HOUR))
    }
    for (const key of probes) expect(await live.client.exists(key)).toBe(0)
    expect(await live.client.exists(namesKey(prefix))).toBe(0)
  })

  it('deletes every name of a prefix and nothing of another prefix', async () => {
    const [mine, theirs] = [newPrefix(), newPrefix()]
    const names = Array.from({ length: 1_500 }, (_, i) => `n${i}`)
    await live.backend.write(
      mine,
      names.map((name) => cell({ op: 'increment', amount: 1 }, { name })),
    )
    await live.backend.write(theirs, [cell({ op: 'increment', amount: 1 }, { name: 'n0' })])
    await live.backend.write(`${mine}:x`, [cell({ op: 'increment', amount: 1 }, { name: 'n1' })])

    await live.backend.deleteAll(mine)

    expect(await live.backend.list(mine)).toEqual([])
    expect(await holds(mine, 'n0')).toBe(false)
    expect(await holds(mine, 'n1499')).toBe(false)
    expect(await holds(theirs, 'n0')).toBe(true)
    expect(await holds(`${mine}:x`, 'n1')).toBe(true)
    expect(await live.backend.list(theirs)).toEqual(['n0'])
  })

  it('expires buckets before the cutoff, from data and indexes', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [
      ...Array.from({ length: 1_100 }, (_, h) => everyOp('n', h * HOUR)).flat(),
      ...everyOp('n', 0, 'day'),
      ...everyOp('n', 3 * DAY, 'day'),
    ])

    await live.backend.expire(prefix, 'n', [
      { interval: 'hour', liveFrom: 1_050 * HOUR },
      { interval: 'day', liveFrom: Number.NEGATIVE_INFINITY },
    ])

    expect(await holds(prefix, 'n', 1_049 * HOUR)).toBe(false)
    expect(await holds(prefix, 'n', 0)).toBe(false)
    expect(await holds(prefix, 'n', 1_050 * HOUR)).toBe(true)
    expect(await holds(prefix, 'n', 0, 'day')).toBe(true)
    const everything = [
      { interval: 'hour', liveFrom: Number.NEGATIVE_INFINITY },
      { interval: 'day', liveFrom: Number.NEGATIVE_INFINITY },
    ]
    expect(await live.backend.bounds(prefix, 'n', everything)).toEqual(
      new Map([
        ['hour', { first: 1_050 * HOUR, last: 1_099 * HOUR }],
        ['day', { first: 0, last: 3 * DAY }],
      ]),
    )
    expect(await live.backend.list(prefix)).toEqual(['n'])
  })

  it('forgets a name once expire has removed all its buckets', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [
      ...everyOp('n', 0),
      ...everyOp('n', 0, 'day'),
      ...everyOp('m', 0),
    ])

    await live.backend.expire(prefix, 'n', [
      { interval: 'hour', liveFrom: HOUR },
      { interval: 'day', liveFrom: DAY },
    ])

    expect(await live.backend.list(prefix)).toEqual(['m'])
    expect(await live.client.exists(new NameKeys(prefix, 'n').meta())).toBe(0)
    expect(await holds(prefix, 'm')).toBe(true)
  })

  it('never closes a client it was given', async () => {
    await live.backend.close()
    expect(await live.client.ping()).toBe('PONG')
  })
})
