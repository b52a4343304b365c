import { randomBytes } from 'node:crypto'
import { RedisBackend } from '@kairos/redis'
import { afterEach, describe, expect, it } from 'vitest'
import {
  BACKEND_TIMEOUT_MS,
  BIG_BATCH_CELLS,
  bigBatch,
  countSeries,
  DRIVER_TIMEOUT_MS,
  FAILURE_BOUND_MS,
  SLICE_CELLS,
} from './kit/fault-plan.js'
import { failureOf, settled, watchUnhandledRejections } from './kit/fault-watch.js'
import { useOwnRedis } from './kit/own-servers.js'
import { futureAnchor } from './kit/time-base.js'
import { TripwireBackend } from './kit/tripwire-backend.js'

const own = useOwnRedis()
const closers: (() => Promise<void>)[] = []

afterEach(async () => {
  await own.server.heal()
  await Promise.all(closers.splice(0).map((close) => close()))
})

/** A backend with its own client, as `fromUrl` configures it, with the test timeouts. */
function backend(): RedisBackend {
  const made = RedisBackend.fromUrl(own.server.url, {
    timeout: BACKEND_TIMEOUT_MS,
    maxBatchCells: SLICE_CELLS,
    client: { commandTimeout: DRIVER_TIMEOUT_MS, connectTimeout: DRIVER_TIMEOUT_MS },
  })
  closers.push(() => made.close())
  return made
}

const prefix = () => `flt-${randomBytes(4).toString('hex')}`

describe('redis (single server) under faults', () => {
  it('a read and a write to a frozen server fail in time; service returns on SIGCONT', async () => {
    const anchor = futureAnchor()
    const ts = countSeries(backend(), prefix())
    await ts.insert('n', 2, { timestamp: anchor })
    const unhandled = watchUnhandledRejections()

    await own.server.pause()
    const since = performance.now()
    const read = settled(ts.get('n', 'minute', { timestamp: anchor }))
    const write = settled(ts.insert('n', 3, { timestamp: anchor }))
    const [readFailure, writeFailure] = await Promise.all([failureOf(read), failureOf(write)])
    await own.server.resume()

    expect(readFailure.at - since).toBeLessThan(FAILURE_BOUND_MS)
    expect(writeFailure.at - since).toBeLessThan(FAILURE_BOUND_MS)
    expect(writeFailure.error.batch).toEqual({ total: 1, applied: 0 })

    // The frozen server still held the timed-out write and ran it on SIGCONT: "not known to
    // be applied" is all a timeout can say.
    const after = await ts.get('n', 'minute', { timestamp: anchor })
    expect([2, 5]).toContain(after.get(anchor))
    await ts.insert('n', 10, { timestamp: anchor })
    expect((await ts.get('n', 'minute', { timestamp: anchor })).get(anchor)).toBe(
      (after.get(anchor) as number) + 10,
    )
    expect(await unhandled.stop()).toEqual([])
  })

  it('SIGKILL in a large bulk insert fails it in time; the client recovers', async (context) => {
    const anchor = futureAnchor()
    const inner = backend()
    let killed: Promise<void> | undefined
    let since = 0
    const tripwire = new TripwireBackend(inner, (call, index) => {
      if (call !== 'write' || index !== 2) return
      since = performance.now()
      killed = own.server.kill()
    })
    const ts = countSeries(tripwire, prefix())
    const unhandled = watchUnhandledRejections()

    const failure = await failureOf(settled(ts.bulkInsert(bigBatch(anchor))))
    await killed
    const batch = failure.error.batch
    expect(batch?.total).toBe(BIG_BATCH_CELLS)
    expect(batch?.applied).toBeGreaterThanOrEqual(2 * SLICE_CELLS)
    expect(batch?.applied).toBeLessThan(BIG_BATCH_CELLS)
    expect(failure.at - since).toBeLessThan(FAILURE_BOUND_MS)

    // While nothing listens, calls keep failing quickly rather than waiting.
    const downSince = performance.now()
    const down = await failureOf(settled(ts.get('n0', 'minute', { timestamp: anchor })))
    expect(down.at - downSince).toBeLessThan(FAILURE_BOUND_MS)

    await own.server.restart()
    await ts.insert('after', 4, { timestamp: anchor })
    expect((await ts.get('after', 'minute', { timestamp: anchor })).get(anchor)).toBe(4)
    expect(await ts.list()).toEqual(['after'])
    expect(await unhandled.stop()).toEqual([])

    await context.annotate(
      `kill → rejection ${Math.round(failure.at - since)} ms (applied ${batch?.applied} of ` +
        `${batch?.total}); call while down ${Math.round(down.at - downSince)} ms`,
    )
  })
})
