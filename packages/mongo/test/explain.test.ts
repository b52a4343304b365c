import type { Document } from 'mongodb'
import { describe, expect, inject, it } from 'vitest'
import { cellId } from '../src/cell-document.js'
import { nameId } from '../src/name-document.js'
import { cell, newPrefix, useLive } from './live-backend.js'

/**
 * Query plans are MongoDB's: FerretDB v1 plans every query except an `_id` lookup as a scan,
 * whatever the indexes. So these tests run where the server is a real mongod (a local one, or
 * the mongo:7 container where Docker exists) and are skipped on FerretDB.
 */
const server = inject('mongo')
const realMongo = 'kind' in server && (server.kind === 'mongod' || server.kind === 'docker')

/** Every stage name and index name anywhere in a plan. */
function planParts(plan: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(plan)) {
    for (const item of plan) planParts(item, into)
  } else if (typeof plan === 'object' && plan !== null) {
    for (const [key, value] of Object.entries(plan)) {
      if ((key === 'stage' || key === 'indexName') && typeof value === 'string') into.add(value)
      else planParts(value, into)
    }
  }
  return into
}

function expectIndexed(explained: Document, index: string): void {
  const parts = planParts(explained.queryPlanner?.winningPlan)
  expect(parts.has('COLLSCAN')).toBe(false)
  expect(parts.has('SORT')).toBe(false)
  if (index === '_id_') expect([...parts].some((p) => /IDHACK|EXPRESS|_id_/.test(p))).toBe(true)
  else expect(parts.has(index)).toBe(true)
}

describe.skipIf(!realMongo)('query plans on MongoDB', () => {
  const live = useLive()
  const prefix = newPrefix()
  const explain = (command: Document) =>
    live.db.command({ explain: command, verbosity: 'queryPlanner' })

  it('serves every read, write and deletion from an index', async () => {
    await live.backend.write(prefix, [
      cell({ op: 'increment', amount: 1 }, { bucket: 0 }),
      cell({ op: 'increment', amount: 1 }, { bucket: 3_600_000 }),
    ])
    const address = { p: prefix, n: 'n', i: 'hour' }

    const read = { find: 'kairos', filter: { ...address, b: { $in: [0, 3_600_000] } } }
    expectIndexed(await explain(read), 'kairos_cell')
    for (const direction of [1, -1]) {
      const edge = { ...read, filter: { ...address, b: { $gte: 0 } }, sort: { b: direction } }
      expectIndexed(await explain({ ...edge, limit: 1 }), 'kairos_cell')
    }
    expectIndexed(await explain({ find: 'kairos_names', filter: { p: prefix } }), 'kairos_name')

    const upsert = {
      q: { _id: cellId(prefix, { name: 'n', interval: 'hour', bucket: 0, sub: null }) },
      u: { $inc: { c: 1 } },
      upsert: true,
    }
    expectIndexed(await explain({ update: 'kairos', updates: [upsert] }), '_id_')
    const name = { q: { _id: nameId(prefix, 'n') }, u: { $inc: { w: 1 } }, upsert: true }
    expectIndexed(await explain({ update: 'kairos_names', updates: [name] }), '_id_')

    const deletions = [
      { q: { p: prefix }, limit: 0 },
      { q: { p: prefix, n: 'n' }, limit: 0 },
      { q: { ...address, b: { $lt: 0 } }, limit: 0 },
    ]
    for (const deletion of deletions) {
      expectIndexed(await explain({ delete: 'kairos', deletes: [deletion] }), 'kairos_cell')
    }
  })

  it('has TTL indexes, so expired buckets go by themselves', async () => {
    expect(live.backend.capabilities.nativeExpiry).toBe(true)
    for (const collection of ['kairos', 'kairos_names']) {
      const indexes = await live.db.collection(collection).listIndexes().toArray()
      expect(indexes).toContainEqual(
        expect.objectContaining({ name: 'kairos_expiry', key: { e: 1 }, expireAfterSeconds: 0 }),
      )
    }
  })
})
