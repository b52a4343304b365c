import { randomBytes } from 'node:crypto'
import { RedisBackend } from '@kairos/redis'
import { Cluster } from 'ioredis'
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
import { useOwnCluster } from './kit/own-servers.js'
import { futureAnchor } from './kit/time-base.js'
import { TripwireBackend } from './kit/tripwire-backend.js'

const own = useOwnCluster()
const closers: (() => Promise<void>)[] = []
const killedNodes = new Set<number>()
const pausedNodes = new Set<number>()

// A test that fails half way must not leave the next one a broken cluster.
afterEach(async () => {
  for (const node of pausedNodes) await resumeNode(node)
  for (const node of killedNodes) await restartNode(node)
  await Promise.all(closers.splice(0).map((close) => close()))
})

function killNode(node: number): Promise<void> {
  killedNodes.add(node)
  return own.server.killNode?.(node) ?? Promise.reject(new Error('no node controls'))
}

async function restartNode(node: number): Promise<void> {
  await own.server.restartNode?.(node)
  killedNodes.delete(node)
}

function pauseNode(node: number): Promise<void> {
  pausedNodes.add(node)
  return own.server.pauseNode?.(node) ?? Promise.reject(new Error('no node controls'))
}

async function resumeNode(node: number): Promise<void> {
  await own.server.resumeNode?.(node)
  pausedNodes.delete(node)
}

/** A cluster client with bounded calls and no resending, and a backend over it. */
function backend(): RedisBackend {
  const client = new Cluster(own.server.nodes, {
    redisOptions: {
      commandTimeout: DRIVER_TIMEOUT_MS,
      connectTimeout: DRIVER_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      autoResendUnfulfilledCommands: false,
    },
    slotsRefreshTimeout: DRIVER_TIMEOUT_MS,
  })
  client.on('error', () => undefined)
  closers.push(async () => client.disconnect())
  return new RedisBackend(client, { timeout: BACKEND_TIMEOUT_MS, maxBatchCells: SLICE_CELLS })
}

const prefix = () => `flt-${randomBytes(4).toString('hex')}`
const NAMES = Array.from({ length: 60 }, (_, i) => `n${i}`)

/** Where master 0 listens, as an error should name it. */
function firstMaster(): string {
  const node = own.server.nodes[0]
  return `${node?.host}:${node?.port}`
}

const KILLED_IN_READS = 'a master killed during reads fails them, naming it; restarted, it serves'
const KILLED_IN_BULK =
  'a master killed in a large bulk insert fails it in time; the client recovers'
const FROZEN = 'a frozen master fails reads and writes in time, others answer; SIGCONT heals'

