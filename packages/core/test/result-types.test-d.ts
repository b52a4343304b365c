import { describe, expectTypeOf, it } from 'vitest'
import { type JsonValue, MemoryBackend, Timeseries } from '../src/index.js'

const minute = { minute: { step: '1m' } } as const

describe('read result types follow the config', () => {
  it('a histogram of numbers reads as Map<number, Map<number, number>>', async () => {
    const ts = new Timeseries(new MemoryBackend(), { type: 'histogram', intervals: minute })

    expectTypeOf(await ts.series('latency', 'minute')).toEqualTypeOf<
      Map<number, Map<number, number>>
    >()
    expectTypeOf(await ts.get('latency', 'minute')).toEqualTypeOf<
      Map<number, Map<number, number>>
    >()
  })

  it('a set of strings holds Set<string>', async () => {
    const ts = new Timeseries(new MemoryBackend(), {
      type: 'set',
      values: 'string',
      intervals: minute,
    })

    expectTypeOf(await ts.series('visitors', 'minute')).toEqualTypeOf<Map<number, Set<string>>>()
    expectTypeOf(ts.insert).parameter(1).toEqualTypeOf<string | readonly string[] | undefined>()
  })

  it('a gauge holds number | null', async () => {
    const ts = new Timeseries(new MemoryBackend(), { type: 'gauge', intervals: minute })
    expectTypeOf(await ts.get('temperature', 'minute')).toEqualTypeOf<Map<number, number | null>>()
  })

  it('series hold arrays, counts numbers, json values JsonValue', async () => {
    const series = new Timeseries(new MemoryBackend(), { type: 'series', intervals: minute })
    const count = new Timeseries(new MemoryBackend(), { type: 'count', intervals: minute })
    const json = new Timeseries(new MemoryBackend(), {
      type: 'series',
      values: 'json',
      intervals: minute,
    })

    expectTypeOf(await series.series('x', 'minute')).toEqualTypeOf<Map<number, number[]>>()
    expectTypeOf(await count.series('x', 'minute')).toEqualTypeOf<Map<number, number>>()
    expectTypeOf(await json.series('x', 'minute')).toEqualTypeOf<Map<number, JsonValue[]>>()
  })

  it('readFn decides the value type', async () => {
    const ts = new Timeseries(new MemoryBackend(), {
      type: 'set',
      values: 'string',
      readFn: (value: string) => value.length,
      intervals: minute,
    })
    expectTypeOf(await ts.series('x', 'minute')).toEqualTypeOf<Map<number, Set<number>>>()
  })
})

describe('intervals with a resolution', () => {
  const intervals = {
    minute: { step: '1m' },
    day: { step: 'daily', resolution: '1h' },
  } as const

  it('without condense, each entry is a Map of sub-buckets', async () => {
    const ts = new Timeseries(new MemoryBackend(), { type: 'count', intervals })

    expectTypeOf(await ts.series('x', 'day')).toEqualTypeOf<Map<number, Map<number, number>>>()
    expectTypeOf(await ts.series('x', 'day', { steps: 3 })).toEqualTypeOf<
      Map<number, Map<number, number>>
    >()
  })

  it('with condense or collapse, each entry is the bucket data', async () => {
    const ts = new Timeseries(new MemoryBackend(), { type: 'count', intervals })

    expectTypeOf(await ts.series('x', 'day', { condense: true })).toEqualTypeOf<
      Map<number, number>
    >()
    expectTypeOf(await ts.series('x', 'day', { collapse: true })).toEqualTypeOf<
      Map<number, number>
    >()
  })

  it('an interval without a resolution is unaffected', async () => {
    const ts = new Timeseries(new MemoryBackend(), { type: 'count', intervals })
    expectTypeOf(await ts.series('x', 'minute')).toEqualTypeOf<Map<number, number>>()
  })
})

describe('call signatures', () => {
  it('only configured interval names are accepted', () => {
    const ts = new Timeseries(new MemoryBackend(), { type: 'count', intervals: minute })

    // @ts-expect-error 'hour' is not one of this timeseries' intervals
    void ts.series('x', 'hour')
    // @ts-expect-error 'hour' is not one of this timeseries' intervals
    void ts.get('x', 'hour')
  })

  it('an inline transform function gets typed parameters', async () => {
    const ts = new Timeseries(new MemoryBackend(), { type: 'count', intervals: minute })

    await ts.series('x', 'minute', {
      transform: (data, durationMs) => {
        expectTypeOf(data).toEqualTypeOf<unknown>()
        expectTypeOf(durationMs).toEqualTypeOf<number>()
        return durationMs
      },
    })
  })
})
