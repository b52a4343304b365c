import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { afterEach, describe, expect, it } from 'vitest'
import {
  CHANNELS,
  MemoryBackend,
  type ReadEvent,
  Timeseries,
  type WriteEvent,
} from '../src/index.js'

const listeners: [string, (message: unknown) => void][] = []

function listen<T>(name: string): T[] {
  const events: T[] = []
  const listener = (message: unknown) => events.push(message as T)
  subscribe(name, listener)
  listeners.push([name, listener])
  return events
}

afterEach(() => {
  for (const [name, listener] of listeners.splice(0)) unsubscribe(name, listener)
})

describe('tracing through diagnostics_channel', () => {
  const config = {
    type: 'histogram',
    prefix: 'traced',
    intervals: { minute: { step: '1m' } },
    clock: () => 600_000,
  } as const

  it('publishes one write event per batch with counts and no values', async () => {
    const writes = listen<WriteEvent>(CHANNELS.write)
    const ts = new Timeseries(new MemoryBackend(), config)

    await ts.bulkInsert([
      { name: 'a', value: 41, timestamp: 0 },
      { name: 'a', value: 42, timestamp: 1 },
      { name: 'b', value: 43, timestamp: 60_000 },
    ])

    expect(writes).toHaveLength(1)
    expect(writes[0]).toMatchObject({ prefix: 'traced', cells: 2, points: 3 })
    expect(Object.keys(writes[0] ?? {}).sort()).toEqual(['cells', 'durationMs', 'points', 'prefix'])
  })

  it('publishes read events naming the names, interval and bucket count', async () => {
    const reads = listen<ReadEvent>(CHANNELS.read)
    const ts = new Timeseries(new MemoryBackend(), config)

    await ts.series(['a', 'b'], 'minute', { start: 0, end: 240_000 })

    expect(reads).toEqual([
      expect.objectContaining({
        prefix: 'traced',
        names: ['a', 'b'],
        interval: 'minute',
        buckets: 5,
      }),
    ])
    expect(reads[0]?.durationMs).toBeGreaterThanOrEqual(0)
  })

  it('reports the error of a failed write and still rejects', async () => {
    const writes = listen<WriteEvent>(CHANNELS.write)
    const backend = new MemoryBackend()
    backend.write = () => Promise.reject(new Error('disk on fire'))
    const ts = new Timeseries(backend, config)

    await expect(ts.insert('a', 1, { timestamp: 0 })).rejects.toMatchObject({
      code: 'BACKEND_FAILURE',
    })
    expect(writes[0]?.error).toMatchObject({ code: 'BACKEND_FAILURE' })
  })
})
