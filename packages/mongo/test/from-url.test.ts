import { BackendFailureError } from '@kairos/core'
import { MongoClient } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { backendFromUrl, MongoBackend } from '../src/index.js'
import { cell, newPrefix, query, serverUrl, TEST_CLIENT, useLive } from './live-backend.js'

function url(database: string): string {
  const server = serverUrl()
  if ('skipped' in server) throw new Error(server.skipped)
  return `${server.url}${database}`
}

describe('clients', () => {
  const live = useLive()

  it('builds a ready backend from a URL, in the database the URL names', async () => {
    const backend = await backendFromUrl(url(live.db.databaseName))
    const prefix = newPrefix()

    await backend.write(prefix, [cell({ op: 'increment', amount: 2 })])
    expect(backend.capabilities.nativeExpiry).toBe(live.kind !== 'ferretdb')
    expect(await live.backend.read(prefix, query('increment', [0]))).toMatchObject([{ amount: 2 }])

    await backend.close()
    await expect(backend.list(prefix)).rejects.toBeInstanceOf(BackendFailureError)
  })

  it('uses other collections when told, and keeps them apart', async () => {
    const other = new MongoBackend(live.db, { collection: 'metrics', namesCollection: 'ids' })
    const prefix = newPrefix()
    await other.write(prefix, [cell({ op: 'increment', amount: 1 })])

    expect(await other.list(prefix)).toEqual(['n'])
    expect(await live.backend.list(prefix)).toEqual([])
    expect(await live.db.collection('metrics').countDocuments({ p: prefix })).toBe(1)
    expect(await live.db.collection('ids').countDocuments({ p: prefix })).toBe(1)
  })

  it('never closes a client or database it was given', async () => {
    const client = new MongoClient(url(''), TEST_CLIENT)
    try {
      await new MongoBackend(client, { database: live.db.databaseName }).close()
      await new MongoBackend(client.db(live.db.databaseName)).close()
      expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 })
    } finally {
      await client.close()
    }
  })

  it('rejects with a backend failure when no server answers', async () => {
    const error = await backendFromUrl('mongodb://127.0.0.1:9/kairos', {
      clientOptions: { serverSelectionTimeoutMS: 300 },
    }).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(BackendFailureError)
    expect((error as BackendFailureError).cause).toBeInstanceOf(Error)
  })
})
