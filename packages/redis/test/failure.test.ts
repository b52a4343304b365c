import { BackendFailureError, type CellWrite } from '@kairos/core'
import {
  freePort,
  type RedisClusterServer,
  type RedisServer,
  startRedis,
  startRedisCluster,
} from '@kairos/test-servers'
import { Cluster, Redis } from 'ioredis'
import { afterEach, describe, expect, it, type TestContext, vi } from 'vitest'
import { RedisBackend } from '../src/index.js'
import { encodeComponent, NameKeys } from '../src/key-layout.js'
import { cell, newPrefix, TEST_CLIENT } from './live-backend.js'

/** These tests break their servers, so each starts its own. */
const stops: (() => Promise<void>)[] = []

afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

/** Skips the test with the reason when the run may go without Redis and none was found. */
async function ownRedis(context: TestContext): Promise<RedisServer> {
  const server = await startRedis()
  if (server.skipped) return context.skip(server.reason)
  stops.push(() => server.stop())
  return server
}

async function ownCluster(context: TestContext): Promise<RedisClusterServer> {
  const cluster = await startRedisCluster()
  if (cluster.skipped) return context.skip(cluster.reason)
  stops.push(() => cluster.stop())
  return cluster
}

function manyWrites(count: number): CellWrite[] {
  return Array.from({ length: count }, (_, i) =>
    cell(
      { op: 'count', counts: new Map([[`m${i % 97}`, 1]]) },
      { name: `n${i % 229}`, bucket: i * 1_000 },
    ),
  )
}

async function failureOf(work: Promise<unknown>): Promise<BackendFailureError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(BackendFailureError)
  return error as BackendFailureError
}

describe('failures', () => {
  it('rejects a write cut off by a dying server, saying how much is stored', async (context) => {
    const server = await ownRedis(context)
    const backend = RedisBackend.fromUrl(server.url)
    stops.push(() => backend.close())
    const writes = manyWrites(300_000)

    const probe = new Redis(server.url, TEST_CLIENT)
    stops.push(async () => probe.disconnect())

    // Settled at once, so that a failed wait below cannot leave the rejection unhandled.
    const writing = backend
      .write(newPrefix(), writes)
      .catch((error: unknown) => Promise.reject(error))
    writing.catch(() => undefined)
    await vi.waitFor(async () => expect(await probe.dbsize()).toBeGreaterThan(5_000), {
      interval: 2,
      timeout: 20_000,
    })
    await server.kill?.()
    const error = await failureOf(writing)

    expect(error.code).toBe('BACKEND_FAILURE')
    expect(error.cause).toBeInstanceOf(Error)
    expect(error.batch?.total).toBe(writes.length)
    expect(error.batch?.applied).toBeGreaterThanOrEqual(0)
    expect(error.batch?.applied).toBeLessThan(writes.length)
    expect(error.message).toMatch(/of 300000 cell writes are stored/)
  })

  it('rejects a batch that a server error cuts short, counting what is stored', async (context) => {
    const server = await ownRedis(context)
    const backend = RedisBackend.fromUrl(server.url)
    stops.push(() => backend.close())
    const prefix = newPrefix()
    const writes = manyWrites(1_000)
    const broken = writes[500] as CellWrite
    const key = new NameKeys(prefix, broken.name).data(
      'count',
      encodeComponent('hour'),
      broken.bucket,
    )
    await backend.write(newPrefix(), manyWrites(1))
    await new Redis(server.url).set(key, 'not a hash').finally(() => undefined)

    const error = await failureOf(backend.write(prefix, writes))
    // The broken cell's name has five cells in the batch, written by one script call that
    // stopped part way: those five may or may not be stored, the other 995 are.
    expect(error.batch).toEqual({ total: 1_000, applied: 995 })
    expect(String((error.cause as Error).message)).toMatch(/WRONGTYPE/)
    const read = await backend.read(prefix, {
      name: 'n0',
      interval: 'hour',
      op: 'count',
      buckets: [0],
    })
    expect(read).toHaveLength(1)
  })

  it('rejects promptly when no server listens', async () => {
    const backend = RedisBackend.fromUrl(`redis://127.0.0.1:${await freePort()}`)
    stops.push(() => backend.close())

    const error = await failureOf(backend.write(newPrefix(), manyWrites(10)))
    expect(error.batch).toEqual({ total: 10, applied: 0 })
    await failureOf(backend.list(newPrefix()))
  })

  it('times out on a frozen server and works again once it answers', async (context) => {
    const server = await ownRedis(context)
    const backend = RedisBackend.fromUrl(server.url, {
      timeout: 500,
      client: { commandTimeout: 400 },
    })
    stops.push(() => backend.close())
    const prefix = newPrefix()
    await backend.write(prefix, manyWrites(10))

    await server.pause?.()
    const error = await failureOf(
      backend.read(prefix, { name: 'n1', interval: 'hour', op: 'count', buckets: [1_000] }),
    )
    expect(error.cause).toBeInstanceOf(Error)
    await server.resume?.()

    const read = await backend.read(prefix, {
      name: 'n1',
      interval: 'hour',
      op: 'count',
      buckets: [1_000],
    })
    expect(read).toHaveLength(1)
  })

  it('bounds every call on a client given without timeouts', async (context) => {
    const server = await ownRedis(context)
    const backend = RedisBackend.fromUrl(server.url, {
      timeout: 300,
      client: { commandTimeout: undefined, maxRetriesPerRequest: null },
    })
    stops.push(() => backend.close())

    await server.pause?.()
    await failureOf(backend.list(newPrefix()))
    await server.resume?.()
    expect(await backend.list(newPrefix())).toEqual([])
  })

  it('rejects when a cluster master dies, and works once it is back', async (context) => {
    const cluster = await ownCluster(context)
    const client = new Cluster(cluster.nodes, { redisOptions: TEST_CLIENT })
    client.on('error', () => undefined)
    stops.push(async () => client.disconnect())
    const backend = new RedisBackend(client, { timeout: 5_000 })
    const prefix = newPrefix()
    await backend.write(prefix, manyWrites(1_000))

    await cluster.killNode?.(0)
    const error = await failureOf(backend.write(prefix, manyWrites(1_000)))
    expect(error.batch?.total).toBe(1_000)
    await cluster.restartNode?.(0)

    await backend.write(prefix, manyWrites(1_000))
    expect((await backend.list(prefix)).length).toBe(229)
  })
})
