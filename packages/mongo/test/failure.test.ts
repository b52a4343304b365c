import { type ChildProcess, spawn } from 'node:child_process'
import { readlinkSync } from 'node:fs'
import { join } from 'node:path'
import { BackendFailureError, type CellWrite } from '@kairos/core'
import { type MongoServer, startMongo } from '@kairos/test-servers'
import { MongoClient } from 'mongodb'
import { afterEach, describe, expect, it, type TestContext, vi } from 'vitest'
import { MongoBackend } from '../src/index.js'
import { cell, newPrefix, query } from './live-backend.js'

/** Quick to give up, so that each failure shows within a second or two. */
const IMPATIENT = {
  serverSelectionTimeoutMS: 1_500,
  connectTimeoutMS: 1_500,
  socketTimeoutMS: 1_500,
}

/** These tests break their servers, so each starts its own. */
const cleanups: (() => Promise<unknown>)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Skips the test with the reason when the run may go without MongoDB and none was found. */
async function ownServer(context: TestContext): Promise<MongoServer> {
  const server = await startMongo()
  if (server.skipped) return context.skip(server.reason)
  cleanups.push(() => server.stop())
  return server
}

function connect(server: MongoServer, options = {}): MongoClient {
  const client = new MongoClient(server.url, { ...IMPATIENT, ...options })
  cleanups.push(() => client.close())
  return client
}

function manyWrites(count: number): CellWrite[] {
  return Array.from({ length: count }, (_, i) =>
    cell({ op: 'count', counts: new Map([[`m${i % 7}`, 1]]) }, { name: `n${i % 5}`, bucket: i }),
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
    const server = await ownServer(context)
    const client = connect(server, { monitorCommands: true })
    const backend = await new MongoBackend(client.db('kairos'), { writeChunkSize: 10 }).ready()
    const writes = manyWrites(200)

    // The server dies as soon as it has confirmed the first chunk of cells.
    let killing: Promise<void> | undefined
    client.on('commandSucceeded', (event) => {
      if (event.commandName === 'update') killing ??= server.kill?.()
    })
    const error = await failureOf(backend.write(newPrefix(), writes))
    await killing

    expect(error.code).toBe('BACKEND_FAILURE')
    expect(error.cause).toBeInstanceOf(Error)
    expect(error.batch?.total).toBe(writes.length)
    expect(error.batch?.applied).toBeGreaterThanOrEqual(10)
    expect(error.batch?.applied).toBeLessThan(writes.length)
  })

  it('rejects every call on a server that stopped answering, then recovers', async (context) => {
    const server = await ownServer(context)
    const backend = await new MongoBackend(connect(server).db('kairos')).ready()
    const prefix = newPrefix()
    await backend.write(prefix, [cell({ op: 'increment', amount: 1 })])

    await server.pause?.()
    const resume = async () => server.resume?.()
    cleanups.push(resume)
    const failed = await failureOf(backend.write(prefix, [cell({ op: 'increment', amount: 1 })]))
    expect(failed.batch).toEqual({ total: 1, applied: 0 })
    await failureOf(backend.read(prefix, query('increment', [0])))
    await failureOf(backend.list(prefix))
    await failureOf(backend.bounds(prefix, 'n', [{ interval: 'hour', liveFrom: 0 }]))
    await failureOf(backend.delete(prefix, 'x'))
    await failureOf(backend.expire(prefix, 'n', [{ interval: 'hour', liveFrom: 0 }]))
    await resume()

    // The timed-out write may or may not have reached the server before it froze.
    await backend.write(prefix, [cell({ op: 'increment', amount: 10 })])
    const [row] = await backend.read(prefix, query('increment', [0]))
    expect([11, 12]).toContain(row?.op === 'increment' && row.amount)
  })

  it('recovers when a killed server is started again on its data', async (context) => {
    const server = await ownServer(context)
    if (server.kind !== 'ferretdb' || server.pid === undefined || server.dir === undefined) {
      return context.skip('restarting in place is done for FerretDB only')
    }
    const binary = readlinkSync(`/proc/${server.pid}/exe`)
    const backend = await new MongoBackend(connect(server).db('kairos')).ready()
    const prefix = newPrefix()
    await backend.write(prefix, [cell({ op: 'increment', amount: 1 })])

    await server.kill?.()
    await failureOf(backend.write(prefix, [cell({ op: 'increment', amount: 1 })]))
    // A driver client whose first connection fails stays closed; the backend's own recovers.
    const unprepared = MongoBackend.fromUrl(`${server.url}kairos`, { clientOptions: IMPATIENT })
    cleanups.push(() => unprepared.close())
    await failureOf(unprepared.ready())

    restartFerretDb(binary, server.url, join(server.dir, 'data'))
    await vi.waitFor(() => backend.read(prefix, query('increment', [0])), { timeout: 20_000 })
    await backend.write(prefix, [cell({ op: 'increment', amount: 2 })])
    await unprepared.ready()

    expect(await unprepared.read(prefix, query('increment', [0]))).toEqual([
      { bucket: 0, sub: null, op: 'increment', amount: 3 },
    ])
  })
})

/** Starts FerretDB again where it was, and ends it after the test. */
function restartFerretDb(binary: string, url: string, data: string): void {
  const listen = new URL(url).host
  const child: ChildProcess = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${data}/`,
      `--listen-addr=${listen}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { stdio: 'ignore' },
  )
  cleanups.push(async () => {
    if (child.exitCode !== null) return
    const ended = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await ended
  })
}
