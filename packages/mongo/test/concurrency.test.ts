import { MongoClient } from 'mongodb'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { MongoBackend } from '../src/index.js'
import { cell, newPrefix, query, serverUrl, TEST_CLIENT, useLive } from './live-backend.js'

const WRITERS = 4
const ROUNDS = 5
const BUCKETS = Array.from({ length: ROUNDS }, (_, round) => round)

/**
 * FerretDB v1 applies an update as read, modify, write without isolation, so updates of one
 * document from several clients can overwrite each other; nothing a client does prevents it.
 */
const server = inject('mongo')
const racyServer = 'kind' in server && server.kind === 'ferretdb'

describe('concurrent writers', () => {
  const live = useLive()
  const clients: MongoClient[] = []

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()))
  })

  /** Backends over clients of their own, as separate processes would have. */
  function separateWriters(): MongoBackend[] {
    const shared = serverUrl()
    if ('skipped' in shared) throw new Error(shared.skipped)
    return Array.from({ length: WRITERS }, () => {
      const client = new MongoClient(shared.url, TEST_CLIENT)
      clients.push(client)
      return new MongoBackend(client.db(live.db.databaseName))
    })
  }

  /** Every writer sends the same new cells at once, so their upserts race to insert them. */
  async function race(prefix: string, backends: readonly MongoBackend[]): Promise<void> {
    for (const round of BUCKETS) {
      await Promise.all(
        backends.map((backend, at) =>
          backend.write(prefix, [
            cell({ op: 'increment', amount: 1 }, { name: 'c', bucket: round }),
            cell({ op: 'count', counts: new Map([[`w${at}`, 2]]) }, { name: 'h', bucket: round }),
            cell({ op: 'add', members: new Set([`w${at}`]) }, { name: 's', bucket: round }),
          ]),
        ),
      )
    }
  }

  async function expectExactTotals(prefix: string, writers: number): Promise<void> {
    const amounts = await live.backend.read(prefix, query('increment', BUCKETS, { name: 'c' }))
    expect(amounts.map((row) => row.op === 'increment' && row.amount)).toEqual(
      BUCKETS.map(() => writers),
    )
    const histogram = new Map(Array.from({ length: writers }, (_, at) => [`w${at}`, 2]))
    const histograms = await live.backend.read(prefix, query('count', BUCKETS, { name: 'h' }))
    expect(histograms).toEqual(BUCKETS.map(() => expect.objectContaining({ counts: histogram })))
  }

  it('through one backend: exact on every server', async () => {
    const prefix = newPrefix()
    await race(
      prefix,
      Array.from({ length: WRITERS }, () => live.backend),
    )

    await expectExactTotals(prefix, WRITERS)
    expect(await live.db.collection('kairos').countDocuments({ p: prefix })).toBe(3 * ROUNDS)
  })

  it('from separate clients: one document per new cell, no error', async () => {
    const prefix = newPrefix()
    const backends = separateWriters()
    await Promise.all(backends.map((backend) => backend.ready()))

    await race(prefix, backends)

    expect(await live.db.collection('kairos').countDocuments({ p: prefix })).toBe(3 * ROUNDS)
    expect((await live.backend.list(prefix)).sort()).toEqual(['c', 'h', 's'])
    const members = await live.backend.read(prefix, query('add', BUCKETS, { name: 's' }))
    const sizes = members.map((row) => (row.op === 'add' ? row.members.size : 0))
    expect(sizes).toHaveLength(ROUNDS)
    for (const size of sizes) {
      if (racyServer) expect(size).toBeGreaterThan(0)
      else expect(size).toBe(WRITERS)
    }
  })

  it.skipIf(racyServer)('from separate clients: no increment lost', async () => {
    const prefix = newPrefix()
    await race(prefix, separateWriters())

    await expectExactTotals(prefix, WRITERS)
  })
})
