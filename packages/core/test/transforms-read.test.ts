import { describe, expect, it } from 'vitest'
import { KairosError, MemoryBackend, Timeseries } from '../src/index.js'

const HOUR = 3_600_000
const NOON = Date.parse('2024-06-01T12:00:00Z')

async function rejection(promise: Promise<unknown>): Promise<KairosError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(KairosError)
  return error as KairosError
}

describe('transforms on reads', () => {
  it('rate over a 23-hour DST day divides by 82 800 s', async () => {
    const ts = new Timeseries(new MemoryBackend(), {
      type: 'count',
      timezone: 'America/New_York',
      intervals: { day: { step: 'daily' } },
    })
    const start = Date.parse('2024-03-10T00:00:00-05:00')
    await ts.insert('hits', 828, { timestamp: start + 20 * HOUR })

    const read = await ts.get('hits', 'day', { timestamp: start, transform: 'rate' })
    expect(read).toEqual(new Map([[start, 0.01]]))
  })

  it('a function transform sees the data and the 25-hour day in ms', async () => {
    const ts = new Timeseries(new MemoryBackend(), {
      type: 'series',
      timezone: 'Europe/London',
      intervals: { day: { step: 'daily' } },
    })
    const start = Date.parse('2024-10-27T00:00:00+01:00')
    await ts.insert('x', [4, 2], { timestamp: start + 3 * HOUR })

    const read = await ts.series('x', 'day', {
      start,
      end: start,
      transform: (data: unknown, duration: number) => ({ data, duration }),
    })
    expect(read).toEqual(new Map([[start, { data: [4, 2], duration: 25 * HOUR }]]))
  })

  it('histograms built by inserts weigh each value by its count', async () => {
    const ts = new Timeseries(new MemoryBackend(), {
      type: 'histogram',
      intervals: { minute: { step: '1m' } },
    })
    await ts.insert('latency', [1, 1, 1, 10], { timestamp: NOON })

    const read = await ts.get('latency', 'minute', {
      timestamp: NOON,
      transform: { mean: 'mean', sum: 'sum', median: 'median', p90: 'p90', count: 'count' },
    })
    expect(read.get(NOON)).toEqual({ mean: 3.25, sum: 13, median: 1, p90: 10, count: 4 })
  })

  it('an array of transforms over a range, empty buckets included', async () => {
    const ts = new Timeseries(new MemoryBackend(), {
      type: 'series',
      intervals: { minute: { step: '1m' } },
    })
    await ts.insert('x', [2, 4], { timestamp: NOON })

    const read = await ts.series('x', 'minute', {
      start: NOON,
      steps: 2,
      transform: ['count', 'sum', 'mean', 'rate', 'stddev'],
    })
    expect(read).toEqual(
      new Map([
        [NOON, { count: 2, sum: 6, mean: 3, rate: 2 / 60, stddev: 1 }],
        [NOON + 60_000, { count: 0, sum: 0, mean: null, rate: 0, stddev: null }],
      ]),
    )
  })

  it('transforms run after collapse, and rate spans the whole range', async () => {
    const ts = new Timeseries(new MemoryBackend(), {
      type: 'count',
      intervals: { minute: { step: '1m' } },
    })
    await ts.insert('x', 30, { timestamp: NOON })
    await ts.insert('x', 60, { timestamp: NOON + 120_000 })

    const read = await ts.series('x', 'minute', {
      start: NOON,
      steps: 3,
      collapse: true,
      transform: ['sum', 'rate'],
    })
    expect(read).toEqual(new Map([[NOON, { sum: 90, rate: 0.5 }]]))
  })

  it('transforms run after condense on an interval with a resolution', async () => {
    const ts = new Timeseries(new MemoryBackend(), {
      type: 'series',
      intervals: { hour: { step: '1h', resolution: '1m' } },
    })
    await ts.insert('x', 1, { timestamp: NOON })
    await ts.insert('x', 5, { timestamp: NOON + 30 * 60_000 })

    const condensed = await ts.get('x', 'hour', {
      timestamp: NOON,
      condense: true,
      transform: 'max',
    })
    expect(condensed).toEqual(new Map([[NOON, 5]]))

    const perMinute = await ts.get('x', 'hour', { timestamp: NOON, transform: 'rate' })
    expect(perMinute).toEqual(
      new Map([
        [NOON, 1 / 60],
        [NOON + 30 * 60_000, 1 / 60],
      ]),
    )
  })

  it.each([
    ['an unknown name', 'average'],
    ['q = 0', { percentile: 0 }],
    ['q above 1', { percentile: 1.5 }],
    ['an empty array', []],
  ])('%s rejects a read with INVALID_ARGUMENT', async (_label, transform) => {
    const ts = new Timeseries(new MemoryBackend(), {
      type: 'series',
      intervals: { minute: { step: '1m' } },
    })
    const options = { transform: transform as 'mean' }

    expect((await rejection(ts.series('x', 'minute', options))).code).toBe('INVALID_ARGUMENT')
    expect((await rejection(ts.get('x', 'minute', options))).code).toBe('INVALID_ARGUMENT')
  })
})
