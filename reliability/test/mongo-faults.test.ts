import { randomBytes } from 'node:crypto'
import { MongoBackend } from '@kairos/mongo'
import { MongoClient } from 'mongodb'
import { afterEach, describe, expect, it } from 'vitest'
import { bigBatch, countSeries } from './kit/fault-plan.js'
import { failureOf, settled, watchUnhandledRejections } from './kit/fault-watch.js'
import { useOwnMongo } from './kit/own-servers.js'
import { futureAnchor } from './kit/time-base.js'
import { TripwireBackend } from './kit/tripwire-backend.js'

/**
 * Each driver timeout of these tests. A read of a frozen server fails only after about three
 * of them: the socket timeout, then the read's one retry, which waits for the monitor's
 * connection timeout and for server selection. (`timeoutMS`, which would bound the whole
 * operation, is deprecated and has no effect in driver 7.9.) A second of slack on top.
 */
const MONGO_TIMEOUT_MS = 1_000
const MONGO_FAILURE_BOUND_MS = 3 * MONGO_TIMEOUT_MS + 1_000

/** The test server (FerretDB on SQLite) writes a few thousand cells a second: smaller slices. */
const SLICE = 500
const CELLS = 6_000

const own = useOwnMongo()
const closers: (() => Promise<void>)[] = []

afterEach(async () => {
  await own.server.heal()
  await Promise.all(closers.splice(0).map((close) => close()))
})

/** A connected client with every wait bounded, and a backend on a database of its own. */
async function open(): Promise<{ client: MongoClient; backend: MongoBackend; database: string }> {
  const client = new MongoClient(own.server.url, {
    socketTimeoutMS: MONGO_TIMEOUT_MS,
    serverSelectionTimeoutMS: MONGO_TIMEOUT_MS,
    connectTimeoutMS: MONGO_TIMEOUT_MS,
  })
  closers.push(() => client.close(true))
  await client.connect()
  const database = `flt_${randomBytes(4).toString('hex')}`
  return { client, backend: new MongoBackend(client.db(database)), database }
}

describe('mongo under faults', () => {
  it('a read and a write to a frozen server fail in time; SIGCONT heals', async (context) => {
    const anchor = futureAnchor()
    const ts = countSeries((await open()).backend, 'p')
    await ts.insert('n', 2, { timestamp: anchor })
    const unhandled = watchUnhandledRejections()

    await own.server.pause()
    const since = performance.now()
    const read = settled(ts.get('n', 'minute', { timestamp: anchor }))
    const write = settled(ts.insert('n', 3, { timestamp: anchor }))
    const [readFailure, writeFailure] = await Promise.all([failureOf(read), failureOf(write)])
    await own.server.resume()

    expect(readFailure.at - since).toBeLessThan(MONGO_FAILURE_BOUND_MS)
    expect(writeFailure.at - since).toBeLessThan(MONGO_FAILURE_BOUND_MS)
    expect(writeFailure.error.batch).toEqual({ total: 1, applied: 0 })

    const after = await ts.get('n', 'minute', { timestamp: anchor })
    expect([2, 5]).toContain(after.get(anchor))
    await ts.insert('n', 10, { timestamp: anchor })
    expect((await ts.get('n', 'minute', { timestamp: anchor })).get(anchor)).toBe(
      (after.get(anchor) as number) + 10,
    )
    expect(await unhandled.stop()).toEqual([])
    await context.annotate(
      `frozen: read failed after ${Math.round(readFailure.at - since)} ms, write after ` +
        `${Math.round(writeFailure.at - since)} ms`,
    )
  })

  it('SIGKILL in a bulk insert fails in time; restarted, stored cells remain', async (context) => {
    const anchor = futureAnchor()
    const { client, backend, database } = await open()
    let killed: Promise<void> | undefined
    let since = 0
    const tripwire = new TripwireBackend(
      backend,
      (call, index) => {
        if (call !== 'write' || index !== 2) return
        since = performance.now()
        killed = own.server.kill()
      },
      SLICE,
    )
    const ts = countSeries(tripwire, 'p')
    const unhandled = watchUnhandledRejections()

    const failure = await failureOf(settled(ts.bulkInsert(bigBatch(anchor).slice(0, CELLS))))
    await killed
    const batch = failure.error.batch
    expect(batch?.total).toBe(CELLS)
    expect(batch?.applied).toBeGreaterThanOrEqual(2 * SLICE)
    expect(batch?.applied).toBeLessThan(CELLS)
    expect(failure.at - since).toBeLessThan(MONGO_FAILURE_BOUND_MS)

    const downSince = performance.now()
    const down = await failureOf(settled(ts.get('n0', 'minute', { timestamp: anchor })))
    expect(down.at - downSince).toBeLessThan(MONGO_FAILURE_BOUND_MS)

    await own.server.restart()
    // The restarted server kept its data: every cell reported as applied must be stored.
    const stored = await client.db(database).collection('kairos').countDocuments({ p: 'p' })
    expect(stored).toBeGreaterThanOrEqual(batch?.applied ?? Number.POSITIVE_INFINITY)
    await ts.insert('after', 4, { timestamp: anchor })
    expect((await ts.get('after', 'minute', { timestamp: anchor })).get(anchor)).toBe(4)
    expect(await unhandled.stop()).toEqual([])

    await context.annotate(
      `kill → rejection ${Math.round(failure.at - since)} ms (applied ${batch?.applied} of ` +
        `${batch?.total}, ${stored} stored); call while down ${Math.round(down.at - downSince)} ms`,
    )
  })
})