describe('redis cluster under faults', () => {
  it(KILLED_IN_READS, async (context) => {
    const anchor = futureAnchor()
    let killed: Promise<void> | undefined
    let since = 0
    // Killed as the first of the burst of reads goes out, before any of them has been sent,
    // so every read of the master's names meets the dead node.
    const tripwire = new TripwireBackend(backend(), (call, index) => {
      if (call !== 'read' || index !== 0) return
      since = performance.now()
      killed = killNode(0)
    })
    const ts = countSeries(tripwire, prefix())
    await ts.bulkInsert(NAMES.map((name) => ({ name, value: 1, timestamp: anchor })))
    const unhandled = watchUnhandledRejections()

    const reads = await Promise.allSettled(
      NAMES.map((name) => ts.get(name, 'minute', { timestamp: anchor })),
    )
    await killed
    const failures = reads.flatMap((read) => (read.status === 'rejected' ? [read.reason] : []))
    expect(failures.length).toBeGreaterThan(0)
    for (const failure of failures) {
      const checked = await failureOf(Promise.reject(failure))
      expect(checked.at - since).toBeLessThan(FAILURE_BOUND_MS)
    }
    const names = new RegExp(`${escapeRegExp(firstMaster())}|slot \\d+`)
    const unnamed = failures.map(messagesOf).filter((message) => !names.test(message))

    await restartNode(0)
    const survivors = NAMES.filter((_, i) => reads[i]?.status === 'fulfilled')
    for (const name of survivors) {
      expect((await ts.get(name, 'minute', { timestamp: anchor })).get(anchor)).toBe(1)
    }
    await ts.bulkInsert(NAMES.map((name) => ({ name, value: 2, timestamp: anchor + 60_000 })))
    for (const name of NAMES) {
      expect(
        (await ts.get(name, 'minute', { timestamp: anchor + 60_000 })).get(anchor + 60_000),
      ).toBe(2)
    }
    expect(await unhandled.stop()).toEqual([])
    await context.annotate(`${failures.length} of ${NAMES.length} reads failed with the master`)

    // Last, so that a vague message does not hide whether the cluster recovered.
    expect(unnamed, 'failures that name neither the node nor the slot').toEqual([])
  })

  it(KILLED_IN_BULK, async (context) => {
    const anchor = futureAnchor()
    let killed: Promise<void> | undefined
    let since = 0
    const tripwire = new TripwireBackend(backend(), (call, index) => {
      if (call !== 'write' || index !== 2) return
      since = performance.now()
      killed = killNode(0)
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

    await restartNode(0)
    const result = await ts.bulkInsert(NAMES.map((name) => ({ name, value: 3, timestamp: anchor })))
    expect(result).toEqual({ written: NAMES.length, skipped: 0 })
    expect(
      (await ts.get(['n1', 'n2'], 'minute', { timestamp: anchor })).get(anchor),
    ).toBeGreaterThanOrEqual(6)
    expect(await unhandled.stop()).toEqual([])
    await context.annotate(
      `kill → rejection ${Math.round(failure.at - since)} ms ` +
        `(applied ${batch?.applied} of ${batch?.total})`,
    )
  })

  it(FROZEN, async (context) => {
    const anchor = futureAnchor()
    const ts = countSeries(backend(), prefix())
    await ts.bulkInsert(NAMES.map((name) => ({ name, value: 1, timestamp: anchor })))
    const unhandled = watchUnhandledRejections()

    await pauseNode(0)
    const since = performance.now()
    const reads = Promise.allSettled(
      NAMES.map((name) => ts.get(name, 'minute', { timestamp: anchor })),
    )
    const write = settled(
      ts.bulkInsert(NAMES.map((name) => ({ name, value: 1, timestamp: anchor }))),
    )
    const writeFailure = await failureOf(write)
    const settledReads = await reads
    const readsDone = performance.now()
    await resumeNode(0)

    const readFailures = settledReads.filter((read) => read.status === 'rejected')
    expect(readFailures.length).toBeGreaterThan(0)
    expect(readFailures.length).toBeLessThan(NAMES.length)
    for (const read of readFailures) await failureOf(Promise.reject(read.reason))
    expect(readsDone - since).toBeLessThan(FAILURE_BOUND_MS)
    expect(writeFailure.at - since).toBeLessThan(FAILURE_BOUND_MS)
    expect(writeFailure.error.batch?.total).toBe(NAMES.length)
    // The prefix's list of names lives in a slot of its own and is written first: when that
    // slot is on the frozen master nothing else is sent, otherwise every other master's names
    // are stored.
    const applied = writeFailure.error.batch?.applied ?? -1
    expect([0, NAMES.length - readFailures.length]).toContain(applied)

    // What was not known to be stored may still have been, once the master ran again.
    const after = await ts.series(NAMES, 'minute', { start: anchor, end: anchor })
    const total = after.get(anchor) as number
    expect(total).toBeGreaterThanOrEqual(NAMES.length + applied)
    expect(total).toBeLessThanOrEqual(2 * NAMES.length)
    expect(await unhandled.stop()).toEqual([])
    await context.annotate(
      `${readFailures.length} of ${NAMES.length} names on the frozen master; ` +
        `write rejected after ` +
        `${Math.round(writeFailure.at - since)} ms with ${applied} cells known stored`,
    )
  })
})

function messagesOf(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  while (current instanceof Error) {
    parts.push(current.message)
    current = current.cause
  }
  return parts.join(' | ')
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
