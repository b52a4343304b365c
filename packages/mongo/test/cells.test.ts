import { describe, expect, it } from 'vitest'
import { MongoBackend } from '../src/index.js'
import { cell, newPrefix, query, sorted, useLive } from './live-backend.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Values and members that are operators, paths, empty, long, or outside ASCII. */
const TRICKY = [
  '.',
  'a.b',
  '$inc',
  '$where',
  '$',
  '',
  'x'.repeat(10_000),
  'a\u0000b',
  '\u0000',
  '😀',
  'café 日本',
  '%2E',
  '_id',
  '__proto__',
  ' ',
  'trailing\t',
  'line\r\n',
]

describe('cells', () => {
  const live = useLive()

  it('counts histogram members, adding to what is stored', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [
      cell({
        op: 'count',
        counts: new Map([
          ['GET', 3],
          ['POST', 1],
        ]),
      }),
    ])
    await live.backend.write(prefix, [cell({ op: 'count', counts: new Map([['GET', 2]]) })])

    expect(await live.backend.read(prefix, query('count', [0]))).toEqual([
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

  it('round-trips every tricky member, value and name as data', async () => {
    const prefix = newPrefix()
    for (const name of TRICKY.filter((n) => n !== '' && n.length <= 1024)) {
      await live.backend.write(prefix, [
        cell({ op: 'count', counts: new Map(TRICKY.map((m, at) => [m, at + 1])) }, { name }),
        cell({ op: 'add', members: new Set(TRICKY) }, { name }),
        cell({ op: 'append', values: TRICKY }, { name }),
        cell({ op: 'replace', value: '$where' }, { name }),
      ])
      const at = { name }

      const [histogram] = await live.backend.read(prefix, query('count', [0], at))
      expect(histogram).toMatchObject({ counts: new Map(TRICKY.map((m, i) => [m, i + 1])) })
      const [set] = await live.backend.read(prefix, query('add', [0], at))
      expect(set).toMatchObject({ members: new Set(TRICKY) })
      const [series] = await live.backend.read(prefix, query('append', [0], at))
      expect(series).toMatchObject({ values: TRICKY })
      const [gauge] = await live.backend.read(prefix, query('replace', [0], at))
      expect(gauge).toMatchObject({ value: '$where' })
    }
  })

  it('keeps integer counts exact and takes fractional ones', async () => {
    const prefix = newPrefix()
    const big = 2 ** 53 - 1
    const counts = (i: number, f: number) =>
      new Map([
        ['i', i],
        ['f', f],
      ])
    await live.backend.write(prefix, [cell({ op: 'count', counts: counts(big - 1, 0.5) })])
    await live.backend.write(prefix, [cell({ op: 'count', counts: counts(1, 0.25) })])
    await live.backend.write(prefix, [
      cell({ op: 'increment', amount: 2 ** 31 - 1 }),
      cell({ op: 'increment', amount: 0.1 }, { bucket: HOUR }),
    ])
    await live.backend.write(prefix, [
      cell({ op: 'increment', amount: 1 }),
      cell({ op: 'increment', amount: 0.2 }, { bucket: HOUR }),
      cell({ op: 'increment', amount: -5 }, { bucket: 2 * HOUR }),
    ])

    const [histogram] = await live.backend.read(prefix, query('count', [0]))
    expect(histogram).toMatchObject({ counts: counts(big, 0.75) })
    const amounts = sorted(await live.backend.read(prefix, query('increment', [0, HOUR, 2 * HOUR])))
    expect(amounts.map((row) => row.op === 'increment' && row.amount)).toEqual([
      2 ** 31,
      0.1 + 0.2,
      -5,
    ])
  })

  it('adds a cell that comes twice in one batch', async () => {
    const prefix = newPrefix()
    const counts = new Map([['a', 1]])
    await live.backend.write(prefix, [cell({ op: 'count', counts }), cell({ op: 'count', counts })])
    expect(await live.backend.read(prefix, query('count', [0]))).toMatchObject([
      { counts: new Map([['a', 2]]) },
    ])
  })

  it('appends series values in order, across writes', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [cell({ op: 'append', values: ['3', '1'] })])
    await live.backend.write(prefix, [cell({ op: 'append', values: ['2', '1', ''] })])
    expect(await live.backend.read(prefix, query('append', [0]))).toEqual([
      { bucket: 0, sub: null, op: 'append', values: ['3', '1', '2', '1', ''] },
    ])
  })

  it('keeps distinct set members and the last gauge value', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [
      cell({ op: 'add', members: new Set(['a', 'b']) }),
      cell({ op: 'replace', value: 'first' }),
    ])
    await live.backend.write(prefix, [
      cell({ op: 'add', members: new Set(['b', 'c']) }),
      cell({ op: 'replace', value: 'second' }),
    ])
    expect(await live.backend.read(prefix, query('add', [0]))).toEqual([
      { bucket: 0, sub: null, op: 'add', members: new Set(['a', 'b', 'c']) },
    ])
    expect(await live.backend.read(prefix, query('replace', [0]))).toEqual([
      { bucket: 0, sub: null, op: 'replace', value: 'second' },
    ])
  })

  it('stores empty writes as empty cells (lists: not on FerretDB v1)', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [
      cell({ op: 'count', counts: new Map() }),
      cell({ op: 'add', members: new Set() }),
      cell({ op: 'append', values: [] }),
    ])
    expect(await live.backend.read(prefix, query('count', [0]))).toEqual([
      { bucket: 0, sub: null, op: 'count', counts: new Map() },
    ])

    // FerretDB v1 drops empty arrays from `$setOnInsert`; kairos itself never writes them.
    const lists = live.kind === 'ferretdb' ? 0 : 1
    expect(await live.backend.read(prefix, query('add', [0]))).toHaveLength(lists)
    expect(await live.backend.read(prefix, query('append', [0]))).toHaveLength(lists)
  })

  it('returns the sub-buckets of each queried bucket, and only those', async () => {
    const prefix = newPrefix()
    const at = (bucket: number, sub: number | null) => ({ interval: 'day', bucket, sub })
    await live.backend.write(prefix, [
      cell({ op: 'increment', amount: 1 }, at(0, 0)),
      cell({ op: 'increment', amount: 2 }, at(0, 5 * HOUR)),
      cell({ op: 'increment', amount: 3 }, at(DAY, DAY + HOUR)),
      cell({ op: 'increment', amount: 4 }, at(2 * DAY, 2 * DAY)),
      cell({ op: 'increment', amount: 5 }, at(-DAY, -DAY + HOUR)),
    ])

    const rows = sorted(
      await live.backend.read(prefix, query('increment', [-DAY, 0, DAY], { interval: 'day' })),
    )
    expect(rows).toEqual([
      { bucket: -DAY, sub: -DAY + HOUR, op: 'increment', amount: 5 },
      { bucket: 0, sub: 0, op: 'increment', amount: 1 },
      { bucket: 0, sub: 5 * HOUR, op: 'increment', amount: 2 },
      { bucket: DAY, sub: DAY + HOUR, op: 'increment', amount: 3 },
    ])
  })

  it('reads many buckets of a name at once, and nothing of other names or intervals', async () => {
    const prefix = newPrefix()
    const buckets = Array.from({ length: 500 }, (_, i) => i * HOUR)
    await live.backend.write(prefix, [
      ...buckets.map((bucket) => cell({ op: 'increment', amount: bucket / HOUR }, { bucket })),
      cell({ op: 'increment', amount: 1 }, { name: 'n2' }),
      cell({ op: 'increment', amount: 1 }, { interval: 'day' }),
    ])
    await live.backend.write(newPrefix(), [cell({ op: 'increment', amount: 1 })])

    const rows = sorted(await live.backend.read(prefix, query('increment', buckets)))
    expect(rows.map((row) => row.bucket)).toEqual(buckets)
    expect(rows.every((row) => row.op === 'increment' && row.amount === row.bucket / HOUR)).toBe(
      true,
    )
    expect(await live.backend.read(prefix, query('increment', [HOUR, 900 * HOUR]))).toHaveLength(1)
    expect(await live.backend.read(prefix, query('increment', []))).toEqual([])
  })

  it('reads only the data of the queried operation', async () => {
    const prefix = newPrefix()
    await live.backend.write(prefix, [cell({ op: 'increment', amount: 1 })])
    expect(await live.backend.read(prefix, query('count', [0]))).toEqual([])
    expect(await live.backend.read(prefix, query('replace', [0]))).toEqual([])
  })

  it('writes large batches in chunks', async () => {
    const prefix = newPrefix()
    const backend = new MongoBackend(live.db, { writeChunkSize: 7 })
    const writes = Array.from({ length: 200 }, (_, i) =>
      cell({ op: 'count', counts: new Map([[`m${i % 7}`, 1]]) }, { name: `n${i % 3}`, bucket: i }),
    )
    await backend.write(prefix, writes)

    const rows = await backend.read(prefix, query('count', [0, 1, 2, 3, 198], { name: 'n0' }))
    expect(sorted(rows).map((row) => row.bucket)).toEqual([0, 3, 198])
    expect((await backend.list(prefix)).sort()).toEqual(['n0', 'n1', 'n2'])
  })
})
