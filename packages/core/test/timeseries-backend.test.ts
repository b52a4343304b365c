import { describe, expect, it } from 'vitest'
import {
  BackendFailureError,
  type BulkPoint,
  fromUrl,
  KairosError,
  MemoryBackend,
  Timeseries,
} from '../src/index.js'
import { ChunkedBackend } from './support/chunked-backend.js'

const NOW = Date.parse('2024-06-01T12:00:00Z')
const COUNT = { type: 'count', intervals: { minute: { step: '1m' } }, clock: () => NOW } as const

async function failure(promise: Promise<unknown>): Promise<KairosError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(KairosError)
  return error as KairosError
}

/** One point per name, so that every point is its own cell. */
function distinctCells(n: number): BulkPoint<number>[] {
  return Array.from({ length: n }, (_, i) => ({ name: `n${i}`, value: 1, timestamp: NOW }))
}

describe('fromUrl', () => {
  it('memory:// builds a working timeseries that owns its backend', async () => {
    const ts = await fromUrl('memory://', COUNT)
    await ts.insert('hits', 2)

    expect(ts.backend).toBeInstanceOf(MemoryBackend)
    expect(await ts.get('hits', 'minute')).toEqual(new Map([[NOW, 2]]))
    await ts.close()
    expect(await ts.list()).toEqual([])
  })

  it('redis:// works, or names the package to install', async () => {
    const outcome = await fromUrl('redis://127.0.0.1:6399/0', COUNT).then(
      (ts) => ts,
      (error: unknown) => error,
    )
    if (outcome instanceof Timeseries) {
      await outcome.close()
      return
    }
    // Installed but no server there: a backend failure. Not installed: the package to install.
    expect(outcome).toBeInstanceOf(KairosError)
    const { code, message } = outcome as KairosError
    expect(['MISSING_PACKAGE', 'BACKEND_FAILURE']).toContain(code)
    if (code === 'MISSING_PACKAGE') expect(message).toContain('@kairos/redis')
  })

  it('mongodb:// works, or names the package to install', async () => {
    const outcome = await fromUrl('mongodb://127.0.0.1:27099/kairos', COUNT).then(
      (ts) => ts,
      (error: unknown) => error,
    )
    if (outcome instanceof Timeseries) {
      await outcome.close()
      return
    }
    expect(outcome).toBeInstanceOf(KairosError)
    const { code, message } = outcome as KairosError
    expect(['MISSING_PACKAGE', 'BACKEND_FAILURE']).toContain(code)
    if (code === 'MISSING_PACKAGE') expect(message).toContain('@kairos/mongo')
  }, 30_000)

  it.each(['ftp://example.invalid/x', 'http://127.0.0.1/', 'memory', '', 'not a url'])(
    '%j is INVALID_CONFIG',
    async (url) => {
      const error = await failure(fromUrl(url, COUNT))
      expect(error.code).toBe('INVALID_CONFIG')
    },
  )

  it('a bad config is INVALID_CONFIG', async () => {
    const error = await failure(fromUrl('memory://', { type: 'nope', intervals: {} } as never))
    expect(error.code).toBe('INVALID_CONFIG')
  })
})

describe('close', () => {
  it('leaves a backend that was passed in open', async () => {
    const backend = new ChunkedBackend()
    const ts = new Timeseries(backend, COUNT)
    await ts.insert('x', 1)
    await ts.close()

    expect(backend.closed).toBe(0)
    expect(await new Timeseries(backend, COUNT).list()).toEqual(['x'])
  })

  it('closes a backend the timeseries owns', async () => {
    const backend = new ChunkedBackend()
    await new Timeseries(backend, COUNT, { ownsBackend: true }).close()
    expect(backend.closed).toBe(1)
  })
})

