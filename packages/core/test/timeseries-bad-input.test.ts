import { describe, expect, it } from 'vitest'
import type { SeriesOptions } from '../src/index.js'
import {
  type BulkPoint,
  KairosError,
  MAX_NAME_LENGTH,
  MAX_RANGE_BUCKETS,
  MemoryBackend,
  Timeseries,
} from '../src/index.js'

const NOW = Date.parse('2024-06-01T12:00:00Z')
const MINUTE = 60_000

const CONFIG = {
  intervals: { minute: { step: '1m', steps: 60 }, day: { step: 'daily' } },
  clock: () => NOW,
} as const

function numberSeries() {
  return new Timeseries(new MemoryBackend(), { type: 'series', ...CONFIG })
}

function counter() {
  return new Timeseries(new MemoryBackend(), { type: 'count', ...CONFIG })
}

/** Anything, typed as whatever the call expects: these tests pass wrong input on purpose. */
const bad = (value: unknown) => value as never

async function failure(promise: Promise<unknown>): Promise<KairosError & { field?: string }> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(KairosError)
  return error as KairosError & { field?: string }
}

/** Nothing of any name reached the store, in any interval. */
async function expectNothingWritten(ts: Timeseries): Promise<void> {
  expect(await ts.list()).toEqual([])
  expect(await ts.properties('x')).toEqual({})
  const minutes = await ts.series('x', 'minute', { end: NOW, steps: 3 })
  expect([...minutes.values()]).toEqual([[], [], []])
}

type SeriesTs = ReturnType<typeof numberSeries>

const BAD_INSERTS: readonly [string, (ts: SeriesTs) => Promise<unknown>, string, string][] = [
  ['a missing name', (ts) => ts.insert(bad(undefined), 1), 'INVALID_VALUE', 'name'],
  ['an empty name', (ts) => ts.insert('', 1), 'INVALID_VALUE', 'name'],
  ['a numeric name', (ts) => ts.insert(bad(42), 1), 'INVALID_VALUE', 'name'],
  ['a name with a lone surrogate', (ts) => ts.insert('a\uD800', 1), 'INVALID_VALUE', 'name'],
  [
    'a name that is too long',
    (ts) => ts.insert('n'.repeat(MAX_NAME_LENGTH + 1), 1),
    'INVALID_VALUE',
    'name',
  ],
  ['NaN', (ts) => ts.insert('x', Number.NaN), 'INVALID_VALUE', 'value'],
  ['Infinity', (ts) => ts.insert('x', Number.POSITIVE_INFINITY), 'INVALID_VALUE', 'value'],
  ['-Infinity', (ts) => ts.insert('x', Number.NEGATIVE_INFINITY), 'INVALID_VALUE', 'value'],
  ['undefined', (ts) => ts.insert('x', undefined), 'INVALID_VALUE', 'value'],
  ['no value at all', (ts) => ts.insert('x'), 'INVALID_VALUE', 'value'],
  ['a string in a number series', (ts) => ts.insert('x', bad('1')), 'INVALID_VALUE', 'value'],
  ['null', (ts) => ts.insert('x', bad(null)), 'INVALID_VALUE', 'value'],
  ['an empty array', (ts) => ts.insert('x', []), 'INVALID_VALUE', 'value'],
  ['NaN inside an array', (ts) => ts.insert('x', [1, Number.NaN, 3]), 'INVALID_VALUE', 'value'],
  [
    'a NaN timestamp',
    (ts) => ts.insert('x', 1, { timestamp: Number.NaN }),
    'INVALID_VALUE',
    'timestamp',
  ],
  [
    'an invalid Date',
    (ts) => ts.insert('x', 1, { timestamp: new Date('not a date') }),
    'INVALID_VALUE',
    'timestamp',
  ],
  [
    'a string timestamp',
    (ts) => ts.insert('x', 1, { timestamp: bad('2024-06-01') }),
    'INVALID_VALUE',
    'timestamp',
  ],
  [
    'a timestamp past 8.64e15',
    (ts) => ts.insert('x', 1, { timestamp: 8.64e15 + 1 }),
    'INVALID_VALUE',
    'timestamp',
  ],
  [
    'a timestamp before -8.64e15',
    (ts) => ts.insert('x', 1, { timestamp: -8.64e15 - 1 }),
    'INVALID_VALUE',
    'timestamp',
  ],
  [
    'an infinite timestamp',
    (ts) => ts.insert('x', 1, { timestamp: Number.POSITIVE_INFINITY }),
    'INVALID_VALUE',
    'timestamp',
  ],
  [
    'fractional intervals',
    (ts) => ts.insert('x', 1, { intervals: 1.5 }),
    'INVALID_ARGUMENT',
    'intervals',
  ],
  [
    'NaN intervals',
    (ts) => ts.insert('x', 1, { intervals: Number.NaN }),
    'INVALID_ARGUMENT',
    'intervals',
  ],
  [
    'intervals as a string',
    (ts) => ts.insert('x', 1, { intervals: bad('2') }),
    'INVALID_ARGUMENT',
    'intervals',
  ],
  [
    'intervals out of reach',
    (ts) => ts.insert('x', 1, { intervals: 10_000_000 }),
    'INVALID_ARGUMENT',
    'intervals',
  ],
  ['points that are not iterable', (ts) => ts.bulkInsert(bad(null)), 'INVALID_ARGUMENT', 'points'],
  [
    'a point that is not an object',
    (ts) => ts.bulkInsert([bad(null)]),
    'INVALID_VALUE',
    'points[0]',
  ],
  [
    'bulk intervals that are not whole',
    (ts) => ts.bulkInsert([{ name: 'x', value: 1 }], { intervals: 0.5 }),
    'INVALID_ARGUMENT',
    'intervals',
  ],
]

