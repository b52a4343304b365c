import { describe, expect, it } from 'vitest'
import { encodeComponent, NameKeys } from '../src/key-layout.js'
import { cell, KINDS, LATER, newPrefix, sorted, useLive } from './live-backend.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Strings that break text protocols and naive encodings. */
const AWKWARD = [
  '',
  'plain',
  'a:b',
  'x\u0000y',
  'line\r\nbreak',
  'café 日本 🙂',
  '\ud800',
  '\uffffz',
]

describe.each(KINDS)('cells on %s Redis', (kind) => {
  const live = useLive(kind)

  it('counts histogram members, adding to what is stored', async () => {
    const prefix = newPrefix()
    const counts = new Map([
      ['GET', 3],
      ['POST', 1],
    ])
    await live.backend.write(prefix, [cell({ op: 'count', counts })])
    await live.backend.write(prefix, [cell({ op: 'count', counts: new Map([['GET', 2]]) })])

    const read = await live.backend.read(prefix, {
      name: 'n',
      interval: 'hour',
      op: 'count',
      buckets: [0],
    })
    expect(read).toEqual([
      {
        bucket: 0,
        sub: null,
        op: 'count',
        counts: new Map([
          ['GET', 5],
          ['POST', 1],
        ]),
      },
    ])
  })

  it('keeps integer counts exact and takes fractional ones', async () => {
    const prefix = newPrefix()
    const big = 2 ** 53 - 1
    await live.backend.write(prefix, [
      cell({
        op: 'count',
        counts: new Map([
          ['i', big - 1],
          ['f', 0.5],
        ]),
      }),
    ])
    await live.backend.write(prefix, [
      cell({
        op: 'count',
        counts: new Map([
          ['i', 1],
          ['f', 0.25],
        ]),
      }),
    ])
    await live.backend.write(prefix, [cell({ op: 'count', counts: new Map([['f', 2]]) })])

    const [read] = await live.backend.read(prefix, {
      name: 'n',
      interval: 'hour',
      op: 'count',
      buckets: [0],
    })
    expect(read).toMatchObject({
      counts: new Map([
        ['i', big],
        ['f', 2.75],
      ]),
    })
  })

  it('adds a cell that comes twice in one batch instead of keeping one copy', async () => {
    const prefix = newPrefix()
    const counts = new Map([
      ['a', 1],
      ['b', 2],
    ])
    await live.backend.write(prefix, [cell({ op: 'count', counts }), cell({ op: 'count', counts })])
    await live.backend.write(prefix, [
      cell({ op: 'increment', amount: 2 }),
      cell({ op: 'increment', amount: 3 }),
    ])

    const [histogram] = await live.backend.read(prefix, {
      name: 'n',
      interval: 'hour',
      op: 'count',
      buckets: [0],
    })
    expect(histogram).toMatchObject({
      counts: new Map([
        ['a', 2],
        ['b', 4],
      ]),
    })
    const [count] = await live.backend.read(prefix, {
      name: 'n',
      interval: 'hour',
      op: 'increment',
      buckets: [0],
    })
    expect(count).toMatchObject({ amount: 5 })
  })

  it('adds increments, negative and fractional too', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [cell({ op: 'increment', amount: 5 })])
    await live.backend.write(prefix, [cell({ op: 'increment', amount: -1.5 })])
    await live.backend.write(prefix, [cell({ op: 'increment', amount: 1 })])

    const read = await live.backend.read(prefix, {
      name: 'n',
      interval: 'hour',
      op: 'increment',
      buckets: [0],
    })
    expect(read).toEqual([{ bucket: 0, sub: null, op: 'increment', amount: 4.5 }])
  })

  it('replaces gauges and keeps the last value', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [cell({ op: 'replace', value: 'first' })])
    await live.backend.write(prefix, [cell({ op: 'replace', value: 'x\u0000\r\n' })])

    const read = await live.backend.read(prefix, {
      name: 'n',
      interval: 'hour',
      op: 'replace',
      buckets: [0],
    })
    expect(read).toEqual([{ bucket: 0, sub: null, op: 'replace', value: 'x\u0000\r\n' }])
  })

  it('unites set members', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [cell({ op: 'add', members: new Set(['a', 'b']) })])
    await live.backend.write(prefix, [cell({ op: 'add', members: new Set(['b', 'c']) })])

    const [read] = await live.backend.read(prefix, {
      name: 'n',
      interval: 'hour',
      op: 'add',
      buckets: [0],
    })
    expect(read).toEqual({ bucket: 0, sub: null, op: 'add', members: new Set(['a', 'b', 'c']) })
  })

  it('appends series values in arrival order, duplicates kept', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [cell({ op: 'append', values: ['3', '1'] })])
    await live.backend.write(prefix, [cell({ op: 'append', values: ['1', '2'] })])

    const [read] = await live.backend.read(prefix, {
      name: 'n',
      interval: 'hour',
      op: 'append',
      buckets: [0],
    })
    expect(read).toEqual({ bucket: 0, sub: null, op: 'append', values: ['3', '1', '1', '2'] })
  })

  it('returns awkward members and values byte for byte', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [
      cell({ op: 'count', counts: new Map(AWKWARD.map((v, i) => [v, i + 1])) }),
      cell({ op: 'add', members: new Set(AWKWARD) }),
      cell({ op: 'append', values: AWKWARD }),
      ...AWKWARD.map((value, i) => cell({ op: 'replace', value }, { name: `g${i}` })),
    ])

    const read = async (op: 'count' | 'add' | 'append', name = 'n') =>
      live.backend.read(prefix, { name, interval: 'hour', op, buckets: [0] })
    expect((await read('count'))[0]).toMatchObject({
      counts: new Map(AWKWARD.map((v, i) => [v, i + 1])),
    })
    expect((await read('add'))[0]).toMatchObject({ members: new Set(AWKWARD) })
    expect((await read('append'))[0]).toMatchObject({ values: AWKWARD })
    for (const [i, value] of AWKWARD.entries()) {
      const [gauge] = await live.backend.read(prefix, {
        name: `g${i}`,
        interval: 'hour',
        op: 'replace',
        buckets: [0],
      })
      expect(gauge).toMatchObject({ value })
    }
  })

  it('keeps sub-buckets apart inside one bucket, for every op', async () => {
    const prefix = newPrefix()
    const at = (sub: number | null) => ({ bucket: DAY, sub })
    await live.backend.write(prefix, [
      cell({ op: 'count', counts: new Map([['a', 1]]) }, at(DAY)),
      cell(
        {
          op: 'count',
          counts: new Map([
            ['a', 2],
            ['b', 1],
          ]),
        },
        at(DAY + HOUR),
      ),
      cell({ op: 'increment', amount: 1 }, at(DAY)),
      cell({ op: 'increment', amount: 2 }, at(DAY + 23 * HOUR)),
      cell({ op: 'replace', value: 'x' }, at(DAY + HOUR)),
      cell({ op: 'add', members: new Set(['m']) }, at(DAY + 2 * HOUR)),
      cell({ op: 'append', values: ['1', '2'] }, at(DAY + HOUR)),
      cell({ op: 'append', values: ['3'] }, at(DAY)),
    ])

    const read = async (op: 'count' | 'increment' | 'replace' | 'add' | 'append') =>
      sorted(
        await live.backend.read(prefix, { name: 'n', interval: 'hour', op, buckets: [0, DAY] }),
      )
    expect(await read('count')).toEqual([
      { bucket: DAY, sub: DAY, op: 'count', counts: new Map([['a', 1]]) },
      {
        bucket: DAY,
        sub: DAY + HOUR,
        op: 'count',
        counts: new Map([
          ['a', 2],
          ['b', 1],
        ]),
      },
    ])
    expect(await read('increment')).toEqual([
      { bucket: DAY, sub: DAY, op: 'increment', amount: 1 },
      { bucket: DAY, sub: DAY + 23 * HOUR, op: 'increment', amount: 2 },
    ])
    expect(await read('replace')).toEqual([
      { bucket: DAY, sub: DAY + HOUR, op: 'replace', value: 'x' },
    ])
    expect(await read('add')).toEqual([
      { bucket: DAY, sub: DAY + 2 * HOUR, op: 'add', members: new Set(['m']) },
    ])
    expect(await read('append')).toEqual([
      { bucket: DAY, sub: DAY, op: 'append', values: ['3'] },
      { bucket: DAY, sub: DAY + HOUR, op: 'append', values: ['1', '2'] },
    ])
  })

  it('reads many buckets, empty ones and negative starts included', async () => {
    const prefix = newPrefix()
    const buckets = Array.from({ length: 2_500 }, (_, i) => (i - 100) * DAY)
    const written = buckets.filter((_, i) => i % 3 === 0)
    await live.backend.write(
      prefix,
      written.map((bucket) => cell({ op: 'increment', amount: bucket / DAY }, { bucket })),
    )

    const read = await live.backend.read(prefix, {
      name: 'n',
      interval: 'day',
      op: 'increment',
      buckets,
    })
    expect(read).toEqual([])
    const days = await live.backend.read(prefix, {
      name: 'n',
      interval: 'hour',
      op: 'increment',
      buckets,
    })
    expect(sorted(days).map((c) => c.bucket)).toEqual(written)
    expect(sorted(days).map((c) => (c.op === 'increment' ? c.amount : null))).toEqual(
      written.map((b) => b / DAY),
    )
  })

  it('reads only the op it is asked for', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [cell({ op: 'increment', amount: 1 })])
    expect(
      await live.backend.read(prefix, { name: 'n', interval: 'hour', op: 'count', buckets: [0] }),
    ).toEqual([])
  })

  it('writes batches larger than one command and than maxBatchCells', async () => {
    const prefix = newPrefix()
    const members = new Map(Array.from({ length: 5_000 }, (_, i) => [`m${i}`, i + 1]))
    const writes = [
      cell({ op: 'count', counts: members }),
      cell({ op: 'append', values: Array.from({ length: 4_321 }, (_, i) => String(i)) }),
      ...Array.from({ length: 12_000 }, (_, i) =>
        cell({ op: 'increment', amount: 1 }, { name: `c${i % 7}`, bucket: i * HOUR }),
      ),
    ]
    await live.backend.write(prefix, writes)

    const [counts] = await live.backend.read(prefix, {
      name: 'n',
      interval: 'hour',
      op: 'count',
      buckets: [0],
    })
    expect(counts).toMatchObject({ counts: members })
    const [values] = await live.backend.read(prefix, {
      name: 'n',
      interval: 'hour',
      op: 'append',
      buckets: [0],
    })
    expect(values?.op === 'append' && values.values.at(-1)).toBe('4320')
    const buckets = Array.from({ length: 12_000 }, (_, i) => i * HOUR).filter((_, i) => i % 7 === 3)
    const read = await live.backend.read(prefix, {
      name: 'c3',
      interval: 'hour',
      op: 'increment',
      buckets,
    })
    expect(read).toHaveLength(buckets.length)
  })

  it('sets each bucket key to expire when its bucket leaves retention', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [
      cell({ op: 'count', counts: new Map([['a', 1]]) }, { bucket: 0 }, LATER),
      cell({ op: 'count', counts: new Map([['a', 1]]) }, { bucket: HOUR }, null),
    ])

    const keys = new NameKeys(prefix, 'n')
    const interval = encodeComponent('hour')
    expect(await live.client.pexpiretime(keys.data('count', interval, 0))).toBe(LATER)
    expect(await live.client.pexpiretime(keys.data('count', interval, HOUR))).toBe(-1)
    expect(await live.client.pexpiretime(keys.buckets(interval))).toBe(-1)
  })

  it('lets index keys live as long as their newest bucket', async () => {
    const prefix = newPrefix()
    const keys = new NameKeys(prefix, 'n')
    const interval = encodeComponent('hour')
    await live.backend.write(prefix, [
      cell({ op: 'increment', amount: 1 }, { bucket: HOUR }, LATER + HOUR),
    ])
    await live.backend.write(prefix, [cell({ op: 'increment', amount: 1 }, { bucket: 0 }, LATER)])

    expect(await live.client.pexpiretime(keys.buckets(interval))).toBe(LATER + HOUR)
    expect(await live.client.pexpiretime(keys.meta())).toBe(LATER + HOUR)
  })
})