describe('write batching', () => {
  it('splits a bulk insert into chunks of at most maxBatchCells', async () => {
    const backend = new ChunkedBackend(3)
    const ts = new Timeseries(backend, COUNT)

    expect(await ts.bulkInsert(distinctCells(10))).toEqual({ written: 10, skipped: 0 })
    expect(backend.chunks).toEqual([3, 3, 3, 1])
    expect((await ts.list()).length).toBe(10)
  })

  it('folds points that land in the same cell before sending them', async () => {
    const backend = new ChunkedBackend(3)
    const ts = new Timeseries(backend, COUNT)
    const sameCell = Array.from({ length: 100 }, (_, i) => ({
      name: 'x',
      value: 1,
      timestamp: NOW + i,
    }))

    expect(await ts.bulkInsert(sameCell)).toEqual({ written: 100, skipped: 0 })
    expect(backend.chunks).toEqual([1])
    expect(await ts.get('x', 'minute')).toEqual(new Map([[NOW, 100]]))
  })

  it('a failing chunk is BACKEND_FAILURE saying how many writes were applied', async () => {
    const backend = new ChunkedBackend(3)
    const driverError = new Error('disk full')
    backend.failOnCall = 3
    backend.failWith = driverError
    const ts = new Timeseries(backend, COUNT)

    const error = await failure(ts.bulkInsert(distinctCells(10)))

    expect(error).toBeInstanceOf(BackendFailureError)
    expect(error.code).toBe('BACKEND_FAILURE')
    expect(error.cause).toBe(driverError)
    expect(error.retryable).toBe(true)
    expect((error as BackendFailureError).batch).toEqual({ total: 10, applied: 6 })
    expect(error.message).toContain('6 of 10')
    expect(backend.chunks).toEqual([3, 3, 3])
    expect((await ts.list()).sort()).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5'])
  })

  it('a backend that reports part of its own chunk adds it to the count', async () => {
    const backend = new ChunkedBackend(3)
    const driverError = new Error('connection reset')
    backend.failOnCall = 2
    backend.failWith = new BackendFailureError('pipeline failed', {
      cause: driverError,
      batch: { total: 3, applied: 1 },
    })
    const ts = new Timeseries(backend, COUNT)

    const error = (await failure(ts.bulkInsert(distinctCells(7)))) as BackendFailureError

    expect(error.code).toBe('BACKEND_FAILURE')
    expect(error.batch).toEqual({ total: 7, applied: 4 })
    expect(error.cause).toBe(driverError)
  })

  it('a single insert that fails is BACKEND_FAILURE with nothing applied', async () => {
    const backend = new ChunkedBackend(3)
    backend.failOnCall = 1
    const ts = new Timeseries(backend, COUNT)

    const error = (await failure(ts.insert('x', 1))) as BackendFailureError
    expect(error.code).toBe('BACKEND_FAILURE')
    expect(error.batch).toEqual({ total: 1, applied: 0 })
    expect(await ts.list()).toEqual([])
  })
})

describe('fractional timestamps', () => {
  it('land in the bucket of their millisecond on calendar and fixed steps alike', async () => {
    const config = {
      type: 'count',
      intervals: { year: { step: 'yearly' }, day: { step: '1d' } },
      clock: () => NOW,
    } as const
    const one = new Timeseries(new MemoryBackend(), config)
    const bulk = new Timeseries(new MemoryBackend(), config)

    await one.insert('n', 1, { timestamp: NOW + 0.5 })
    await one.insert('n', 1, { timestamp: NOW })
    await bulk.bulkInsert([
      { name: 'n', value: 1, timestamp: NOW + 0.5 },
      { name: 'n', value: 1, timestamp: NOW },
    ])

    const year = Date.parse('2024-01-01T00:00:00Z')
    for (const ts of [one, bulk]) {
      expect(await ts.get('n', 'year', { timestamp: NOW + 0.25 })).toEqual(new Map([[year, 2]]))
      expect(await ts.get('n', 'day', { timestamp: NOW })).toEqual(
        new Map([[NOW - 12 * 3_600_000, 2]]),
      )
    }
  })
})

describe('errors from another copy of core', () => {
  it('are still instances of the base class and of their own class only', async () => {
    const {
      KairosError: Base,
      BackendFailureError: Failure,
      InvalidValueError: Invalid,
    } = await import('../src/errors.js')
    const foreign = new Failure('from a second copy')
    Object.setPrototypeOf(foreign, Error.prototype)

    expect(foreign).toBeInstanceOf(Base)
    expect(foreign).toBeInstanceOf(Failure)
    expect(foreign instanceof Invalid).toBe(false)
    expect(new Error('plain') instanceof Base).toBe(false)
  })
})
