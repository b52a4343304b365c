import { randomBytes } from 'node:crypto'
import { describeConformance } from '@kairos/conformance'
import { type Db, MongoClient } from 'mongodb'
import { describe, inject, it } from 'vitest'
import { MongoBackend } from '../src/index.js'
import { TEST_CLIENT } from './live-backend.js'

/** Each backend under test has a database of its own, dropped after its group. */
const opened = new WeakMap<MongoBackend, { client: MongoClient; db: Db }>()
const server = inject('mongo')

if ('skipped' in server) {
  describe.skip('conformance on MongoDB', () => it(server.skipped, () => undefined))
} else {
  describeConformance(`mongo (${server.kind})`, {
    create: async () => {
      const client = new MongoClient(server.url, TEST_CLIENT)
      const db = client.db(`kairos_conformance_${randomBytes(4).toString('hex')}`)
      const backend = await new MongoBackend(db).ready()
      opened.set(backend, { client, db })
      return backend
    },
    destroy: async (backend) => {
      await backend.close()
      const own = opened.get(backend)
      await own?.db.dropDatabase()
      await own?.client.close()
    },
  })
}