describe('bad writes are rejected before anything is written', () => {
  it.each(BAD_INSERTS)('%s', async (_what, write, code, field) => {
    const ts = numberSeries()
    const error = await failure(write(ts))

    expect(error.code).toBe(code)
    expect(error.field).toBe(field)
    await expectNothingWritten(ts)

    await ts.insert('x', 1, { timestamp: NOW })
    expect(await ts.list()).toEqual(['x'])
  })

  it.each([
    ['a string', '5'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['null', null],
    ['an object', { amount: 1 }],
  ])('a count increment that is %s is INVALID_VALUE', async (_what, amount) => {
    const ts = counter()
    const error = await failure(ts.insert('x', bad(amount), { timestamp: NOW }))

    expect(error.code).toBe('INVALID_VALUE')
    expect(await ts.list()).toEqual([])
  })

  it('a count adds 1 by default, and negative or fractional amounts', async () => {
    const ts = counter()
    await ts.insert('x', undefined, { timestamp: NOW })
    await ts.insert('x', -2.5, { timestamp: NOW })

    expect(await ts.get('x', 'minute', { timestamp: NOW })).toEqual(new Map([[NOW, -1.5]]))
  })
})

describe('a bad point in the middle of a 10 000-point bulk insert', () => {
  function points(badPoint: BulkPoint<number>): BulkPoint<number>[] {
    return Array.from({ length: 10_000 }, (_, i) =>
      i === 5000 ? badPoint : { name: `n${i % 7}`, value: i, timestamp: NOW - (i % 50) * MINUTE },
    )
  }

  it.each([
    ['value', { name: 'x', value: Number.NaN }, 'points[5000].value'],
    ['name', { name: '', value: 1 }, 'points[5000].name'],
    ['timestamp', { name: 'x', value: 1, timestamp: bad('yesterday') }, 'points[5000].timestamp'],
  ])('a bad %s rejects the whole call and writes nothing', async (_what, point, field) => {
    const ts = numberSeries()
    const error = await failure(ts.bulkInsert(points(point as BulkPoint<number>)))

    expect(error.code).toBe('INVALID_VALUE')
    expect(error.field).toBe(field)
    expect(await ts.list()).toEqual([])
    const read = await ts.series(['n0', 'n1', 'n6'], 'minute', { end: NOW, steps: 60 })
    expect([...read.values()].every((bucket) => bucket.length === 0)).toBe(true)
  })

  it('from an async iterable too', async () => {
    async function* stream(): AsyncGenerator<BulkPoint<number>> {
      for (let i = 0; i < 10_000; i++) {
        yield { name: 'n', value: i === 5000 ? Number.NaN : i, timestamp: NOW }
      }
    }
    const ts = numberSeries()

    expect((await failure(ts.bulkInsert(stream()))).field).toBe('points[5000].value')
    expect(await ts.list()).toEqual([])
  })

  it('the same 10 000 points without the bad one are all written', async () => {
    const ts = numberSeries()
    const good = points({ name: 'n0', value: 0, timestamp: NOW })

    expect(await ts.bulkInsert(good)).toEqual({ written: 10_000, skipped: 0 })
    expect((await ts.list()).sort()).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6'])
  })
})

describe('bad reads', () => {
  it.each([
    ['get', (ts: SeriesTs) => ts.get('x', bad('hour'))],
    ['series', (ts: SeriesTs) => ts.series('x', bad('hour'))],
    ['an inherited property name', (ts: SeriesTs) => ts.series('x', bad('toString'))],
    ['a missing interval', (ts: SeriesTs) => ts.get('x', bad(undefined))],
    ['iterate', (ts: SeriesTs) => ts.iterate('x', bad('hour')).next()],
  ])('an unknown interval in %s is UNKNOWN_INTERVAL', async (_call, read) => {
    const error = await failure(read(numberSeries()))
    expect(error.code).toBe('UNKNOWN_INTERVAL')
    expect(error.message).toContain('minute')
  })

  it.each([
    ['zero steps', { steps: 0 }, 'steps'],
    ['negative steps', { steps: -5 }, 'steps'],
    ['fractional steps', { steps: 2.5 }, 'steps'],
    ['NaN steps', { steps: Number.NaN }, 'steps'],
    ['steps as a string', { steps: bad('3') }, 'steps'],
    ['too many steps', { steps: MAX_RANGE_BUCKETS + 1 }, 'steps'],
    ['start after end', { start: NOW, end: NOW - MINUTE }, 'start'],
    ['a range of more buckets than allowed', { start: -8.64e15, end: 8.64e15 }, 'range'],
    ['condense that is not a flag', { condense: bad('yes') }, 'condense'],
    ['collapse that is not a flag', { collapse: bad(1) }, 'collapse'],
    ['a fetch hook that is not a function', { fetch: bad('db') }, 'fetch'],
    ['a joinRows hook that is not a function', { joinRows: bad(1) }, 'joinRows'],
  ] as [string, SeriesOptions, string][])(
    '%s is INVALID_ARGUMENT',
    async (_what, options, field) => {
      const error = await failure(numberSeries().series('x', 'minute', options))
      expect(error.code).toBe('INVALID_ARGUMENT')
      expect(error.field).toBe(field)
    },
  )

  it.each([
    ['a start that is not a time', { start: bad('yesterday') }, 'start'],
    ['an invalid Date end', { end: new Date(Number.NaN) }, 'end'],
    ['an end beyond 8.64e15', { end: 9e15 }, 'end'],
  ] as [string, SeriesOptions, string][])('%s is INVALID_VALUE', async (_what, options, field) => {
    const error = await failure(numberSeries().series('x', 'minute', options))
    expect(error.code).toBe('INVALID_VALUE')
    expect(error.field).toBe(field)
  })

  it('bad names: empty, an empty list, a bad element', async () => {
    const ts = numberSeries()
    expect((await failure(ts.get('', 'minute'))).code).toBe('INVALID_VALUE')
    expect((await failure(ts.get([], 'minute'))).code).toBe('INVALID_ARGUMENT')
    expect((await failure(ts.series(['a', bad(5)], 'minute'))).field).toBe('name[1]')
    expect((await failure(ts.get('x', 'minute', { timestamp: Number.NaN }))).code).toBe(
      'INVALID_VALUE',
    )
  })

  it('metadata calls check the name', async () => {
    const ts = numberSeries()
    for (const call of [ts.properties(''), ts.delete(bad(undefined)), ts.expire(bad(7))]) {
      expect((await failure(call)).code).toBe('INVALID_VALUE')
    }
  })
})

describe('the extremes of the valid time range', () => {
  it.each([
    ['a fixed step', { step: '1m' }, 'UTC'],
    ['UTC days', { step: 'daily' }, 'UTC'],
    ['Samoa days', { step: 'daily' }, 'Pacific/Apia'],
    ['weeks', { step: 'weekly' }, 'UTC'],
    ['years in New York', { step: 'yearly' }, 'America/New_York'],
  ])('inserts at ±8.64e15 into %s work or fail with a KairosError', async (_what, step, zone) => {
    const ts = new Timeseries(new MemoryBackend(), {
      type: 'count',
      timezone: zone,
      intervals: { x: step },
    })
    for (const timestamp of [8.64e15, -8.64e15]) {
      const outcome = await ts.insert('x', 1, { timestamp }).then(
        () => 'written',
        (error: unknown) => error,
      )
      if (outcome !== 'written') expect(outcome).toBeInstanceOf(KairosError)
    }
  })
})
